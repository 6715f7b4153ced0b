/**
 * Gold-standard fusion of several raters' traces on the same frames. Every function returns the fused trace and a
 * JSON-safe {@link FusionRecipe} (method, parameters, per-rater weights) so the recipe can be stored next to it.
 *
 * - mean: y_t = mean of the finite x_{k,t}.
 * - EWE, evaluator weighted estimator (Grimm & Kroschel 2005, "Evaluation of natural emotions using self
 *   assessment manikins"; used for RECOLA/AVEC gold standards):
 *       r_k = Pearson( x_k , mean_{j != k} x_j )                       (over frames where both are finite)
 *       w_k = max(r_k, 0) / sum_j max(r_j, 0)
 *       y_t = sum_k w_k x_{k,t} / sum_k w_k                            (k over raters finite at t)
 *   A rater anti-correlated with the consensus gets weight 0 (negative weights would add the mirror image of an
 *   unreliable trace). If every r_k is <= 0 or undefined, all raters get equal weights (recorded in the recipe as
 *   `fallback: 'equal'`). A frame where only zero-weight raters have values is NaN.
 * - DBA-style alignment: see ./dba.ts.
 */
import { pcc } from '../metrics/pcc'
import { assertPositiveInt, invalidArgument, validPairs, type Samples } from './nan-utils'

export type FusionMethod = 'mean' | 'ewe' | 'dba'

/** How a gold standard was made; plain JSON (no NaN: undefined correlations are null). */
export interface FusionRecipe {
  readonly version: 1
  readonly method: FusionMethod
  readonly raterCount: number
  readonly params: Readonly<Record<string, number | string | boolean>>
  /** Per-rater weights, summing to 1. */
  readonly weights: readonly number[]
  /** EWE only: r_k before clipping (null when it could not be computed). */
  readonly correlations?: readonly (number | null)[]
  /** DBA only: iterations actually run and the last max |change|. */
  readonly iterations?: number
  readonly lastChange?: number
}

export interface FusionResult {
  readonly values: Float64Array
  readonly recipe: FusionRecipe
}

export interface MeanOptions {
  /** Frames with fewer finite raters than this are NaN (default 1). */
  readonly minRaters?: number
}

/** Throws unless there is at least one rater and all raters have the same length; returns that length. */
export function checkRaters(raters: readonly Samples[]): number {
  if (raters.length === 0) throw invalidArgument('fusion needs at least one rater trace')
  const n = raters[0].length
  raters.forEach((r, k) => {
    if (r.length !== n) throw invalidArgument(`rater ${k} has ${r.length} frames, rater 0 has ${n}`)
  })
  return n
}

/**
 * Weighted NaN-aware mean per frame: sum_k w_k x_{k,t} / sum_k w_k over finite x_{k,t}; NaN when fewer than
 * `minRaters` raters are finite or their weights sum to 0.
 */
export function weightedFrameMean(raters: readonly Samples[], weights: readonly number[], minRaters = 1): Float64Array {
  const n = checkRaters(raters)
  if (weights.length !== raters.length) throw invalidArgument(`need ${raters.length} weights, got ${weights.length}`)
  const out = new Float64Array(n)
  for (let t = 0; t < n; t++) {
    let s = 0
    let ws = 0
    let c = 0
    for (let k = 0; k < raters.length; k++) {
      const v = raters[k][t]
      if (Number.isFinite(v)) {
        s += weights[k] * v
        ws += weights[k]
        c++
      }
    }
    out[t] = c >= minRaters && ws > 0 ? s / ws : NaN
  }
  return out
}

function equalWeights(k: number): number[] {
  return new Array<number>(k).fill(1 / k)
}

/** Plain per-frame mean of the raters. */
export function fuseMean(raters: readonly Samples[], options: MeanOptions = {}): FusionResult {
  const minRaters = options.minRaters ?? 1
  assertPositiveInt(minRaters, 'minRaters')
  checkRaters(raters)
  const weights = equalWeights(raters.length)
  return {
    values: weightedFrameMean(raters, weights, minRaters),
    recipe: { version: 1, method: 'mean', raterCount: raters.length, params: { minRaters }, weights }
  }
}

export interface EweWeights {
  /** Normalised weights (sum 1). */
  readonly weights: number[]
  /** r_k with the mean of the other raters (NaN when undefined: < 3 common frames or a constant trace). */
  readonly correlations: number[]
  /** True when no rater had r_k > 0 and equal weights were used. */
  readonly fallback: boolean
}

/** EWE weights (see the module comment). A single rater gets weight 1. */
export function eweWeights(raters: readonly Samples[]): EweWeights {
  const n = checkRaters(raters)
  const K = raters.length
  if (K === 1) return { weights: [1], correlations: [NaN], fallback: false }
  const sum = new Float64Array(n)
  const cnt = new Float64Array(n)
  for (const r of raters) {
    for (let t = 0; t < n; t++) {
      if (Number.isFinite(r[t])) {
        sum[t] += r[t]
        cnt[t]++
      }
    }
  }
  const correlations: number[] = []
  const others = new Float64Array(n)
  for (const r of raters) {
    for (let t = 0; t < n; t++) {
      const own = Number.isFinite(r[t])
      const c = cnt[t] - (own ? 1 : 0)
      others[t] = c > 0 ? (sum[t] - (own ? r[t] : 0)) / c : NaN
    }
    const p = validPairs(r, others)
    const rk = p.x.length >= 3 ? pcc(p.x, p.y) : NaN
    correlations.push(Number.isFinite(rk) ? rk : NaN)
  }
  const clipped = correlations.map((r) => (Number.isFinite(r) && r > 0 ? r : 0))
  const total = clipped.reduce((a, b) => a + b, 0)
  if (!(total > 0)) return { weights: equalWeights(K), correlations, fallback: true }
  return { weights: clipped.map((w) => w / total), correlations, fallback: false }
}

/** Evaluator weighted estimator fusion. */
export function fuseEwe(raters: readonly Samples[], options: MeanOptions = {}): FusionResult {
  const minRaters = options.minRaters ?? 1
  assertPositiveInt(minRaters, 'minRaters')
  const { weights, correlations, fallback } = eweWeights(raters)
  return {
    values: weightedFrameMean(raters, weights, minRaters),
    recipe: {
      version: 1,
      method: 'ewe',
      raterCount: raters.length,
      params: { minRaters, negativeWeights: 'clip-to-zero', fallback: fallback ? 'equal' : 'none' },
      weights,
      correlations: correlations.map((r) => (Number.isFinite(r) ? r : null))
    }
  }
}
