/**
 * DARMA (Dual Axis Rating and Media Annotation) and CARMA (Continuous Affect Rating and Media Annotation),
 * J. M. Girard's joystick rating tools. Both export spreadsheets with one row per rating sample; Circumplex
 * reads and writes the following simple CSV layouts of those exports (comma separated, header required):
 *
 * - DARMA: `time,x,y` — `time` in seconds from media start (strictly increasing, constant step, e.g. 1 s
 *   bins or the raw sampling interval), `x` and `y` the two axis ratings (by convention x = valence,
 *   y = arousal).
 * - CARMA: `time,value` — `time` in seconds as above, `value` the single-axis rating.
 *
 * Ratings are in the axis range configured in the tool (user-set; it is not part of the export), so the
 * caller passes `range` to match it (e.g. [-1, 1] or [1, 9]); the default [-100, 100] is only a sanity
 * bound. Duplicated times, gaps (missing samples) and irregular steps are errors.
 */
import { checkRegularTimes, expectFieldCount, formatNumber, headerIndex, joinRows, parseError, parseNumber, readRecords } from './csv'

export interface DarmaSample {
  time: number
  x: number
  y: number
}

export interface CarmaSample {
  time: number
  value: number
}

export interface RatingRangeOptions {
  range?: readonly [number, number]
}

function readTable(text: string, format: string, columns: readonly string[], opts: RatingRangeOptions): number[][] {
  const [min, max] = opts.range ?? [-100, 100]
  const records = readRecords(text, ',', format)
  const idx = headerIndex(records[0], columns, format)
  const rows = records.slice(1).map((rec) => {
    expectFieldCount(rec, records[0].fields.length, format)
    return columns.map((c, k) => parseNumber(rec.fields[idx.get(c) as number], rec.line, c, k === 0 ? { min: 0 } : { min, max }))
  })
  if (rows.length >= 2) {
    const step = rows[1][0] - rows[0][0]
    if (step <= 0) throw parseError(`${format}: line ${records[2].line}, field 'time': ${step === 0 ? 'duplicated' : 'decreasing'} time ${rows[1][0]}`)
    checkRegularTimes(
      rows.map((r) => r[0]),
      records.slice(1).map((r) => r.line),
      step,
      format
    )
  }
  return rows
}

export function readDarmaCsv(text: string, opts: RatingRangeOptions = {}): DarmaSample[] {
  return readTable(text, 'DARMA CSV', ['time', 'x', 'y'], opts).map(([time, x, y]) => ({ time, x, y }))
}

export function writeDarmaCsv(samples: readonly DarmaSample[]): string {
  return joinRows([['time', 'x', 'y'], ...samples.map((s) => [s.time, s.x, s.y].map(formatNumber))])
}

export function readCarmaCsv(text: string, opts: RatingRangeOptions = {}): CarmaSample[] {
  return readTable(text, 'CARMA CSV', ['time', 'value'], opts).map(([time, value]) => ({ time, value }))
}

export function writeCarmaCsv(samples: readonly CarmaSample[]): string {
  return joinRows([['time', 'value'], ...samples.map((s) => [s.time, s.value].map(formatNumber))])
}
