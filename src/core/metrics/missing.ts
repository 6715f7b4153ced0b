/**
 * Explicit missing-data policy for every metric in `core/metrics`.
 *
 * - **Missing** means a value that is not finite: `NaN` (the canonical "no value" marker) and also `±Infinity`,
 *   which cannot enter a finite mean or variance. This matches `core/traces`.
 * - **Pairwise deletion** for prediction-vs-gold metrics (CCC, PCC, RMSE, MAE, SAGR, paper ICC): a frame is used
 *   only when both series have a value there. `evaluatePair` (dataset.ts) and `pairwiseComplete` report how many
 *   frames were used and how many were dropped.
 * - **Listwise deletion** for ICC: a row (target/frame) with any missing rating is dropped entirely, because the
 *   two-way ANOVA needs a complete n×k table. The count of dropped rows is carried on every `IccResult`.
 * - **Too little data**: a metric computed on fewer than `MIN_VALID_POINTS` (2) usable points returns `NaN`
 *   instead of throwing, so that per-sequence tables and UI cells can show "n/a" without try/catch.
 * - **Shape errors are bugs, not missing data**: series of different lengths (or ragged matrices) throw an
 *   `AppError('LENGTH_MISMATCH')` (an `Error`) whose message states both lengths.
 */
import { AppError } from '../../shared/ipc/errors'

/** Metrics on fewer valid points than this return NaN. */
export const MIN_VALID_POINTS = 2

/** A rating matrix: rows = targets (frames/items), columns = raters. Rows may be typed arrays. */
export type RatingMatrix = readonly ArrayLike<number>[]

/** True when `v` counts as missing (NaN or ±Infinity). */
export function isMissing(v: number): boolean {
  return !Number.isFinite(v)
}

/** Throws `AppError('LENGTH_MISMATCH')` when the two series differ in length; the message names both lengths. */
export function assertSameLength(x: ArrayLike<number>, y: ArrayLike<number>, xName = 'x', yName = 'y'): void {
  if (x.length !== y.length) {
    throw new AppError(
      'LENGTH_MISMATCH',
      `length mismatch: ${xName} has length ${x.length} but ${yName} has length ${y.length}`
    )
  }
}

/** Number of indices where both `x[i]` and `y[i]` are present. Throws on length mismatch. */
export function countPairwiseComplete(x: ArrayLike<number>, y: ArrayLike<number>): number {
  assertSameLength(x, y)
  let n = 0
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) n++
  return n
}

export interface PairwiseComplete {
  /** Values of x at the frames where both series are present, in order. */
  readonly x: Float64Array
  /** Values of y at the same frames. */
  readonly y: Float64Array
  /** Frames used (both present). */
  readonly nUsed: number
  /** Frames dropped (at least one side missing). */
  readonly nMissing: number
  /** Input length. */
  readonly nTotal: number
}

/** Pairwise deletion: keeps the frames where both series are present. Throws on length mismatch. */
export function pairwiseComplete(x: ArrayLike<number>, y: ArrayLike<number>): PairwiseComplete {
  const n = countPairwiseComplete(x, y)
  const cx = new Float64Array(n)
  const cy = new Float64Array(n)
  let j = 0
  for (let i = 0; i < x.length; i++) {
    const a = x[i]
    const b = y[i]
    if (Number.isFinite(a) && Number.isFinite(b)) {
      cx[j] = a
      cy[j] = b
      j++
    }
  }
  return { x: cx, y: cy, nUsed: n, nMissing: x.length - n, nTotal: x.length }
}

/** Throws `AppError('LENGTH_MISMATCH')` unless every row has the same length; returns that length (k). */
export function assertRectangular(matrix: RatingMatrix): number {
  if (matrix.length === 0) return 0
  const k = matrix[0].length
  for (let i = 1; i < matrix.length; i++) {
    if (matrix[i].length !== k) {
      throw new AppError(
        'LENGTH_MISMATCH',
        `length mismatch: row 0 has length ${k} but row ${i} has length ${matrix[i].length}`
      )
    }
  }
  return k
}

export interface ListwiseComplete {
  /** Complete rows only (copies), each of length k. */
  readonly rows: Float64Array[]
  /** Number of raters (columns). */
  readonly k: number
  /** Rows kept. */
  readonly nUsed: number
  /** Rows dropped because at least one rating was missing. */
  readonly nDropped: number
  /** Input row count. */
  readonly nTotal: number
}

/** Listwise deletion over rows (used by ICC). Throws on ragged input. */
export function listwiseComplete(matrix: RatingMatrix): ListwiseComplete {
  const k = assertRectangular(matrix)
  const rows: Float64Array[] = []
  for (const row of matrix) {
    let complete = true
    for (let j = 0; j < k; j++) {
      if (!Number.isFinite(row[j])) {
        complete = false
        break
      }
    }
    if (complete) rows.push(Float64Array.from(row))
  }
  return { rows, k, nUsed: rows.length, nDropped: matrix.length - rows.length, nTotal: matrix.length }
}

/**
 * Builds the n×k rating matrix (rows = frames, columns = raters) from one trace per rater.
 * All traces must have the same length (throws `LENGTH_MISMATCH` otherwise). Missing values are kept as NaN.
 */
export function fromRaterTraces(traces: readonly ArrayLike<number>[]): Float64Array[] {
  if (traces.length === 0) return []
  const n = traces[0].length
  traces.forEach((t, j) => assertSameLength(traces[0], t, 'rater 0', `rater ${j}`))
  const rows: Float64Array[] = []
  for (let i = 0; i < n; i++) {
    const row = new Float64Array(traces.length)
    for (let j = 0; j < traces.length; j++) row[j] = traces[j][i]
    rows.push(row)
  }
  return rows
}

/** Columns (one Float64Array per rater) of an n×k rating matrix. Throws on ragged input. */
export function toColumns(matrix: RatingMatrix): Float64Array[] {
  const k = assertRectangular(matrix)
  const cols: Float64Array[] = []
  for (let j = 0; j < k; j++) {
    const c = new Float64Array(matrix.length)
    for (let i = 0; i < matrix.length; i++) c[i] = matrix[i][j]
    cols.push(c)
  }
  return cols
}
