/**
 * Resampling between rates.
 *
 * - {@link resampleTrace}: a trace sampled at its own times (annotation at 10 Hz, SEWA's 0.1 s grid, a joystick at
 *   50 Hz...) onto target times (a video's real frame pts: 25, 30000/1001 fps or VFR), by linear interpolation or
 *   sample-and-hold.
 * - {@link binAverage}: the reverse, per-frame values onto a fixed-rate grid by averaging inside each bin.
 *
 * Missing values (NaN) in the source are never invented away silently:
 * - Linear: the value at t is interpolated between the nearest finite samples p (time <= t) and q (time > t),
 *   y = v_p + (v_q - v_p) (t - t_p) / (t_q - t_p), only if t_q - t_p <= maxGap; otherwise NaN.
 * - Hold: the value at t is v_p of the last finite sample p (time <= t) while t is inside p's slot. The slot is
 *   [t_p, t_p + min(period, t_{p+1} - t_p)) — a sample holds for at most one nominal period — extended up to the
 *   next finite sample q when t_q - t_p <= maxGap.
 * The default maxGap is 1.5 x the nominal period (median source interval), so a single missing sample already leaves
 * a NaN hole; raise maxGap to bridge short dropouts.
 *
 * No stretching: a source shorter than the target is not rescaled in time. Target times before the first source
 * sample, or after its end (linear: the last sample time; hold: last sample time + period), are NaN, and the
 * returned {@link Coverage} says how many target points have a value.
 */
import { TIME_EPSILON, frameAtTime } from './frame-time'
import { assertIncreasing, assertSameLength, invalidArgument, medianInterval, type Samples } from './nan-utils'

/** A trace with its own sample times (seconds, strictly increasing). */
export interface TimedTrace {
  readonly times: Samples
  readonly values: Samples
}

export type ResampleMethod = 'linear' | 'hold'

export interface ResampleOptions {
  /** 'linear' (default) or 'hold' (sample-and-hold). */
  readonly method?: ResampleMethod
  /** Largest span (seconds) between two finite source samples that may be bridged. Default 1.5 x period. */
  readonly maxGap?: number
  /** Nominal source sampling period (seconds). Default: the median source interval. Needed for 1-sample sources. */
  readonly period?: number
  /** Time comparison tolerance (seconds). Default {@link TIME_EPSILON}. */
  readonly eps?: number
}

/** How much of the target the source covers. */
export interface Coverage {
  /** Number of target points. */
  readonly total: number
  /** Target points that received a finite value. */
  readonly covered: number
  /** covered / total (0 when total is 0). */
  readonly fraction: number
  /** Target points before the source's first sample. */
  readonly beforeStart: number
  /** Target points after the source's end (the trace is shorter than the target). */
  readonly afterEnd: number
  /** First source time and source end time (seconds); NaN for an empty source. */
  readonly sourceStart: number
  readonly sourceEnd: number
}

export interface ResampleResult {
  readonly values: Float64Array
  readonly coverage: Coverage
}

/** Build a {@link TimedTrace} for values on a uniform grid: times start + i / rate (e.g. AVEC 10 Hz: rate 10). */
export function uniformTrace(values: Samples, rate: number, start = 0): TimedTrace {
  if (!(rate > 0)) throw invalidArgument(`rate must be > 0, got ${rate}`)
  const times = new Float64Array(values.length)
  for (let i = 0; i < values.length; i++) times[i] = start + i / rate
  return { times, values }
}

