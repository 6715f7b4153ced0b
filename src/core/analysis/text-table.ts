/**
 * Aligned plain-text tables for the CLI and logs (no colours, no terminal assumptions).
 */

/** Cell text of a number with `digits` decimals; `null`/non-finite → "n/a". */
export function formatValue(x: number | null, digits = 3): string {
  return x === null || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits)
}

/** "(0.412,0.234)" in the thesis tables' "(V,A)" style. */
export function formatVaPair(v: number | null, a: number | null, digits = 3): string {
  return `(${formatValue(v, digits)},${formatValue(a, digits)})`
}

/** Signed percentage with an ASCII sign, e.g. "+3.54%" / "-12.10%"; `null` → "n/a". */
export function formatPercent(x: number | null, digits = 2): string {
  if (x === null || !Number.isFinite(x)) return 'n/a'
  const s = Math.abs(x).toFixed(digits)
  return `${x < 0 ? '-' : '+'}${s}%`
}

/**
 * Left-aligned text table: every column as wide as its widest cell, columns separated by two spaces, a dashed rule
 * under the header rows. Rows shorter than the widest row are padded with empty cells.
 */
export function formatTextTable(headerRows: readonly (readonly string[])[], rows: readonly (readonly string[])[]): string {
  const all = [...headerRows, ...rows]
  const nCols = all.reduce((m, r) => Math.max(m, r.length), 0)
  const widths = new Array<number>(nCols).fill(0)
  for (const r of all) r.forEach((c, j) => (widths[j] = Math.max(widths[j], [...c].length)))
  const line = (r: readonly string[]): string =>
    widths
      .map((w, j) => {
        const c = r[j] ?? ''
        return c + ' '.repeat(w - [...c].length)
      })
      .join('  ')
      .trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  const out = headerRows.map(line)
  if (headerRows.length > 0) out.push(rule)
  out.push(...rows.map(line))
  return out.join('\n')
}
