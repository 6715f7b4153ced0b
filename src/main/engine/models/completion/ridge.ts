/**
 * Weighted ridge regression in plain float64 (no tfjs: the systems are ~150 × 150, solved by Cholesky in well under a
 * millisecond, and nothing can leak). Rows are frames, columns features; the intercept is not penalised (features
 * and target are centred with the weighted means before the solve).
 */

export interface RidgeModel {
  /** d weights. */
  readonly w: Float64Array
  /** Prediction = b + Σ w_k·(x_k − mu_k). */
  readonly mu: Float64Array
  readonly b: number
}

/** Gram matrix XᵀWX and XᵀWy of the centred rows (row indices with weights). */
export interface Normal {
  readonly d: number
  readonly xtx: Float64Array
  readonly xty: Float64Array
  readonly mu: Float64Array
  readonly b: number
}

/** Weighted normal equations of rows `rows` (with integer weights `weights`, e.g. bootstrap counts). */
export function normalEquations(x: Float64Array, d: number, y: ArrayLike<number>, rows: ArrayLike<number>, weights?: ArrayLike<number>): Normal {
  const mu = new Float64Array(d)
  let wsum = 0
  let ysum = 0
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]
    const w = weights ? weights[i] : 1
    if (w === 0) continue
    wsum += w
    ysum += w * y[r]
    for (let k = 0; k < d; k++) mu[k] += w * x[r * d + k]
  }
  if (wsum === 0) throw new RangeError('ridge: no rows with weight')
  for (let k = 0; k < d; k++) mu[k] /= wsum
  const b = ysum / wsum
  const xtx = new Float64Array(d * d)
  const xty = new Float64Array(d)
  const row = new Float64Array(d)
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]
    const w = weights ? weights[i] : 1
    if (w === 0) continue
    for (let k = 0; k < d; k++) row[k] = x[r * d + k] - mu[k]
    const yc = y[r] - b
    for (let j = 0; j < d; j++) {
      const wj = w * row[j]
      xty[j] += wj * yc
      for (let k = j; k < d; k++) xtx[j * d + k] += wj * row[k]
    }
  }
  for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) xtx[j * d + k] = xtx[k * d + j]
  return { d, xtx, xty, mu, b }
}

/** Solves (A + λI) w = v for symmetric positive semi-definite A by Cholesky. */
export function solveRidge(n: Normal, lambda: number): RidgeModel {
  const d = n.d
  const l = new Float64Array(d * d)
  for (let j = 0; j < d; j++) {
    for (let k = 0; k <= j; k++) {
      let s = n.xtx[j * d + k] + (j === k ? lambda : 0)
      for (let m = 0; m < k; m++) s -= l[j * d + m] * l[k * d + m]
      if (j === k) l[j * d + j] = Math.sqrt(Math.max(s, 1e-12))
      else l[j * d + k] = s / l[k * d + k]
    }
  }
  const z = new Float64Array(d)
  for (let j = 0; j < d; j++) {
    let s = n.xty[j]
    for (let m = 0; m < j; m++) s -= l[j * d + m] * z[m]
    z[j] = s / l[j * d + j]
  }
  const w = new Float64Array(d)
  for (let j = d - 1; j >= 0; j--) {
    let s = z[j]
    for (let m = j + 1; m < d; m++) s -= l[m * d + j] * w[m]
    w[j] = s / l[j * d + j]
  }
  return { w, mu: n.mu, b: n.b }
}

/** Prediction of one row (NaN when the row has a NaN feature). */
export function predictRow(m: RidgeModel, x: Float64Array, d: number, r: number): number {
  let s = m.b
  for (let k = 0; k < d; k++) s += m.w[k] * (x[r * d + k] - m.mu[k])
  return s
}
