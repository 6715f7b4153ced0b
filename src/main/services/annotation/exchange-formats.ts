/**
 * Per-format encode/decode of one trace for `circumplex export` / `import-trace` (and annotations:export/import),
 * on top of the dataset readers/writers in src/main/datasets/formats. Conventions:
 * - circumplex, aff-wild2, afew-va are per video frame (lossless up to float32); sewa (AVEC 2019 label CSV) is a
 *   0.1 s grid; nova, darma, carma are a uniform grid at `rate` Hz (default: the video's nominal fps).
 * - Missing values: circumplex = both cells empty; aff-wild2 = -5,-5; nova = `0;0` (confidence 0 = not annotated,
 *   read back as missing); sewa and afew-va cannot hold missing values (export refused); darma/carma are trimmed to
 *   the rated span and refuse interior gaps (their readers refuse irregular time steps).
 */
import type { ExchangeFormat } from '../../../shared/annotation'
import { AppError } from '../../../shared/ipc/errors'
import {
  readAffWild2VaTxt,
  readAfewVaJson,
  readCarmaCsv,
  readCircumplexCsv,
  readDarmaCsv,
  readNovaCsv,
  readSewaCsv,
  writeAffWild2VaTxt,
  writeAfewVaJson,
  writeCarmaCsv,
  writeCircumplexCsv,
  writeDarmaCsv,
  writeNovaCsv,
  writeSewaCsv,
  SEWA_STEP_S
} from '../../datasets/formats'

export const FILE_EXTENSIONS: Readonly<Record<ExchangeFormat, string>> = {
  circumplex: 'csv',
  sewa: 'csv',
  'aff-wild2': 'txt',
  nova: 'csv',
  darma: 'csv',
  carma: 'csv',
  'afew-va': 'json'
}

/** Native value range of each format (mapped onto [-1, 1]). */
export const NATIVE_SCALE: Readonly<Record<ExchangeFormat, readonly [number, number]>> = {
  circumplex: [-1, 1],
  sewa: [-1, 1],
  'aff-wild2': [-1, 1],
  nova: [-1, 1],
  darma: [-1, 1],
  carma: [-1, 1],
  'afew-va': [-10, 10]
}

/** Values of a trace to write: per frame (frame formats) or on a time grid (grid formats). */
export interface EncodeInput {
  readonly name: string
  readonly sessionName: string
  /** Per-frame values (NaN = missing) and their presentation times. */
  readonly times: Float64Array
  readonly valence: Float64Array
  readonly arousal: Float64Array
  readonly dimension: 'valence' | 'arousal'
}

/** A decoded file: either frame-indexed (frames) or timed (times), values in the file's scale, NaN = missing. */
export interface Decoded {
  readonly columns: string[]
  readonly frames: number[] | null
  readonly times: number[] | null
  readonly valence: number[] | null
  readonly arousal: number[] | null
  /** 1-based line (or JSON path) of each row, for messages. */
  readonly where: string[]
}

export const isGridFormat = (f: ExchangeFormat): boolean => f === 'sewa' || f === 'nova' || f === 'darma' || f === 'carma'

const bad = (msg: string): AppError => new AppError('INVALID_ARGUMENT', msg)
const fin = Number.isFinite

function trimmedSpan(valid: (i: number) => boolean, n: number, format: string): [number, number] {
  let lo = 0
  while (lo < n && !valid(lo)) lo++
  let hi = n - 1
  while (hi >= lo && !valid(hi)) hi--
  if (lo > hi) throw bad(`${format}: the trace has no values to export`)
  for (let i = lo; i <= hi; i++) if (!valid(i)) throw bad(`${format} cannot hold missing values inside the rated span (sample ${i}); export circumplex or aff-wild2`)
  return [lo, hi]
}

