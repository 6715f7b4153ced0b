/**
 * Annotator lag: continuous raters react to what they see with a delay of roughly 0.5-4 s (Mariooryad & Busso 2015,
 * "Correcting time-continuous emotional labels by modeling the reaction lag of evaluators"). The lag is estimated by
 * cross-correlation against a reference signal on the same uniform grid (a model's prediction, a feature, another
 * rater) and corrected by shifting the annotation earlier.
 *
 * Convention: `delayed[i] ~ reference[i - L]` for a lag of L samples (L > 0 = the annotation is late). For each
 * candidate L in [minLag, maxLag] the score is
 *     r(L) = metric(reference[i], delayed[i + L])  over the i where both are finite,
 * with `metric` Pearson's r by default; the estimate is argmax r(L) (ties: the smallest lag). The curve is returned
 * so a UI can plot it and a user can judge how peaked it is.
 */
import { pcc } from '../metrics/pcc'
import { TIME_EPSILON } from './frame-time'
import { invalidArgument, type Samples } from './nan-utils'
import { resampleTrace, uniformTrace } from './resample'

/** A similarity score on two equal-length, all-finite sequences (higher = more similar). */
export type PairMetric = (x: Float64Array, y: Float64Array) => number

export interface LagOptions {
  /** Sampling rate (Hz) of both traces (they share the grid: sample i is at time i / rate). */
  readonly rate: number
  /** Largest lag searched, seconds. */
  readonly maxLag: number
  /** Smallest lag searched, seconds (default 0; negative values search "annotation early" too). */
  readonly minLag?: number
  /** Score function (default Pearson's r, `pcc` from core/metrics). */
  readonly metric?: PairMetric
  /** Minimum number of valid pairs for a lag to be scored (else NaN). Default max(3, ceil(n / 4)). */
  readonly minOverlap?: number
}

export interface LagEstimate {
  /** Best lag (integer samples) and in seconds (lagSamples / rate); NaN/0 when no lag could be scored. */
  readonly lagSamples: number
  readonly lagSeconds: number
  /** Sub-sample estimate from a parabola through the peak and its neighbours (equals lagSeconds at curve edges). */
  readonly refinedLagSeconds: number
  /** Score at the best lag. */
  readonly correlation: number
  /** Searched lags (seconds) and their scores (NaN where too few pairs). */
  readonly lags: Float64Array
  readonly curve: Float64Array
}

/** Estimate how many samples `delayed` lags behind `reference` (see the module comment). */
export function estimateLag(reference: Samples, delayed: Samples, options: LagOptions): LagEstimate {
  const { rate, maxLag } = options
  if (!(rate > 0)) throw invalidArgument(`rate must be > 0, got ${rate}`)
  const minLag = options.minLag ?? 0
  if (!Number.isFinite(maxLag) || !Number.isFinite(minLag) || maxLag < minLag) {
    throw invalidArgument(`need finite minLag <= maxLag, got ${minLag}..${maxLag}`)
  }
  const metric = options.metric ?? pcc
  const n = Math.min(reference.length, delayed.length)
  const minOverlap = Math.max(2, options.minOverlap ?? Math.max(3, Math.ceil(n / 4)))
  const lo = Math.ceil(minLag * rate - TIME_EPSILON)
  const hi = Math.floor(maxLag * rate + TIME_EPSILON)
  const count = Math.max(0, hi - lo + 1)
  const lags = new Float64Array(count)
  const curve = new Float64Array(count).fill(NaN)
  const bx = new Float64Array(n)
  const by = new Float64Array(n)
  let best = -1
  for (let k = 0; k < count; k++) {
    const L = lo + k
    lags[k] = L / rate
    let m = 0
    for (let i = Math.max(0, -L); i < reference.length && i + L < delayed.length; i++) {
      const a = reference[i]
      const b = delayed[i + L]
      if (Number.isFinite(a) && Number.isFinite(b)) {
        bx[m] = a
        by[m] = b
        m++
      }
    }
    if (m < minOverlap) continue
    const r = metric(bx.subarray(0, m), by.subarray(0, m))
    if (!Number.isFinite(r)) continue
    curve[k] = r
    if (best < 0 || r > curve[best]) best = k
  }
  if (best < 0) {
    return { lagSamples: 0, lagSeconds: NaN, refinedLagSeconds: NaN, correlation: NaN, lags, curve }
  }
  const lagSamples = lo + best
  let refined = lagSamples
  if (best > 0 && best < count - 1 && Number.isFinite(curve[best - 1]) && Number.isFinite(curve[best + 1])) {
    const c0 = curve[best - 1]
    const c1 = curve[best]
    const c2 = curve[best + 1]
    const denom = c0 - 2 * c1 + c2
    if (denom < 0) refined = lagSamples + (0.5 * (c0 - c2)) / denom
  }
  return {
    lagSamples,
    lagSeconds: lagSamples / rate,
    refinedLagSeconds: refined / rate,
    correlation: curve[best],
    lags,
    curve
  }
}

/**
 * Shift a uniformly sampled trace by an integer number of samples: out[i] = values[i + shift], NaN where
 * i + shift falls outside the trace. shift > 0 moves the trace earlier (corrects a late annotation).
 */
export function shiftTrace(values: Samples, shift: number): Float64Array {
  if (!Number.isInteger(shift)) throw invalidArgument(`shift must be an integer number of samples, got ${shift}`)
  const n = values.length
  const out = new Float64Array(n).fill(NaN)
  for (let i = Math.max(0, -shift); i < n && i + shift < n; i++) out[i] = values[i + shift]
  return out
}

/** Lag correction with the estimate of {@link estimateLag}: the annotation moved `lagSamples` earlier. */
export function correctLag(values: Samples, lagSamples: number): Float64Array {
  return shiftTrace(values, lagSamples)
}

/**
 * Fractional lag correction for a trace on a uniform grid of `rate` Hz: out[i] = value at time i / rate + lagSeconds,
 * by linear interpolation (NaN past the end and across gaps, as {@link resampleTrace}).
 */
export function correctLagSeconds(values: Samples, rate: number, lagSeconds: number): Float64Array {
  const src = uniformTrace(values, rate)
  const target = new Float64Array(values.length)
  for (let i = 0; i < values.length; i++) target[i] = i / rate + lagSeconds
  return resampleTrace(src, target, { method: 'linear' }).values
}

/** For a trace with its own times: subtract the lag from every time (the trace moves earlier), then resample. */
export function shiftTimes(times: Samples, lagSeconds: number): Float64Array {
  const out = new Float64Array(times.length)
  for (let i = 0; i < times.length; i++) out[i] = times[i] - lagSeconds
  return out
}
