/**
 * Circumplex wide per-frame CSV (this application's own export), comma separated, header required:
 *
 * `frame,time_s,valence,arousal,source[,extra...]`
 *
 * - `frame`: 0-based video frame index, strictly increasing (strided output may skip frames; duplicates
 *   and backwards frames are errors);
 * - `time_s`: presentation time in seconds, strictly increasing;
 * - `valence`, `arousal`: circumplex coordinates in [-1, 1]; both empty = no prediction for the frame
 *   (e.g. no face) and read as null; one empty alone is an error;
 * - `source`: free text naming the model/annotator;
 * - any further columns (e.g. `confidence`, `p_q1..p_q4` quadrant probabilities) are kept in `extra` in
 *   header order: an unquoted numeric cell reads as a number, an empty cell as null, anything else
 *   (or a quoted cell) as a string. The writer quotes strings that would otherwise read as numbers/null,
 *   so reading back is lossless.
 */
import {
  NUMBER_RE,
  checkIncreasing,
  expectFieldCount,
  formatNumber,
  headerIndex,
  joinRows,
  parseError,
  parseNumber,
  quoteField,
  readRecords,
  where
} from './csv'

export type CircumplexExtraValue = number | string | null

export interface CircumplexRow {
  frame: number
  timeS: number
  valence: number | null
  arousal: number | null
  source: string
  extra: Record<string, CircumplexExtraValue>
}

export const CIRCUMPLEX_COLUMNS = ['frame', 'time_s', 'valence', 'arousal', 'source'] as const
const F = 'Circumplex CSV'

export function readCircumplexCsv(text: string): CircumplexRow[] {
  const records = readRecords(text, ',', F)
  const header = records[0]
  const idx = headerIndex(header, CIRCUMPLEX_COLUMNS, F)
  const extraCols = header.fields
    .map((h, i) => [h.trim(), i] as const)
    .filter(([h]) => !(CIRCUMPLEX_COLUMNS as readonly string[]).includes(h))
  const rows: CircumplexRow[] = []
  const lines: number[] = []
  for (const rec of records.slice(1)) {
    expectFieldCount(rec, header.fields.length, F)
    const get = (n: string): string => rec.fields[idx.get(n) as number]
    const vCell = get('valence').trim()
    const aCell = get('arousal').trim()
    if ((vCell === '') !== (aCell === '')) {
      throw parseError(`${F}: ${where(rec.line, vCell === '' ? 'valence' : 'arousal')}: empty cell (valence and arousal must be both present or both empty)`)
    }
    const range = { min: -1, max: 1 }
    const extra: Record<string, CircumplexExtraValue> = {}
    for (const [name, i] of extraCols) {
      const cell = rec.fields[i]
      extra[name] = rec.quoted[i] ? cell : cell === '' ? null : NUMBER_RE.test(cell) ? Number(cell) : cell
    }
    rows.push({
      frame: parseNumber(get('frame'), rec.line, 'frame', { integer: true, min: 0 }),
      timeS: parseNumber(get('time_s'), rec.line, 'time_s', { min: 0 }),
      valence: vCell === '' ? null : parseNumber(vCell, rec.line, 'valence', range),
      arousal: aCell === '' ? null : parseNumber(aCell, rec.line, 'arousal', range),
      source: get('source'),
      extra
    })
    lines.push(rec.line)
  }
  checkIncreasing(
    rows.map((r) => r.frame),
    lines,
    F,
    'frame'
  )
  checkIncreasing(
    rows.map((r) => r.timeS),
    lines,
    F,
    'time_s'
  )
  return rows
}

function extraCell(v: CircumplexExtraValue): string {
  if (v === null) return ''
  if (typeof v === 'number') return formatNumber(v)
  return quoteField(v, ',', v === '' || NUMBER_RE.test(v))
}

/** Extra columns are taken from the first row, in key order. */
export function writeCircumplexCsv(rows: readonly CircumplexRow[]): string {
  const extra = rows.length > 0 ? Object.keys(rows[0].extra) : []
  const header = [...CIRCUMPLEX_COLUMNS, ...extra.map((e) => quoteField(e))]
  const body = rows.map((r) => [
    formatNumber(r.frame),
    formatNumber(r.timeS),
    r.valence === null ? '' : formatNumber(r.valence),
    r.arousal === null ? '' : formatNumber(r.arousal),
    quoteField(r.source),
    ...extra.map((e) => extraCell(r.extra[e] ?? null))
  ])
  return joinRows([header, ...body])
}
