/** Plain-text formatting for the affect commands' human output: fixed-precision numbers and aligned tables. */

/** A number with `digits` decimals; NaN/±Inf (undefined metrics) print as `n/a`. */
export function fmt(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return 'n/a'
  const s = v.toFixed(digits)
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s
}

/** A p-value: 4 decimals, or scientific notation below 0.001. */
export function fmtP(p: number): string {
  if (!Number.isFinite(p)) return 'n/a'
  if (p === 0) return '0'
  return p < 1e-3 ? p.toExponential(2) : p.toFixed(4)
}

/** An integer-valued number (df), or up to 2 decimals for fractional (Satterthwaite) df. */
export function fmtDf(v: number): string {
  if (!Number.isFinite(v)) return 'n/a'
  return Number.isInteger(v) ? String(v) : v.toFixed(2)
}

export type Align = 'left' | 'right'

/**
 * Aligns rows of cells into columns separated by two spaces. `align[i]` defaults to left for the first column and
 * right for the others (numbers). Trailing spaces are trimmed.
 */
export function alignTable(rows: readonly (readonly string[])[], align: readonly Align[] = []): string[] {
  const nCols = Math.max(0, ...rows.map((r) => r.length))
  const widths = Array.from({ length: nCols }, (_, c) => Math.max(0, ...rows.map((r) => [...(r[c] ?? '')].length)))
  return rows.map((r) =>
    r
      .map((cell, c) => {
        const a = align[c] ?? (c === 0 ? 'left' : 'right')
        const pad = ' '.repeat(widths[c] - [...cell].length)
        return a === 'left' ? cell + pad : pad + cell
      })
      .join('  ')
      .trimEnd()
  )
}

/** JSON with NaN/±Inf written as null (JSON.stringify already does this) and a trailing newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}
