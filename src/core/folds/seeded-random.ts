/**
 * Deterministic pseudo-random numbers for reproducible splits: mulberry32 (a 32-bit state generator; plenty for
 * shuffling subject lists), and a Fisher-Yates shuffle driven by it. Same seed, same input -> same output on every
 * platform (only 32-bit integer arithmetic via Math.imul).
 */
import { AppError } from '../../shared/ipc/errors'

/** Throws unless `seed` is a safe integer. */
export function assertSeed(seed: number): void {
  if (!Number.isSafeInteger(seed)) throw new AppError('INVALID_ARGUMENT', `seed must be an integer, got ${seed}`)
}

import { mulberry32 } from '../random/mulberry32'

export { mulberry32 }

/** Derive an independent seed for a sub-task (e.g. the validation carve of fold i). */
export function deriveSeed(seed: number, salt: number): number {
  let h = (seed ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0
  return (h ^ (h >>> 16)) >>> 0
}

/** Fisher-Yates shuffle of a copy of `items`. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice()
  const rand = mulberry32(seed)
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    const tmp = out[i]
    out[i] = out[j]
    out[j] = tmp
  }
  return out
}