/** Encodes frame values (frame formats) or grid values (grid formats: `input` already on the grid). */
export function encode(format: ExchangeFormat, input: EncodeInput, warnings: string[]): string {
  const { times, valence: v, arousal: a } = input
  const n = v.length
  switch (format) {
    case 'circumplex': {
      let partial = 0
      const rows = Array.from({ length: n }, (_, f) => {
        const both = fin(v[f]) && fin(a[f])
        if (!both && (fin(v[f]) || fin(a[f]))) partial++
        return { frame: f, timeS: times[f], valence: both ? v[f] : null, arousal: both ? a[f] : null, source: input.name, extra: {} }
      })
      if (partial > 0) warnings.push(`${partial} frame(s) rated in one dimension only were written as missing (Circumplex CSV needs both)`)
      return writeCircumplexCsv(rows)
    }
    case 'aff-wild2': {
      let partial = 0
      const frames = Array.from({ length: n }, (_, f) => {
        if (fin(v[f]) && fin(a[f])) return { valence: v[f], arousal: a[f] }
        if (fin(v[f]) || fin(a[f])) partial++
        return null
      })
      if (partial > 0) warnings.push(`${partial} frame(s) rated in one dimension only were written as -5,-5 (not annotated)`)
      return writeAffWild2VaTxt(frames)
    }
    case 'afew-va': {
      for (let f = 0; f < n; f++) if (!fin(v[f]) || !fin(a[f])) throw bad(`AFEW-VA has no missing values; frame ${f} is not rated in both dimensions`)
      return writeAfewVaJson({ videoId: input.sessionName, frames: Array.from({ length: n }, (_, f) => ({ frame: f, valence: v[f] * 10, arousal: a[f] * 10, landmarks: null })) })
    }
    case 'sewa': {
      for (let i = 0; i < n; i++) if (!fin(v[i]) || !fin(a[i])) throw bad(`SEWA CSV cannot hold missing values (sample at ${times[i]} s); export circumplex or aff-wild2`)
      return writeSewaCsv(Array.from({ length: n }, (_, i) => ({ name: input.sessionName, timestamp: Number(times[i].toFixed(6)), arousal: a[i], valence: v[i], liking: null })))
    }
    case 'nova': {
      const x = input.dimension === 'valence' ? v : a
      return writeNovaCsv(Array.from(x, (s) => (fin(s) ? { score: s, confidence: 1 } : { score: 0, confidence: 0 })))
    }
    case 'darma': {
      const [lo, hi] = trimmedSpan((i) => fin(v[i]) && fin(a[i]), n, 'DARMA CSV')
      const out = []
      for (let i = lo; i <= hi; i++) out.push({ time: Number(times[i].toFixed(6)), x: v[i], y: a[i] })
      return writeDarmaCsv(out)
    }
    case 'carma': {
      const x = input.dimension === 'valence' ? v : a
      const [lo, hi] = trimmedSpan((i) => fin(x[i]), n, 'CARMA CSV')
      const out = []
      for (let i = lo; i <= hi; i++) out.push({ time: Number(times[i].toFixed(6)), value: x[i] })
      return writeCarmaCsv(out)
    }
  }
}

export const gridRate = (format: ExchangeFormat, fps: number, rateHz?: number): number => (format === 'sewa' ? 1 / SEWA_STEP_S : (rateHz ?? fps))

/** Parses a file of `format` (throws PARSE_ERROR naming the line/field). `range` is the declared scale. */
export function decode(format: ExchangeFormat, text: string, range: readonly [number, number], rateHz: number): Decoded {
  const line = (i: number, header = 1): string => `line ${i + 1 + header}`
  switch (format) {
    case 'circumplex': {
      const rows = readCircumplexCsv(text)
      return {
        columns: ['frame', 'time_s', 'valence', 'arousal', 'source'],
        frames: rows.map((r) => r.frame),
        times: null,
        valence: rows.map((r) => r.valence ?? NaN),
        arousal: rows.map((r) => r.arousal ?? NaN),
        where: rows.map((_, i) => line(i))
      }
    }
    case 'aff-wild2': {
      const rows = readAffWild2VaTxt(text)
      return {
        columns: ['valence', 'arousal'],
        frames: rows.map((_, i) => i),
        times: null,
        valence: rows.map((r) => r?.valence ?? NaN),
        arousal: rows.map((r) => r?.arousal ?? NaN),
        where: rows.map((_, i) => line(i))
      }
    }
    case 'afew-va': {
      const clip = readAfewVaJson(text)
      return {
        columns: ['frame', 'valence', 'arousal'],
        frames: clip.frames.map((f) => f.frame),
        times: null,
        valence: clip.frames.map((f) => f.valence),
        arousal: clip.frames.map((f) => f.arousal),
        where: clip.frames.map((f) => `frames['${String(f.frame).padStart(5, '0')}']`)
      }
    }
    case 'sewa': {
      const rows = readSewaCsv(text)
      const names = new Set(rows.map((r) => r.name))
      if (names.size > 1) throw new AppError('PARSE_ERROR', `SEWA CSV: ${names.size} recordings in one file (${[...names].slice(0, 3).join(', ')}…); import one at a time`)
      return {
        columns: ['name', 'timestamp', 'arousal', 'valence', 'liking'],
        frames: null,
        times: rows.map((r) => r.timestamp),
        valence: rows.map((r) => r.valence),
        arousal: rows.map((r) => r.arousal),
        where: rows.map((_, i) => line(i))
      }
    }
    case 'nova': {
      const nova = readNovaCsv(text, rateHz, { range })
      return {
        columns: ['score', 'confidence'],
        frames: null,
        times: nova.samples.map((_, i) => i / rateHz),
        valence: nova.samples.map((s) => (s.confidence === 0 ? NaN : s.score)),
        arousal: null,
        where: nova.samples.map((_, i) => line(i, 0))
      }
    }
    case 'darma': {
      const rows = readDarmaCsv(text, { range })
      return { columns: ['time', 'x', 'y'], frames: null, times: rows.map((r) => r.time), valence: rows.map((r) => r.x), arousal: rows.map((r) => r.y), where: rows.map((_, i) => line(i)) }
    }
    case 'carma': {
      const rows = readCarmaCsv(text, { range })
      return { columns: ['time', 'value'], frames: null, times: rows.map((r) => r.time), valence: rows.map((r) => r.value), arousal: null, where: rows.map((_, i) => line(i)) }
    }
  }
}
