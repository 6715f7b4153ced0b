/**
 * The review edits of an annotation/gold trace — accept, reject, redraw, shift, smooth, replace — as pure functions
 * from the range's current values to its new values (interleaved float32 pairs). The service logs each result.
 */
import { gaussianSmooth, movingAverage, zeroPhaseExponential } from '../../../core/traces'
import type { EditDimension, EditOp, SmoothSpec } from '../../../shared/annotation'
import { AppError } from '../../../shared/ipc/errors'
import { f32 } from './va-blob'

export type Dimension = EditDimension

export const dims = (d: Dimension): number[] => (d === 'valence' ? [0] : d === 'arousal' ? [1] : [0, 1])

/** Channel `c` (0 valence, 1 arousal) of interleaved pairs. */
export function channel(values: Float32Array, c: number): Float64Array {
  const out = new Float64Array(values.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = values[2 * i + c]
  return out
}

export function rejectValues(before: Float32Array, d: Dimension): Float32Array {
  const after = before.slice()
  for (let i = 0; i < before.length / 2; i++) for (const c of dims(d)) after[2 * i + c] = NaN
  return after
}

export function redrawValues(before: Float32Array, op: Extract<EditOp, { op: 'redraw' }>): Float32Array {
  const n = before.length / 2
  const after = before.slice()
  const set = (arr: readonly (number | null)[] | undefined, c: number): void => {
    if (arr === undefined) return
    if (arr.length !== n) throw new AppError('INVALID_ARGUMENT', `redraw has ${arr.length} ${c === 0 ? 'valence' : 'arousal'} values for ${n} frames`)
    arr.forEach((v, i) => (after[2 * i + c] = f32(v)))
  }
  set(op.valence, 0)
  set(op.arousal, 1)
  return after
}

/**
 * Shift frames [from, to] by `k` frames: the edit covers the union of the range and its destination; the vacated
 * frames become missing. `before` covers [lo, hi] = the union (lo clipped at 0).
 */
export function shiftValues(before: Float32Array, lo: number, from: number, to: number, k: number, d: Dimension): Float32Array {
  const after = before.slice()
  for (let f = from; f <= to; f++) for (const c of dims(d)) after[2 * (f - lo) + c] = NaN
  for (let f = from; f <= to; f++) {
    const dest = f + k
    if (dest < lo || 2 * (dest - lo) >= after.length) continue
    for (const c of dims(d)) after[2 * (dest - lo) + c] = before[2 * (f - lo) + c]
  }
  return after
}

export function smoothValues(before: Float32Array, s: SmoothSpec, d: Dimension): Float32Array {
  const after = before.slice()
  for (const c of dims(d)) {
    const x = channel(before, c)
    const y = s.method === 'gaussian' ? gaussianSmooth(x, s.sigma) : s.method === 'moving-average' ? movingAverage(x, s.window) : zeroPhaseExponential(x, s.alpha)
    for (let i = 0; i < y.length; i++) after[2 * i + c] = f32(y[i])
  }
  return after
}

/** Takes the chosen dimensions from `source` (pairs of the same range). */
export function replaceValues(before: Float32Array, source: Float32Array, d: Dimension): Float32Array {
  const after = before.slice()
  for (let i = 0; i < before.length / 2; i++) for (const c of dims(d)) after[2 * i + c] = source[2 * i + c]
  return after
}
