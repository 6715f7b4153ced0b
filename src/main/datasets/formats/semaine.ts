/**
 * SEMAINE-style continuous traces (FeelTrace/GTrace exports): one file per rater and dimension, one
 * sample per line as two whitespace-separated numbers `time value` (spaces or tabs, no header):
 *
 * ```
 * 0.00 0.1230
 * 0.02 0.1301
 * ```
 *
 * `time` is in seconds, strictly increasing (rater traces are not guaranteed to be uniformly sampled, so
 * only duplicates and backwards steps are reported). `value` is on the FeelTrace scale [-1, 1] (pass
 * `range` for other instruments).
 */
import { checkIncreasing, formatNumber, parseError, parseNumber, splitLines, where } from './csv'

export interface SemaineSample {
  time: number
  value: number
}

export interface SemaineOptions {
  /** Accepted value range; default [-1, 1]. */
  range?: readonly [number, number]
}

const F = 'SEMAINE trace'

export function writeSemaineTrace(samples: readonly SemaineSample[]): string {
  return samples.map((s) => `${formatNumber(s.time)} ${formatNumber(s.value)}\n`).join('')
}

export function readSemaineTrace(text: string, opts: SemaineOptions = {}): SemaineSample[] {
  const [min, max] = opts.range ?? [-1, 1]
  const lines = splitLines(text)
  const samples: SemaineSample[] = []
  const lineNos: number[] = []
  lines.forEach((raw, i) => {
    const t = raw.trim()
    const lineNo = i + 1
    if (t === '') return
    const parts = t.split(/\s+/)
    if (parts.length === 1 && /[,;]/.test(t)) {
      throw parseError(`${F}: ${where(lineNo)}: wrong delimiter: expected whitespace between time and value, found '${/,/.test(t) ? ',' : ';'}'`)
    }
    if (parts.length !== 2) throw parseError(`${F}: ${where(lineNo)}: expected 2 values (time value), found ${parts.length}`)
    if (samples.length === 0 && parts.every((p) => /[a-df-z]/i.test(p) && !/nan|inf/i.test(p))) {
      throw parseError(`${F}: ${where(lineNo)}: unexpected header line (traces have no header)`)
    }
    samples.push({
      time: parseNumber(parts[0], lineNo, 'time'),
      value: parseNumber(parts[1], lineNo, 'value', { min, max })
    })
    lineNos.push(lineNo)
  })
  if (samples.length === 0) throw parseError(`${F}: empty file`)
  checkIncreasing(
    samples.map((s) => s.time),
    lineNos,
    F
  )
  return samples
}
