/** Small seeded PRNG utilities (mulberry32). Deterministic across platforms: integer arithmetic only. */

import { mulberry32, type Rng } from '../../../core/random/mulberry32'

export { mulberry32, type Rng }

/** FNV-1a hash of a string to an unsigned 32-bit integer (for deriving seeds from names). */
export function hashString(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** Derives an independent child seed from a seed and a label (e.g. `deriveSeed(seed, 'audio')`). */
export function deriveSeed(seed: number, label: string): number {
  return hashString(`${seed >>> 0}:${label}`)
}

export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng()
}

/** Integer in [lo, hi] inclusive. */
export function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1))
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length) % items.length]
}

/** Standard normal sample (Box–Muller). */
export function normal(rng: Rng): number {
  let u = rng()
  if (u < 1e-12) u = 1e-12
  const v = rng()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

/** Fisher–Yates shuffle in place; returns the array. */
export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    const t = items[i]
    items[i] = items[j]
    items[j] = t
  }
  return items
}
