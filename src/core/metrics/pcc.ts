/**
 * Pearson's product-moment correlation.
 */
import { MIN_VALID_POINTS } from './missing'
import { pairedMoments } from './moments'

/**
 * Pearson correlation r = s_xy / (s_x · s_y) (the 1/N factors cancel).
 *
 * Missing values are removed by pairwise deletion. Returns NaN when fewer than 2 frames remain or when either
 * series is constant (zero variance: r is undefined, as in scipy.stats.pearsonr). Clamped to [−1, 1] against
 * rounding.
 */
export function pcc(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const m = pairedMoments(x, y)
  if (m.n < MIN_VALID_POINTS) return NaN
  if (m.varX === 0 || m.varY === 0) return NaN
  const r = m.cov / Math.sqrt(m.varX * m.varY)
  return Math.max(-1, Math.min(1, r))
}
