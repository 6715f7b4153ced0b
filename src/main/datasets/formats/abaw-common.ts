/**
 * Shared pieces of the ABAW label formats (Aff-Wild2 / s-Aff-Wild2, ABAW 3rd-4th challenges): the 12 AUs and 8
 * expression classes, their missing-label sentinels, and strict cell parsers that name the line.
 *
 * Sentinels: valence / arousal −5, expression −1, AU −1 = "not annotated". Readers turn them into `null`; writers
 * write `null` back as the sentinel.
 */
import { AppError } from '../../../shared/ipc/errors'
import { ABAW_AUS, ABAW_EXPRESSIONS } from '../../../shared/review'
import { parseError, parseNumber, where } from './csv'

export { ABAW_AUS, ABAW_EXPRESSIONS }
export const ABAW_VA_MISSING = -5
export const ABAW_EXPR_MISSING = -1
export const ABAW_AU_MISSING = -1

/** One frame's AUs in ABAW_AUS order: 0/1, null = that AU not annotated. A row with every AU missing is `null`. */
export type AbawAuRow = ReadonlyArray<0 | 1 | null>

export function parseExpressionCell(cell: string, line: number, classes: number, format: string, field = 'expression'): number | null {
  const v = parseNumber(cell, line, field, { integer: true })
  if (v === ABAW_EXPR_MISSING) return null
  if (v < 0 || v >= classes) throw parseError(`${format}: ${where(line, field)}: expression ${v} is not a class index 0..${classes - 1} (or −1 = not annotated)`)
  return v
}

/** 12 AU cells → a row (null when all are −1). */
export function parseAuCells(cells: readonly string[], line: number, format: string): AbawAuRow | null {
  const row = cells.map((c, j) => {
    const v = parseNumber(c, line, ABAW_AUS[j], { integer: true })
    if (v === ABAW_AU_MISSING) return null
    if (v !== 0 && v !== 1) throw parseError(`${format}: ${where(line, ABAW_AUS[j])}: AU value ${v} is not 0, 1 or −1 (not annotated)`)
    return v as 0 | 1
  })
  return row.every((x) => x === null) ? null : row
}

export function auCells(row: AbawAuRow | null): string[] {
  if (row === null) return ABAW_AUS.map(() => String(ABAW_AU_MISSING))
  if (row.length !== ABAW_AUS.length) throw new AppError('INVALID_ARGUMENT', `ABAW AU row has ${row.length} values, expected ${ABAW_AUS.length}`)
  return row.map((v) => (v === null ? String(ABAW_AU_MISSING) : String(v)))
}

/** Valence / arousal cells: both −5 → null; one alone → error; otherwise in [−1, 1]. */
export function parseVaCells(vCell: string, aCell: string, line: number, format: string): { valence: number; arousal: number } | null {
  const v = parseNumber(vCell, line, 'valence')
  const a = parseNumber(aCell, line, 'arousal')
  const vm = v === ABAW_VA_MISSING
  const am = a === ABAW_VA_MISSING
  if (vm && am) return null
  if (vm || am) throw parseError(`${format}: ${where(line, vm ? 'valence' : 'arousal')}: only one dimension marked −5 (not annotated)`)
  for (const [name, x] of [['valence', v], ['arousal', a]] as const) {
    if (x < -1 || x > 1) throw parseError(`${format}: ${where(line, name)}: value ${x} out of range [−1, 1] (and not −5)`)
  }
  return { valence: v, arousal: a }
}
