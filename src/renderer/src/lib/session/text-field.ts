/**
 * Whether a key event's target keeps its keys (text, number and search inputs, textareas, contenteditable — and
 * with `selects`, select boxes), so workspace shortcuts leave it alone. Checkboxes and buttons never swallow them.
 */
export function isTextField(t: EventTarget | null, opts: { selects?: boolean } = {}): boolean {
  const el = t as HTMLElement | null
  if (!el) return false
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || (opts.selects === true && el.tagName === 'SELECT')) return true
  return el.tagName === 'INPUT' && ['text', 'number', 'search'].includes((el as HTMLInputElement).type)
}
