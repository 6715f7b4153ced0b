import { AppError } from '../../../shared/ipc/errors'
import { type MelSpectrogram } from './mel-params'

/**
 * Per-frame spectrogram window for AViGaS-NET's audio generator (thesis T:L1904: "crop the parts of spectrogram
 * centred with the time-stamp of the input frames, with the left and right pad of half of the input image size,
 * i.e. 64"). The window is a VIEW computed on demand from the one session spectrogram; nothing is stored per frame.
 *
 * Decisions (not given by the thesis):
 * - **Mapping**: with center=True, column k is centred at originSec + k·hop/sr, so the frame at presentation
 *   time t (s) maps to the nearest column c = round((t − originSec) · sr / hop) (Math.round: halves go up).
 * - **Window**: columns [c − 64, c + 64) — 64 before, the centre column at window index 64, 63 after.
 * - **Edges**: columns outside [0, T) are filled with the spectrogram's minimum dB (`spec.minDb`), which is
 *   max − top_db, what silence maps to after top_db clipping, whenever the session's dynamic range exceeds
 *   top_db (a real recording practically always). `padDb` overrides it (e.g. `maxDb − topDb` for strict silence).
 * - **Scaling** for G's tanh output: x = (dB − (max − top_db)) / top_db · 2 − 1, i.e. [max − 80, max] → [−1, 1]
 *   (with ref = max, max = 0: [−80, 0] dB → [−1, 1]).
 * - **Layout**: HWC Float32Array, `out[(row · W + col) · C + ch]`; row = mel band, **low to high** (row 0 =
 *   lowest band, exactly numpy's `S_db[:, c−64:c+64]` as the thesis code would index it, no vertical flip);
 *   col = time, left to right; C = 1 or 3 (the same value replicated in each channel).
 */
export const FRAME_WINDOW_COLUMNS = 128

export interface FrameWindowOptions {
  /** 1 (default) or 3 (replicated, thesis). */
  readonly channels?: 1 | 3
  /** Window width in columns (default 128, thesis). Must be even. */
  readonly columns?: number
  /** dB value for columns outside [0, T). Default spec.minDb. */
  readonly padDb?: number
  /** false: return dB; true (default): scale to [−1, 1]. */
  readonly scaled?: boolean
  /** Reuse an output buffer of the right length. */
  readonly out?: Float32Array
}

/** Centre column of the frame shown at presentation time tSec (may lie outside [0, T)). */
export function columnForTimestamp(spec: MelSpectrogram, tSec: number): number {
  if (!Number.isFinite(tSec)) throw new AppError('INVALID_ARGUMENT', `timestamp must be finite, got ${tSec}`)
  const { sampleRate, hopLength } = spec.params
  return Math.round(((tSec - spec.originSec) * sampleRate) / hopLength)
}

/** Time (s) at which column k is centred. */
export function timestampForColumn(spec: MelSpectrogram, k: number): number {
  return spec.originSec + (k * spec.params.hopLength) / spec.params.sampleRate
}

/** dB → [−1, 1] for a tanh generator: [maxDb − topDb, maxDb] → [−1, 1]. */
export function scaleDb(db: number, maxDb: number, topDb: number): number {
  return ((db - (maxDb - topDb)) / topDb) * 2 - 1
}

/**
 * The window around the frame at presentation time tSec, shape [nMels × columns × channels] (HWC, see above).
 * Values are copied from the session spectrogram (or the pad value), then scaled unless `scaled: false`.
 */
export function frameWindow(spec: MelSpectrogram, tSec: number, options: FrameWindowOptions = {}): Float32Array {
  return frameWindowAtColumn(spec, columnForTimestamp(spec, tSec), options)
}

export function frameWindowAtColumn(spec: MelSpectrogram, center: number, options: FrameWindowOptions = {}): Float32Array {
  const channels = options.channels ?? 1
  const width = options.columns ?? FRAME_WINDOW_COLUMNS
  if (channels !== 1 && channels !== 3) throw new AppError('INVALID_ARGUMENT', `channels must be 1 or 3, got ${String(channels)}`)
  if (!Number.isInteger(width) || width < 2 || width % 2 !== 0) throw new AppError('INVALID_ARGUMENT', `columns must be an even integer ≥ 2, got ${width}`)
  if (!Number.isInteger(center)) throw new AppError('INVALID_ARGUMENT', `centre column must be an integer, got ${center}`)
  const { nMels, topDb } = spec.params
  const h = nMels
  const size = h * width * channels
  const out = options.out ?? new Float32Array(size)
  if (out.length !== size) throw new AppError('INVALID_ARGUMENT', `output buffer holds ${out.length} values, expected ${size}`)
  const scaled = options.scaled ?? true
  const maxDb = spec.maxDb
  const conv = (db: number): number => (scaled ? scaleDb(db, maxDb, topDb) : db)
  const padValue = conv(options.padDb ?? spec.minDb)
  const data = spec.data
  const first = center - width / 2
  for (let j = 0; j < width; j++) {
    const col = first + j
    const inside = col >= 0 && col < spec.frames
    const base = col * nMels
    for (let m = 0; m < h; m++) {
      const v = inside ? conv(data[base + m]) : padValue
      const o = (m * width + j) * channels
      out[o] = v
      if (channels === 3) {
        out[o + 1] = v
        out[o + 2] = v
      }
    }
  }
  return out
}
