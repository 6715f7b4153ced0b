/**
 * "DBA-style" gold standard: DTW Barycenter Averaging (Petitjean, Ketterlin & Gancarski 2011, "A global averaging
 * method for dynamic time warping, with applications to clustering", Pattern Recognition 44(3)).
 *
 * Raters follow the same events with different reaction times, so a frame-wise mean smears and flattens peaks.
 * DBA keeps an average sequence A (initialised with the frame-wise mean) and iterates:
 *   1. align every rater x_k to A with banded DTW (./dtw.ts, Sakoe-Chiba radius `band` frames);
 *   2. for every frame i of A and every rater k, take the mean value xbar_k(i) and the mean index jbar_k(i) of the
 *      rater samples aligned to i, then
 *          v_i = sum_k w_k xbar_k(i) / sum_k w_k,      tau_i = sum_k w_k jbar_k(i) / sum_k w_k
 *      (k over raters with a finite aligned value);
 *   3. classic DBA (`retime: false`): A'[i] = v_i. Default (`retime: true`): A' = the curve (tau_i, v_i)
 *      linearly resampled onto frames 0..n-1;
 * until max_i |A'[i] - A[i]| < tolerance or `iterations` rounds.
 *
 * Why retime (our deviation from Petitjean): classic DBA keeps A's time axis, and A starts as the smeared mean,
 * so events keep the mean's broadened width and flanks turn into staircases. Averaging the aligned positions as well
 * as the values gives each event the raters' average timing and their common shape (for copies shifted by d_k it
 * returns the shape shifted by mean(d_k)). Petitjean weights every aligned pair equally; here each rater counts
 * once per frame (w_k x its mean aligned value), so a rater's influence does not depend on how DTW compressed it.
 *
 * Choices: default band 25 frames (1 s at 25 fps: wider than typical inter-rater reaction differences, small
 * enough that DTW cannot pair unrelated events, and O(n * 51) per rater); default 10 iterations (DBA converges in a
 * handful); alignment on Gaussian-smoothed copies (sigma 2 frames) while the raw values are averaged; weights equal by default or EWE weights (`weighting: 'ewe'`). Frames where the initial mean is NaN
 * (fewer than `minRaters` raters) stay NaN, so fusion never fills a gap that no rater annotated.
 */
import { dtwBanded } from './dtw'
import { checkRaters, eweWeights, weightedFrameMean, type FusionResult } from './fusion'
import { assertPositiveInt, invalidArgument, type Samples } from './nan-utils'
import { gaussianSmooth } from './smoothing'

export interface DbaOptions {
  /** Sakoe-Chiba radius in frames (default 25). */
  readonly band?: number
  /** Maximum refinement rounds (default 10). */
  readonly iterations?: number
  /** Stop when the largest per-frame change is below this (default 1e-6). */
  readonly tolerance?: number
  /** Rater weights in the barycenter: 'equal' (default) or 'ewe'. */
  readonly weighting?: 'equal' | 'ewe'
  /** Frames with fewer finite raters are NaN (default 1). */
  readonly minRaters?: number
  /**
   * Gaussian sigma (frames) applied to the raters and to the running average for the DTW alignment only (the
   * averaged values stay raw). DTW also aligns noise; a little smoothing keeps the path on the events. Default 0.
   */
  readonly alignSigma?: number
  /** Average the aligned time indices too and resample onto the frame grid (default true; see the module comment). */
  readonly retime?: boolean
}

