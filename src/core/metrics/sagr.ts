/**
 * Sign agreement (SAGR), Nicolaou et al. 2011.
 */
import { assertSameLength, MIN_VALID_POINTS } from './missing'

export interface SagrOptions {
  /**
   * How an exact zero is classed.
   * - `'own-class'` (default): sign ∈ {−1, 0, +1} as in SAGR = (1/N) Σ δ(sign(x_i), sign(y_i)) with the usual
   *   signum (numpy.sign, Math.sign); a zero agrees only with another exact zero (−0 counts as 0).
   * - `'positive'`: zero counts as non-negative (x ≥ 0 ⇔ "positive"), i.e. agreement on the half-plane.
   */
  readonly zero?: 'own-class' | 'positive'
}

/**
 * Fraction of frames where sign(x) == sign(y), in [0, 1]. `x` is typically the prediction, `y` the gold
 * (the measure is symmetric). Zeros: see {@link SagrOptions.zero}; by default 0 is its own sign class, so
 * sign(0) agrees with sign(0) but not with sign(±ε).
 *
 * Missing values are removed by pairwise deletion; NaN when fewer than 2 frames remain.
 */
export function sagr(x: ArrayLike<number>, y: ArrayLike<number>, options: SagrOptions = {}): number {
  assertSameLength(x, y)
  const positiveZero = options.zero === 'positive'
  const sign = (v: number): number => (positiveZero ? (v >= 0 ? 1 : -1) : v > 0 ? 1 : v < 0 ? -1 : 0)
  let n = 0
  let agree = 0
  for (let i = 0; i < x.length; i++) {
    const a = x[i]
    const b = y[i]
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue
    n++
    if (sign(a) === sign(b)) agree++
  }
  return n < MIN_VALID_POINTS ? NaN : agree / n
}
