/**
 * Krippendorff's alpha for interval data, with missing values.
 */
import { assertRectangular, type RatingMatrix } from './missing'

export interface KrippendorffAlphaResult {
  /** α = 1 − D_o / D_e; NaN when there are no pairable values or no variation (D_e = 0). */
  readonly alpha: number
  /** Observed disagreement D_o. */
  readonly observedDisagreement: number
  /** Expected disagreement D_e. */
  readonly expectedDisagreement: number
  /** n: number of pairable values (values in units with ≥ 2 values). */
  readonly nPairable: number
  /** Units with ≥ 2 values (the others cannot be paired and are ignored). */
  readonly nUnits: number
  /** Units ignored because they hold fewer than 2 values. */
  readonly nUnitsDropped: number
}

/**
 * Krippendorff's α with the interval difference function δ²(c, k) = (c − k)² (Krippendorff 2011, "Computing
 * Krippendorff's Alpha-Reliability").
 *
 * Input orientation matches the ICC: rows = units (frames/items), columns = coders; missing = NaN/±Inf. Data in
 * Krippendorff's coders × units layout can be converted with `fromRaterTraces` (one array per coder).
 *
 * With m_u the number of values in unit u, only units with m_u ≥ 2 are pairable, n = Σ m_u over those:
 *
 *     D_o = (1/n) · Σ_u [ Σ_{i≠j in u} (v_i − v_j)² / (m_u − 1) ]
 *     D_e = 1/(n(n−1)) · Σ_{i≠j over all n pairable values} (v_i − v_j)²
 *     α   = 1 − D_o / D_e
 *
 * which is the coincidence-matrix definition written without the matrix; Σ_{i≠j}(v_i − v_j)² = 2(mΣv² − (Σv)²)
 * is evaluated on values centred at their overall mean, so the cost is O(units × coders).
 */
export function krippendorffAlphaDetails(matrix: RatingMatrix): KrippendorffAlphaResult {
  const k = assertRectangular(matrix)
  let nUnits = 0
  let n = 0
  let total = 0
  for (const row of matrix) {
    let m = 0
    let s = 0
    for (let j = 0; j < k; j++) {
      if (Number.isFinite(row[j])) {
        m++
        s += row[j]
      }
    }
    if (m >= 2) {
      nUnits++
      n += m
      total += s
    }
  }
  const nUnitsDropped = matrix.length - nUnits
  if (n < 2) {
    return { alpha: NaN, observedDisagreement: NaN, expectedDisagreement: NaN, nPairable: n, nUnits, nUnitsDropped }
  }
  const centre = total / n
  let within = 0
  let s1 = 0
  let s2 = 0
  for (const row of matrix) {
    let m = 0
    let su = 0
    let su2 = 0
    for (let j = 0; j < k; j++) {
      const v = row[j]
      if (!Number.isFinite(v)) continue
      const c = v - centre
      m++
      su += c
      su2 += c * c
    }
    if (m < 2) continue
    within += (2 * (m * su2 - su * su)) / (m - 1)
    s1 += su
    s2 += su2
  }
  const observed = within / n
  const expected = (2 * (n * s2 - s1 * s1)) / (n * (n - 1))
  const alpha = expected > 0 ? 1 - observed / expected : NaN
  return {
    alpha,
    observedDisagreement: observed,
    expectedDisagreement: expected,
    nPairable: n,
    nUnits,
    nUnitsDropped
  }
}

/** Krippendorff's interval α of an n×k matrix (rows = units, columns = coders); see `krippendorffAlphaDetails`. */
export function krippendorffAlpha(matrix: RatingMatrix): number {
  return krippendorffAlphaDetails(matrix).alpha
}