/** Resample `source` at `targetTimes` (any order). See the module comment for the gap and end rules. */
export function resampleTrace(source: TimedTrace, targetTimes: Samples, options: ResampleOptions = {}): ResampleResult {
  const { times, values } = source
  assertSameLength(times, values, 'source.times', 'source.values')
  assertIncreasing(times, 'source.times')
  const method = options.method ?? 'linear'
  if (method !== 'linear' && method !== 'hold') throw invalidArgument(`unknown resample method '${String(method)}'`)
  const eps = options.eps ?? TIME_EPSILON
  const n = times.length
  const medPeriod = medianInterval(times)
  const period = options.period ?? (Number.isFinite(medPeriod) ? medPeriod : 0)
  if (!(period >= 0)) throw invalidArgument(`period must be >= 0, got ${period}`)
  const maxGap = options.maxGap ?? 1.5 * period
  if (!(maxGap >= 0)) throw invalidArgument(`maxGap must be >= 0, got ${maxGap}`)

  const m = targetTimes.length
  const out = new Float64Array(m).fill(NaN)
  let covered = 0
  let beforeStart = 0
  let afterEnd = 0
  const sourceStart = n > 0 ? times[0] : NaN
  const sourceEnd = n > 0 ? times[n - 1] + (method === 'hold' ? period : 0) : NaN

  // prevFinite[i]: largest finite index <= i (-1); nextFinite[i]: smallest finite index >= i (-1).
  const prevFinite = new Int32Array(n)
  const nextFinite = new Int32Array(n)
  for (let i = 0, last = -1; i < n; i++) {
    if (Number.isFinite(values[i])) last = i
    prevFinite[i] = last
  }
  for (let i = n - 1, next = -1; i >= 0; i--) {
    if (Number.isFinite(values[i])) next = i
    nextFinite[i] = next
  }

  for (let k = 0; k < m; k++) {
    const t = targetTimes[k]
    if (n === 0 || !Number.isFinite(t)) continue
    if (t < sourceStart - eps) {
      beforeStart++
      continue
    }
    const beyond = method === 'hold' ? t >= sourceEnd - eps && t > times[n - 1] + eps : t > sourceEnd + eps
    if (beyond) {
      afterEnd++
      continue
    }
    const i = Math.max(0, frameAtTime(times, t, eps))
    const p = prevFinite[i]
    if (p < 0) continue
    let v = NaN
    if (method === 'linear') {
      if (Math.abs(t - times[p]) <= eps) v = values[p]
      else {
        const q = i + 1 < n ? nextFinite[i + 1] : -1
        if (q >= 0 && times[q] - times[p] <= maxGap + eps) {
          const w = (t - times[p]) / (times[q] - times[p])
          v = values[p] + (values[q] - values[p]) * w
        }
      }
    } else {
      const ownSpan = p + 1 < n ? Math.min(period, times[p + 1] - times[p]) : period
      let slotEnd = times[p] + ownSpan
      const q = p + 1 < n ? nextFinite[p + 1] : -1
      if (q >= 0 && times[q] - times[p] <= maxGap + eps) slotEnd = Math.max(slotEnd, times[q])
      if (t < slotEnd - eps || Math.abs(t - times[p]) <= eps) v = values[p]
    }
    if (Number.isFinite(v)) {
      out[k] = v
      covered++
    }
  }
  return {
    values: out,
    coverage: { total: m, covered, fraction: m === 0 ? 0 : covered / m, beforeStart, afterEnd, sourceStart, sourceEnd }
  }
}

export interface BinAverageOptions {
  /** Output rate (Hz), e.g. 10 for SEWA/AVEC-style 0.1 s labels. */
  readonly rate: number
  /** Start of bin 0 (seconds). Default: the rate grid point k / rate at or before the first sample time. */
  readonly start?: number
  /** Exclusive end (seconds). Default: last sample time + median sample interval (the last frame's display end). */
  readonly end?: number
  /** Minimum number of finite samples for a bin to get a value (default 1); fewer gives NaN. */
  readonly minCount?: number
  readonly eps?: number
}

export interface BinAverageResult {
  /** Bin start times start + k / rate. */
  readonly times: Float64Array
  /** Mean of the finite samples whose time falls in [start + k / rate, start + (k + 1) / rate). */
  readonly values: Float64Array
  /** Number of finite samples averaged into each bin. */
  readonly counts: Uint32Array
}

/**
 * Per-frame (or any irregular-time) values onto a fixed-rate grid: bin k covers [start + k / rate,
 * start + (k + 1) / rate) and gets the mean of the finite samples inside it (NaN below `minCount`).
 */
export function binAverage(times: Samples, values: Samples, options: BinAverageOptions): BinAverageResult {
  assertSameLength(times, values, 'times', 'values')
  assertIncreasing(times, 'times')
  const { rate } = options
  if (!(rate > 0)) throw invalidArgument(`rate must be > 0, got ${rate}`)
  const eps = options.eps ?? TIME_EPSILON
  const minCount = options.minCount ?? 1
  const n = times.length
  if (n === 0 && (options.start === undefined || options.end === undefined)) {
    return { times: new Float64Array(0), values: new Float64Array(0), counts: new Uint32Array(0) }
  }
  const start = options.start ?? Math.floor((times[0] + eps) * rate) / rate
  const med = medianInterval(times)
  const end = options.end ?? times[n - 1] + (Number.isFinite(med) ? med : 1 / rate)
  const nBins = Math.max(0, Math.ceil((end - start) * rate - 1e-9))
  const sums = new Float64Array(nBins)
  const counts = new Uint32Array(nBins)
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (!Number.isFinite(v)) continue
    const b = Math.floor((times[i] - start + eps) * rate)
    if (b < 0 || b >= nBins) continue
    sums[b] += v
    counts[b]++
  }
  const outTimes = new Float64Array(nBins)
  const outValues = new Float64Array(nBins)
  for (let b = 0; b < nBins; b++) {
    outTimes[b] = start + b / rate
    outValues[b] = counts[b] >= minCount && counts[b] > 0 ? sums[b] / counts[b] : NaN
  }
  return { times: outTimes, values: outValues, counts }
}
