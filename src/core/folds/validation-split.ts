/**
 * Validation subjects are carved from the training subjects of a fold, never from its test subjects: the function
 * only ever sees the training list. Checkpoints and hyper-parameters are chosen on this split (see
 * ./checkpoint-selection.ts), so the test fold is touched once.
 */
import { AppError } from '../../shared/ipc/errors'
import { assertSeed, shuffled } from './seeded-random'

export interface ValidationOptions {
  /** Fraction of the training subjects moved to validation (rounded, default 0 = no validation split). */
  readonly fraction?: number
  /** Exact number of validation subjects (takes precedence over `fraction`). */
  readonly count?: number
}

/**
 * Split training subjects into train and val: val = the first `count` subjects of a seeded shuffle of the (sorted)
 * training list. With `count`, exactly that many (throws unless at least one subject stays in train). With
 * `fraction`, round(fraction x n) clamped to [1, n - 1] when fraction > 0 — so a fold left with a single training
 * subject gets no validation subjects rather than an error (selection then fails loudly for lack of 'val' records).
 * Both lists come back sorted.
 */
export function carveValidation(
  trainSubjects: readonly string[],
  options: ValidationOptions,
  seed: number
): { train: string[]; val: string[] } {
  assertSeed(seed)
  const n = trainSubjects.length
  const { fraction, count } = options
  if (fraction !== undefined && !(fraction >= 0 && fraction < 1)) {
    throw new AppError('INVALID_ARGUMENT', `validation fraction must be in [0, 1), got ${fraction}`)
  }
  let k: number
  if (count !== undefined) {
    if (!Number.isInteger(count) || count < 0) {
      throw new AppError('INVALID_ARGUMENT', `validation count must be a non-negative integer, got ${count}`)
    }
    k = count
  } else {
    const f = fraction ?? 0
    k = f > 0 ? Math.min(n - 1, Math.max(1, Math.round(f * n))) : 0
  }
  if (k > 0 && k >= n) {
    // only reachable with an explicit count
    throw new AppError(
      'INVALID_ARGUMENT',
      `cannot carve ${k} validation subject(s) from ${n} training subject(s): at least one must stay in train`
    )
  }
  const order = shuffled([...trainSubjects].sort(), seed)
  const val = order.slice(0, k).sort()
  const train = order.slice(k).sort()
  return { train, val }
}
