/**
 * Lin's concordance correlation coefficient (Lin 1989).
 */
import { MIN_VALID_POINTS } from './missing'
import { pairedMoments } from './moments'

/**
 * Lin's concordance correlation coefficient between `x` (e.g. prediction) and `y` (e.g. gold):
 *
 *     CCC = 2·s_xy / (s_x² + s_y² + (x̄ − ȳ)²)
 *
 * with population (biased, 1/N) moments: x̄ = Σx/N, s_x² = Σ(x−x̄)²/N, s_xy = Σ(x−x̄)(y−ȳ)/N.
 * Equivalently CCC = ρ·C_b where ρ is Pearson's r and C_b the bias-correction factor. This is the form used by
 * AVEC/SEWA/Aff-Wild evaluations. Symmetric in x and y; lies in [−1, 1].
 *
 * Missing values (NaN/±Inf) are removed by pairwise deletion. Returns NaN when fewer than 2 frames remain.
 *
 * Zero variance: the formula is used as is whenever its denominator is positive, so a constant series against a
 * varying one, or two constants with different values, give CCC = 0 (no covariance, finite disagreement).
 * Two constant series with the *same* value make the formula 0/0: CCC is undefined there and NaN is returned
 * (not 1 — a model that outputs the gold constant on a flat sequence is not "perfectly concordant" in any
 * informative sense; dataset-level means skip such sequences and report the count).
 */
export function ccc(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const m = pairedMoments(x, y)
  if (m.n < MIN_VALID_POINTS) return NaN
  const d = m.meanX - m.meanY
  const denom = m.varX + m.varY + d * d
  if (denom === 0) return NaN
  return (2 * m.cov) / denom
}
