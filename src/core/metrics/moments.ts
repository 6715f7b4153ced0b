/**
 * Paired first and second moments with pairwise deletion — the common kernel of CCC, PCC and the paper ICC.
 *
 * Population (biased, 1/N) moments, computed in two passes (mean, then centred sums) in float64 for accuracy.
 * A series whose used values are all exactly equal gets variance exactly 0 and covariance exactly 0 (rather than
 * the ~1e-34 that rounding in the mean would leave), so zero-variance behaviour of the metrics is deterministic.
 */
import { assertSameLength } from './missing'

export interface PairedMoments {
  /** Frames used (both present). */
  readonly n: number
  /** Frames dropped by pairwise deletion. */
  readonly nMissing: number
  readonly meanX: number
  readonly meanY: number
  /** Population variance of x (1/N). */
  readonly varX: number
  /** Population variance of y (1/N). */
  readonly varY: number
  /** Population covariance (1/N). */
  readonly cov: number
}

/** Moments of the frames where both x and y are finite. With n = 0 every moment is NaN. */
export function pairedMoments(x: ArrayLike<number>, y: ArrayLike<number>): PairedMoments {
  assertSameLength(x, y)
  let n = 0
  let sx = 0
  let sy = 0
  let minX = Infinity
  let maxX = -Infinity
  let minY = Infinity
  let maxY = -Infinity
  for (let i = 0; i < x.length; i++) {
    const a = x[i]
    const b = y[i]
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue
    n++
    sx += a
    sy += b
    if (a < minX) minX = a
    if (a > maxX) maxX = a
    if (b < minY) minY = b
    if (b > maxY) maxY = b
  }
  const nMissing = x.length - n
  if (n === 0) return { n, nMissing, meanX: NaN, meanY: NaN, varX: NaN, varY: NaN, cov: NaN }
  const constX = minX === maxX
  const constY = minY === maxY
  const meanX = constX ? minX : sx / n
  const meanY = constY ? minY : sy / n
  let sxx = 0
  let syy = 0
  let sxy = 0
  for (let i = 0; i < x.length; i++) {
    const a = x[i]
    const b = y[i]
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue
    const dx = a - meanX
    const dy = b - meanY
    sxx += dx * dx
    syy += dy * dy
    sxy += dx * dy
  }
  return {
    n,
    nMissing,
    meanX,
    meanY,
    varX: constX ? 0 : sxx / n,
    varY: constY ? 0 : syy / n,
    cov: constX || constY ? 0 : sxy / n
  }
}
