/**
 * Rescaling between label ranges. AFEW-VA labels are on [-10, 10], SEWA/SEMAINE/Aff-Wild2 on [-1, 1], a sigmoid
 * head or a slider on [0, 1]. Linear map from [a, b] to [c, d]:
 *     y = c + (x - a) (d - c) / (b - a)
 * Metrics that are not scale-invariant (RMSE) must be reported on the dataset's native range, so models trained on
 * [-1, 1] map their output back with the inverse (swap the ranges). NaN stays NaN.
 */
import { invalidArgument, type Samples } from './nan-utils'

/** A closed value range [min, max] with min < max. */
export type ValueRange = readonly [number, number]

export const RANGE_SIGNED_UNIT: ValueRange = [-1, 1]
export const RANGE_AFEW_VA: ValueRange = [-10, 10]
export const RANGE_UNIT: ValueRange = [0, 1]

function checkRange(r: ValueRange, name: string): void {
  if (!Number.isFinite(r[0]) || !Number.isFinite(r[1]) || !(r[0] < r[1])) {
    throw invalidArgument(`${name} must be [min, max] with finite min < max, got [${r[0]}, ${r[1]}]`)
  }
}

/** Rescale one value from `from` to `to`; with `clamp`, the result is limited to `to`. */
export function rescaleValue(x: number, from: ValueRange, to: ValueRange, clamp = false): number {
  checkRange(from, 'from')
  checkRange(to, 'to')
  const y = to[0] + ((x - from[0]) * (to[1] - to[0])) / (from[1] - from[0])
  return clamp ? Math.min(to[1], Math.max(to[0], y)) : y
}

/** Rescale a trace from `from` to `to` (new array; NaN preserved; optional clamping into `to`). */
export function rescale(values: Samples, from: ValueRange, to: ValueRange, clamp = false): Float64Array {
  checkRange(from, 'from')
  checkRange(to, 'to')
  const k = (to[1] - to[0]) / (from[1] - from[0])
  const out = new Float64Array(values.length)
  for (let i = 0; i < values.length; i++) {
    const y = to[0] + (values[i] - from[0]) * k
    out[i] = clamp ? Math.min(to[1], Math.max(to[0], y)) : y
  }
  return out
}
