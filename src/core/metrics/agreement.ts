/**
 * Inter-rater agreement summaries for continuous traces: pairwise Pearson/CCC between raters and each rater
 * against the leave-one-out mean of the others (the usual "rater vs. gold of the rest" check for AVEC/SEWA style
 * annotation).
 *
 * Input orientation: n×k matrix, rows = frames, columns = raters (use `fromRaterTraces` for one array per rater).
 * Missing values: every pairwise statistic uses pairwise deletion over the two columns involved.
 */
import { ccc } from './ccc'
import { countPairwiseComplete, toColumns, type RatingMatrix } from './missing'
import { pcc } from './pcc'

/** k×k matrix of `metric(column i, column j)`; the diagonal is computed too (1 for non-constant raters). */
function pairwiseMatrix(
  matrix: RatingMatrix,
  metric: (x: ArrayLike<number>, y: ArrayLike<number>) => number
): number[][] {
  const cols = toColumns(matrix)
  const k = cols.length
  const out: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(NaN))
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const v = metric(cols[i], cols[j])
      out[i][j] = v
      out[j][i] = v
    }
  }
  return out
}

/** k×k Pearson r between raters (pairwise deletion per pair; NaN for constant raters). */
export function pairwisePearsonMatrix(matrix: RatingMatrix): number[][] {
  return pairwiseMatrix(matrix, pcc)
}

/** k×k Lin's CCC between raters (symmetric; pairwise deletion per pair). */
export function pairwiseCccMatrix(matrix: RatingMatrix): number[][] {
  return pairwiseMatrix(matrix, ccc)
}

export interface MeanPairwiseResult {
  /** Arithmetic mean of r over rater pairs i < j whose r is finite (no Fisher z averaging). NaN if none. */
  readonly mean: number
  /** Number of pairs averaged. */
  readonly nPairs: number
  /** Pairs skipped because r was undefined (constant rater or < 2 shared frames). */
  readonly nPairsUndefined: number
  /** The full k×k Pearson matrix. */
  readonly matrix: number[][]
}

/** Mean pairwise Pearson correlation across raters. */
export function meanPairwisePearson(matrix: RatingMatrix): MeanPairwiseResult {
  const r = pairwisePearsonMatrix(matrix)
  let s = 0
  let nPairs = 0
  let nPairsUndefined = 0
  for (let i = 0; i < r.length; i++) {
    for (let j = i + 1; j < r.length; j++) {
      if (Number.isFinite(r[i][j])) {
        s += r[i][j]
        nPairs++
      } else nPairsUndefined++
    }
  }
  return { mean: nPairs > 0 ? s / nPairs : NaN, nPairs, nPairsUndefined, matrix: r }
}

/**
 * Leave-one-out mean: for rater j, frame i → mean of the *other* raters' present values at frame i (NaN when no
 * other rater has a value there).
 */
export function leaveOneOutMean(matrix: RatingMatrix, rater: number): Float64Array {
  const out = new Float64Array(matrix.length)
  for (let i = 0; i < matrix.length; i++) {
    const row = matrix[i]
    let s = 0
    let m = 0
    for (let j = 0; j < row.length; j++) {
      if (j === rater || !Number.isFinite(row[j])) continue
      s += row[j]
      m++
    }
    out[i] = m > 0 ? s / m : NaN
  }
  return out
}

export interface LeaveOneOutAgreement {
  /** Column index of the rater. */
  readonly rater: number
  /** CCC(rater, mean of the others). */
  readonly ccc: number
  /** Pearson r(rater, mean of the others). */
  readonly pcc: number
  /** Frames where both the rater and the leave-one-out mean exist. */
  readonly nUsed: number
}

/** Each rater against the leave-one-out mean of the remaining raters (needs k ≥ 2; empty for k < 2). */
export function leaveOneOutAgreement(matrix: RatingMatrix): LeaveOneOutAgreement[] {
  const cols = toColumns(matrix)
  if (cols.length < 2) return []
  return cols.map((col, j) => {
    const rest = leaveOneOutMean(matrix, j)
    return { rater: j, ccc: ccc(col, rest), pcc: pcc(col, rest), nUsed: countPairwiseComplete(col, rest) }
  })
}
