/**
 * NOVA (hcai-lab) continuous annotation, CSV export of a continuous scheme: one line per sample,
 * `score;confidence`, semicolon separated, no header. Sample `i` covers time `i / sampleRate` seconds
 * (the rate is stored in the annotation's XML header, so the caller passes it). `confidence` is in [0, 1];
 * `score` must lie in the scheme's [min, max] (default [-1, 1]). NOVA marks unannotated samples with
 * `NaN`: this strict reader rejects them (and empty cells) with the line number.
 */
import { NUMBER_RE, expectFieldCount, formatNumber, joinRows, parseError, parseNumber, readRecords } from './csv'

export interface NovaSample {
  score: number
  confidence: number
}

export interface NovaAnnotation {
  sampleRate: number
  samples: NovaSample[]
}

export interface NovaOptions {
  /** Scheme range for scores; default [-1, 1]. */
  range?: readonly [number, number]
}

const F = 'NOVA continuous CSV'

export function writeNovaCsv(samples: readonly NovaSample[]): string {
  if (samples.length === 0) return ''
  return joinRows(
    samples.map((s) => [formatNumber(s.score), formatNumber(s.confidence)]),
    ';'
  )
}

export function readNovaCsv(text: string, sampleRate: number, opts: NovaOptions = {}): NovaAnnotation {
  if (!(Number.isFinite(sampleRate) && sampleRate > 0)) throw parseError(`${F}: sample rate must be a positive number, got ${sampleRate}`)
  const [min, max] = opts.range ?? [-1, 1]
  const records = readRecords(text, ';', F)
  if (records[0].fields.some((f) => !NUMBER_RE.test(f.trim()) && !/^\s*(nan)?\s*$/i.test(f))) {
    throw parseError(`${F}: line ${records[0].line}: unexpected header (NOVA CSV has none): '${records[0].fields.join(';')}'`)
  }
  const samples = records.map((rec) => {
    expectFieldCount(rec, 2, F)
    return {
      score: parseNumber(rec.fields[0], rec.line, 'score', { min, max }),
      confidence: parseNumber(rec.fields[1], rec.line, 'confidence', { min: 0, max: 1 })
    }
  })
  return { sampleRate, samples }
}

/** Start time in seconds of sample `index`. */
export function novaSampleTime(index: number, sampleRate: number): number {
  return index / sampleRate
}
