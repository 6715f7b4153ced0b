/**
 * A small ensemble of ridge regressions for completing one dimension of a session: the penalty λ is chosen by
 * blocked cross-validation on the annotated frames (contiguous folds: neighbouring frames are near-copies, so a
 * random split would reward memorising), then `members` models are fitted on block-bootstrap resamples of the
 * annotated frames (blocks of `blockFrames`, drawn with a seeded generator). The proposal is the members' mean and
 * the per-frame confidence their standard deviation: members agree where the training frames cover the features,
 * and diverge where a frame lies off their distribution (a new expression, an unseen head pose).
 */
import { mulberry32 } from '../../../../core/random/mulberry32'
import { normalEquations, predictRow, solveRidge, type RidgeModel } from './ridge'

export interface EnsembleOptions {
  readonly members: number
  readonly seed: number
  /** Bootstrap block length in frames (about one second). */
  readonly blockFrames: number
  /** Candidate penalties, relative to the number of training rows. */
  readonly lambdas: readonly number[]
  /** Contiguous cross-validation folds for choosing λ. */
  readonly cvFolds: number
}

export const DEFAULT_LAMBDAS: readonly number[] = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100]

export interface EnsembleFit {
  readonly models: readonly RidgeModel[]
  readonly lambda: number
  /** Cross-validated mean squared error of the chosen λ (NaN when too few rows to validate). */
  readonly cvMse: number
}

/** Splits sorted training rows into `k` contiguous folds of about equal size. */
export function contiguousFolds(rows: readonly number[], k: number): number[][] {
  const folds: number[][] = []
  const n = rows.length
  const kk = Math.max(1, Math.min(k, n))
  for (let i = 0; i < kk; i++) folds.push(rows.slice(Math.floor((i * n) / kk), Math.floor(((i + 1) * n) / kk)))
  return folds.filter((f) => f.length > 0)
}

function chooseLambda(x: Float64Array, d: number, y: ArrayLike<number>, rows: readonly number[], opts: EnsembleOptions): { lambda: number; mse: number } {
  const scale = rows.length
  const folds = contiguousFolds(rows, opts.cvFolds)
  if (folds.length < 2 || rows.length < 4 * folds.length) return { lambda: opts.lambdas[Math.floor(opts.lambdas.length / 2)] * scale, mse: NaN }
  const err = new Float64Array(opts.lambdas.length)
  for (let i = 0; i < folds.length; i++) {
    const train = folds.filter((_, j) => j !== i).flat()
    const ne = normalEquations(x, d, y, train)
    opts.lambdas.forEach((l, li) => {
      const m = solveRidge(ne, l * train.length)
      for (const r of folds[i]) err[li] += (predictRow(m, x, d, r) - y[r]) ** 2
    })
  }
  let best = 0
  for (let li = 1; li < err.length; li++) if (err[li] < err[best]) best = li
  return { lambda: opts.lambdas[best] * scale, mse: err[best] / rows.length }
}

/** Bootstrap counts per training row: whole blocks of consecutive rows drawn with replacement. */
export function blockBootstrap(n: number, block: number, rng: () => number): Uint32Array {
  const counts = new Uint32Array(n)
  const b = Math.max(1, Math.min(block, n))
  const starts = n - b + 1
  let drawn = 0
  while (drawn < n) {
    const s = Math.floor(rng() * starts)
    for (let k = 0; k < b && drawn < n; k++, drawn++) counts[s + k]++
  }
  return counts
}

/** Fits the ensemble on `rows` (frames with a target and finite features). */
export function fitEnsemble(x: Float64Array, d: number, y: ArrayLike<number>, rows: readonly number[], opts: EnsembleOptions): EnsembleFit {
  if (rows.length < 2) throw new RangeError(`need at least 2 annotated frames with features, got ${rows.length}`)
  const { lambda, mse } = chooseLambda(x, d, y, rows, opts)
  const rng = mulberry32(opts.seed)
  const models: RidgeModel[] = []
  for (let m = 0; m < opts.members; m++) {
    const counts = opts.members === 1 ? undefined : blockBootstrap(rows.length, opts.blockFrames, rng)
    models.push(solveRidge(normalEquations(x, d, y, rows, counts), lambda))
  }
  return { models, lambda, cvMse: mse }
}

/** Mean and standard deviation of the members' predictions on row r. */
export function predictEnsemble(fit: EnsembleFit, x: Float64Array, d: number, r: number): { mean: number; std: number } {
  let s = 0
  let ss = 0
  for (const m of fit.models) {
    const p = predictRow(m, x, d, r)
    s += p
    ss += p * p
  }
  const n = fit.models.length
  const mean = s / n
  return { mean, std: Math.sqrt(Math.max(0, ss / n - mean * mean)) }
}
