/**
 * Error magnitudes between a prediction and a gold series.
 */
import { assertSameLength, MIN_VALID_POINTS } from './missing'

function meanError(x: ArrayLike<number>, y: ArrayLike<number>, squared: boolean): number {
  assertSameLength(x, y)
  let n = 0
  let s = 0
  for (let i = 0; i < x.length; i++) {
    const a = x[i]
    const b = y[i]
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue
    const d = a - b
    s += squared ? d * d : Math.abs(d)
    n++
  }
  return n < MIN_VALID_POINTS ? NaN : s / n
}

/** Mean squared error Σ(x−y)²/N (pairwise deletion; NaN below 2 frames). */
export function mse(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return meanError(x, y, true)
}

/** Root mean squared error √(Σ(x−y)²/N) (pairwise deletion; NaN below 2 frames). */
export function rmse(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return Math.sqrt(meanError(x, y, true))
}

/** Mean absolute error Σ|x−y|/N (pairwise deletion; NaN below 2 frames). */
export function mae(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return meanError(x, y, false)
}
