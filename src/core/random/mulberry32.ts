/**
 * mulberry32: a small, fast 32-bit PRNG returning floats in [0, 1). Deterministic on every platform
 * (32-bit integer arithmetic via Math.imul only). The project's one seeded generator: folds, the
 * synthetic world, parameter initialisation and tests all draw from it.
 */
export type Rng = () => number

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
