/**
 * Tiny XML tag scanner (no dependencies) for simple annotation files such as dlib imglab XML. It yields
 * start/end/empty tags with decoded attributes and text runs, skips `<?...?>`, comments and DOCTYPE,
 * unwraps CDATA, and checks that tags are balanced. Not a validating parser: no namespaces, no DTDs.
 */
import { parseError } from '../formats/csv'

export type XmlToken =
  | { kind: 'open' | 'empty'; name: string; attrs: Record<string, string>; line: number }
  | { kind: 'close'; name: string; line: number }
  | { kind: 'text'; text: string; line: number }

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

export function decodeXmlEntities(s: string, line = 0): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16))
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10))
    const v = ENTITIES[e]
    if (v === undefined) throw parseError(`XML: line ${line}: unknown entity ${m}`)
    return v
  })
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

export function scanXml(input: string): XmlToken[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  const tokens: XmlToken[] = []
  const stack: Array<{ name: string; line: number }> = []
  let line = 1
  let i = 0
  const advance = (to: number): void => {
    for (let k = i; k < to; k++) if (text.charCodeAt(k) === 10) line++
    i = to
  }
  const skipTo = (end: string, what: string): number => {
    const j = text.indexOf(end, i)
    if (j < 0) throw parseError(`XML: line ${line}: unterminated ${what}`)
    return j
  }
  while (i < text.length) {
    const lt = text.indexOf('<', i)
    if (lt < 0 || lt > i) {
      const end = lt < 0 ? text.length : lt
      const raw = text.slice(i, end)
      if (raw.trim() !== '') {
        if (stack.length === 0) throw parseError(`XML: line ${line}: text outside the root element`)
        tokens.push({ kind: 'text', text: decodeXmlEntities(raw, line), line })
      }
      advance(end)
      continue
    }
    if (text.startsWith('<?', i)) advance(skipTo('?>', 'processing instruction') + 2)
    else if (text.startsWith('<!--', i)) advance(skipTo('-->', 'comment') + 3)
    else if (text.startsWith('<![CDATA[', i)) {
      const j = skipTo(']]>', 'CDATA section')
      tokens.push({ kind: 'text', text: text.slice(i + 9, j), line })
      advance(j + 3)
    } else if (text.startsWith('<!', i)) advance(skipTo('>', 'declaration') + 1)
    else {
      const startLine = line
      const j = skipTo('>', 'tag')
      const body = text.slice(i + 1, j)
      advance(j + 1)
      if (body.startsWith('/')) {
        const name = body.slice(1).trim()
        const top = stack.pop()
        if (top === undefined || top.name !== name) {
          throw parseError(`XML: line ${startLine}: closing </${name}> does not match ${top === undefined ? 'any open tag' : `<${top.name}> from line ${top.line}`}`)
        }
        tokens.push({ kind: 'close', name, line: startLine })
        continue
      }
      const selfClosing = body.endsWith('/')
      const inner = selfClosing ? body.slice(0, -1) : body
      const m = /^([A-Za-z_][\w.:-]*)/.exec(inner)
      if (m === null) throw parseError(`XML: line ${startLine}: malformed tag <${body.slice(0, 30)}>`)
      const name = m[1]
      const attrs: Record<string, string> = {}
      let rest = inner.slice(name.length)
      const attrRe = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/
      for (;;) {
        const a = attrRe.exec(rest)
        if (a === null) break
        if (a[1] in attrs) throw parseError(`XML: line ${startLine}: duplicated attribute '${a[1]}' in <${name}>`)
        attrs[a[1]] = decodeXmlEntities(a[3] ?? a[4], startLine)
        rest = rest.slice(a[0].length)
      }
      if (rest.trim() !== '') throw parseError(`XML: line ${startLine}: malformed attributes in <${name}>: '${rest.trim().slice(0, 30)}'`)
      if (stack.length === 0 && tokens.some((t) => t.kind === 'close')) throw parseError(`XML: line ${startLine}: more than one root element`)
      tokens.push({ kind: selfClosing ? 'empty' : 'open', name, attrs, line: startLine })
      if (!selfClosing) stack.push({ name, line: startLine })
    }
  }
  if (stack.length > 0) {
    const top = stack[stack.length - 1]
    throw parseError(`XML: unclosed <${top.name}> opened on line ${top.line}`)
  }
  return tokens
}
