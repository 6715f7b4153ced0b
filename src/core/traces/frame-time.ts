/**
 * Frame <-> time mapping on a session's real presentation timestamps (PTS, seconds, strictly increasing; variable
 * frame rate allowed), plus constant-rate helpers for when only a nominal rate is known.
 *
 * Display model: frame i is on screen over [pts[i], pts[i+1]); the last frame stays on screen after its pts.
 * Times before the first frame map to frame -1 ("nothing displayed yet"), so callers can tell that case apart from
 * frame 0; use {@link clampFrame} when a valid index is needed anyway.
 */
import { assertIncreasing, invalidArgument, medianInterval, type Samples } from './nan-utils'

/**
 * Tolerance (seconds) when comparing a time with a pts: `pts <= t + eps` counts as displayed. It absorbs the
 * rounding of times computed as `k / fps` (e.g. 3 * 0.04 = 0.12000000000000001 vs 0.12). One microsecond is far
 * below any frame interval (0.0083 s at 120 fps).
 */
export const TIME_EPSILON = 1e-6

/**
 * The frame displayed at time `t`: the last index i with `timestamps[i] <= t` (binary search, O(log n)).
 * Returns -1 when `t` is before the first frame (or there are no frames) and the last index for any
 * `t >= timestamps[last]`. NaN `t` returns -1.
 */
export function frameAtTime(timestamps: Samples, t: number, eps: number = TIME_EPSILON): number {
  const n = timestamps.length
  if (n === 0 || !(t + eps >= timestamps[0])) return -1
  let lo = 0
  let hi = n - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (timestamps[mid] <= t + eps) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** Presentation time (seconds) of frame `frame`. Throws for a non-integer or out-of-range index. */
export function timeOfFrame(timestamps: Samples, frame: number): number {
  if (!Number.isInteger(frame) || frame < 0 || frame >= timestamps.length) {
    throw invalidArgument(`frame ${frame} is out of range [0, ${timestamps.length - 1}]`)
  }
  return timestamps[frame]
}

/** Clamp a frame index (e.g. -1 from {@link frameAtTime}) into [0, frameCount - 1]; -1 when frameCount is 0. */
export function clampFrame(frame: number, frameCount: number): number {
  if (frameCount <= 0) return -1
  return Math.min(frameCount - 1, Math.max(0, frame))
}

/**
 * Display duration of each frame: pts[i+1] - pts[i]; the last frame gets the median interval (its real duration
 * is not in the pts list). A single frame gets NaN.
 */
export function frameDurations(timestamps: Samples): Float64Array {
  const n = timestamps.length
  const out = new Float64Array(n)
  for (let i = 0; i + 1 < n; i++) out[i] = timestamps[i + 1] - timestamps[i]
  if (n > 0) out[n - 1] = medianInterval(timestamps)
  return out
}

/** Nominal frame rate: 1 / median frame interval (robust to a few dropped or duplicated frames). */
export function estimateFrameRate(timestamps: Samples): number {
  return 1 / medianInterval(timestamps)
}

/** Frames displayed during [t0, t1): first and last index (inclusive), or null if none. */
export function framesInInterval(
  timestamps: Samples,
  t0: number,
  t1: number,
  eps: number = TIME_EPSILON
): { first: number; last: number } | null {
  if (!(t1 > t0)) return null
  const first = Math.max(0, frameAtTime(timestamps, t0, eps))
  // the frame on screen just before t1
  const last = frameAtTime(timestamps, t1 - 2 * eps, eps)
  if (last < 0 || timestamps.length === 0 || last < first) return null
  return { first, last }
}

/** Throws unless the timestamps are finite and strictly increasing (a decoder that repeats a pts is a bug). */
export function validateTimestamps(timestamps: Samples): void {
  assertIncreasing(timestamps, 'timestamps')
}

// ---------------------------------------------------------------------------------------------------------------
// Constant-rate helpers. 29.97 fps must be passed exactly as 30000 / 1001 (NTSC), not 29.97.

/** NTSC 29.97 fps as the exact rational 30000/1001. */
export const NTSC_FPS = 30000 / 1001

/** Frame index displayed at `t` for a constant rate: floor((t - start) * fps + eps); -1 before `start`. */
export function frameAtTimeConstant(fps: number, t: number, start = 0, eps: number = TIME_EPSILON): number {
  if (!(fps > 0)) throw invalidArgument(`fps must be > 0, got ${fps}`)
  const f = Math.floor((t - start + eps) * fps)
  return f < 0 || Number.isNaN(f) ? -1 : f
}

/** Presentation time of frame `frame` at a constant rate: start + frame / fps. */
export function timeOfFrameConstant(fps: number, frame: number, start = 0): number {
  if (!(fps > 0)) throw invalidArgument(`fps must be > 0, got ${fps}`)
  return start + frame / fps
}

/** `count` timestamps start + i / fps (computed by division, not accumulation, so no drift). */
export function constantTimestamps(count: number, fps: number, start = 0): Float64Array {
  if (!(fps > 0)) throw invalidArgument(`fps must be > 0, got ${fps}`)
  if (!Number.isInteger(count) || count < 0) throw invalidArgument(`count must be a non-negative integer`)
  const out = new Float64Array(count)
  for (let i = 0; i < count; i++) out[i] = start + i / fps
  return out
}
