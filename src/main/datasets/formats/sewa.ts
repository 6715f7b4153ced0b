/**
 * SEWA database as distributed for AVEC 2019 (CES sub-challenge).
 *
 * 1. Label CSV, semicolon separated, header `name;timestamp;arousal;valence;liking`, one row per 0.1 s:
 *    `Train_DE_01;0.0;0.0123;-0.051;0.0`. `timestamp` is in seconds from the start of the recording and
 *    advances by exactly 0.1 s within each `name`; arousal/valence/liking are gold-standard values in
 *    [-1, 1]. An empty `liking` cell (liking is not provided for every partition) reads as `null`; empty
 *    arousal/valence cells are errors.
 * 2. Per-dimension files, semicolon separated, one sample per video frame: `frame;value` with no header
 *    (a `frame;value` header line is accepted and skipped). Frames are integers, contiguous, ascending
 *    (usually from 0 or 1); values are in [-1, 1].
 */
import {
  checkContiguousFrames,
  checkRegularTimes,
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

export interface SewaRow {
  name: string
  timestamp: number
  arousal: number
  valence: number
  liking: number | null
}

export interface SewaDimensionSample {
  frame: number
  value: number
}

export const SEWA_STEP_S = 0.1
export const SEWA_COLUMNS = ['name', 'timestamp', 'arousal', 'valence', 'liking'] as const
const F = 'SEWA CSV'
const RANGE = { min: -1, max: 1 }

export function writeSewaCsv(rows: readonly SewaRow[]): string {
  const out: string[][] = [[...SEWA_COLUMNS]]
  for (const r of rows) {
    out.push([
      quoteField(r.name, ';'),
      formatNumber(r.timestamp),
      formatNumber(r.arousal),
      formatNumber(r.valence),
      r.liking === null ? '' : formatNumber(r.liking)
    ])
  }
  return joinRows(out, ';')
}

export function readSewaCsv(text: string): SewaRow[] {
  const records = readRecords(text, ';', F)
  const idx = headerIndex(records[0], SEWA_COLUMNS, F)
  const col = (name: string): number => idx.get(name) as number
  const rows: SewaRow[] = []
  const byName = new Map<string, { times: number[]; lines: number[] }>()
  for (const rec of records.slice(1)) {
    expectFieldCount(rec, records[0].fields.length, F)
    const name = rec.fields[col('name')]
    if (name.trim() === '') throw parseError(`${F}: ${where(rec.line, 'name')}: empty cell`)
    const timestamp = parseNumber(rec.fields[col('timestamp')], rec.line, 'timestamp', { min: 0 })
    const arousal = parseNumber(rec.fields[col('arousal')], rec.line, 'arousal', RANGE)
    const valence = parseNumber(rec.fields[col('valence')], rec.line, 'valence', RANGE)
    const likingCell = rec.fields[col('liking')]
    const liking = likingCell.trim() === '' ? null : parseNumber(likingCell, rec.line, 'liking', RANGE)
    rows.push({ name, timestamp, arousal, valence, liking })
    let seq = byName.get(name)
    if (seq === undefined) byName.set(name, (seq = { times: [], lines: [] }))
    seq.times.push(timestamp)
    seq.lines.push(rec.line)
  }
  for (const [name, seq] of byName) checkRegularTimes(seq.times, seq.lines, SEWA_STEP_S, `${F} (${name})`, 'timestamp')
  return rows
}

export function writeSewaDimensionCsv(samples: readonly SewaDimensionSample[]): string {
  return joinRows(
    samples.map((s) => [formatNumber(s.frame), formatNumber(s.value)]),
    ';'
  )
}

export function readSewaDimensionCsv(text: string): SewaDimensionSample[] {
  const D = 'SEWA frame;value'
  const records = readRecords(text, ';', D)
  const body = records[0].fields.map((f) => f.trim().toLowerCase()).join(';') === 'frame;value' ? records.slice(1) : records
  const samples: SewaDimensionSample[] = []
  for (const rec of body) {
    expectFieldCount(rec, 2, D)
    samples.push({
      frame: parseNumber(rec.fields[0], rec.line, 'frame', { integer: true, min: 0 }),
      value: parseNumber(rec.fields[1], rec.line, 'value', RANGE)
    })
  }
  checkContiguousFrames(
    samples.map((s) => s.frame),
    body.map((r) => r.line),
    D
  )
  return samples
}