/** DTW-barycenter fusion of raters on the same frames. */
export function fuseDba(raters: readonly Samples[], options: DbaOptions = {}): FusionResult {
  const n = checkRaters(raters)
  const band = options.band ?? 25
  const maxIter = options.iterations ?? 10
  const tolerance = options.tolerance ?? 1e-6
  const weighting = options.weighting ?? 'equal'
  const minRaters = options.minRaters ?? 1
  const retime = options.retime ?? true
  const alignSigma = options.alignSigma ?? 2
  if (!(alignSigma >= 0)) throw invalidArgument(`alignSigma must be >= 0, got ${alignSigma}`)
  if (!Number.isInteger(band) || band < 0) throw invalidArgument(`band must be a non-negative integer, got ${band}`)
  if (!Number.isInteger(maxIter) || maxIter < 0) throw invalidArgument(`iterations must be an integer >= 0`)
  if (!(tolerance >= 0)) throw invalidArgument(`tolerance must be >= 0`)
  if (weighting !== 'equal' && weighting !== 'ewe') throw invalidArgument(`unknown weighting '${String(weighting)}'`)
  assertPositiveInt(minRaters, 'minRaters')

  const K = raters.length
  const weights = weighting === 'ewe' ? eweWeights(raters).weights : new Array<number>(K).fill(1 / K)
  const initial = weightedFrameMean(raters, new Array<number>(K).fill(1), minRaters)
  const forAlignment = (x: Samples): Samples => (alignSigma > 0 ? gaussianSmooth(x, alignSigma) : x)
  const alignRaters = raters.map(forAlignment)
  let avg = initial
  let iterations = 0
  let lastChange = 0
  const sumX = new Float64Array(n) // sum_k w_k * (mean aligned value of rater k at i)
  const sumJ = new Float64Array(n) // sum_k w_k * (mean aligned index of rater k at i)
  const sumW = new Float64Array(n)
  const rx = new Float64Array(n)
  const rj = new Float64Array(n)
  const rc = new Float64Array(n)
  for (let it = 0; it < maxIter; it++) {
    sumX.fill(0)
    sumJ.fill(0)
    sumW.fill(0)
    const alignAvg = forAlignment(avg)
    for (let k = 0; k < K; k++) {
      const x = raters[k]
      const w = weights[k]
      if (!(w > 0)) continue
      const { pathA, pathB } = dtwBanded(alignAvg, alignRaters[k], band)
      rx.fill(0)
      rj.fill(0)
      rc.fill(0)
      for (let p = 0; p < pathA.length; p++) {
        const v = x[pathB[p]]
        if (Number.isFinite(v)) {
          rx[pathA[p]] += v
          rj[pathA[p]] += pathB[p]
          rc[pathA[p]]++
        }
      }
      for (let i = 0; i < n; i++) {
        if (rc[i] > 0) {
          sumX[i] += (w * rx[i]) / rc[i]
          sumJ[i] += (w * rj[i]) / rc[i]
          sumW[i] += w
        }
      }
    }
    const next = retime ? retimed(sumX, sumJ, sumW) : new Float64Array(n)
    if (!retime) for (let i = 0; i < n; i++) next[i] = sumW[i] > 0 ? sumX[i] / sumW[i] : NaN
    let change = 0
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(initial[i]) || !Number.isFinite(next[i])) {
        next[i] = NaN
        continue
      }
      const d = Number.isFinite(avg[i]) ? Math.abs(next[i] - avg[i]) : Infinity
      if (d > change) change = d
    }
    avg = next
    iterations = it + 1
    lastChange = change
    if (change < tolerance) break
  }
  return {
    values: avg,
    recipe: {
      version: 1,
      method: 'dba',
      raterCount: K,
      params: { band, maxIterations: maxIter, tolerance, weighting, minRaters, retime, alignSigma, init: 'mean', cost: 'squared' },
      weights,
      iterations,
      lastChange: Number.isFinite(lastChange) ? lastChange : -1
    }
  }
}

/**
 * The barycenter curve {(tau_i, v_i)} (tau_i = mean aligned index, v_i = mean aligned value, over raters present at
 * i) resampled onto the integer frame grid by linear interpolation; tau is non-decreasing because every DTW path is,
 * and points sharing a tau are merged by averaging. Frames outside [tau_first, tau_last] take the nearest end value.
 */
function retimed(sumX: Float64Array, sumJ: Float64Array, sumW: Float64Array): Float64Array {
  const n = sumX.length
  const tau: number[] = []
  const val: number[] = []
  const cnt: number[] = []
  for (let i = 0; i < n; i++) {
    if (!(sumW[i] > 0)) continue
    const t = sumJ[i] / sumW[i]
    const v = sumX[i] / sumW[i]
    const last = tau.length - 1
    if (last >= 0 && Math.abs(t - tau[last]) < 1e-9) {
      // merge: running mean of the values at this tau
      val[last] = (val[last] * cnt[last] + v) / (cnt[last] + 1)
      cnt[last]++
    } else {
      tau.push(Math.max(t, last >= 0 ? tau[last] : t))
      val.push(v)
      cnt.push(1)
    }
  }
  const out = new Float64Array(n).fill(NaN)
  if (tau.length === 0) return out
  let p = 0
  for (let t = 0; t < n; t++) {
    while (p + 1 < tau.length && tau[p + 1] <= t) p++
    if (t <= tau[0]) out[t] = val[0]
    else if (p + 1 >= tau.length) out[t] = val[tau.length - 1]
    else out[t] = val[p] + ((val[p + 1] - val[p]) * (t - tau[p])) / (tau[p + 1] - tau[p])
  }
  return out
}
