/**
 * Deterministic test signals, mirroring `fixtures/make-mel-fixtures.py` (same recipes, same arithmetic),
 * rounded to float32 like decoded PCM. Used by the tests only.
 */
export type SignalRecipe =
  | { readonly kind: 'sine'; readonly seconds: number; readonly frequency: number; readonly amplitude: number }
  | { readonly kind: 'chirp'; readonly seconds: number; readonly f0: number; readonly f1: number; readonly amplitude: number }
  | { readonly kind: 'noise'; readonly seconds: number; readonly seed: number; readonly amplitude: number }
  | { readonly kind: 'impulses'; readonly seconds: number; readonly first: number; readonly period: number; readonly amplitude: number }

/** xorshift32 (x ^= x<<13; x ^= x>>17; x ^= x<<5), u = x / 2³² − 0.5 ∈ [−0.5, 0.5). */
export function xorshift32Uniform(seed: number, n: number): Float64Array {
  let x = seed >>> 0
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    x = (x ^ (x << 13)) >>> 0
    x = (x ^ (x >>> 17)) >>> 0
    x = (x ^ (x << 5)) >>> 0
    out[i] = x / 4294967296 - 0.5
  }
  return out
}

export function makeSignal(recipe: SignalRecipe, sampleRate = 22_050): Float32Array {
  const n = Math.round(recipe.seconds * sampleRate)
  const y = new Float32Array(n)
  switch (recipe.kind) {
    case 'sine':
      for (let i = 0; i < n; i++) y[i] = recipe.amplitude * Math.sin(2 * Math.PI * recipe.frequency * (i / sampleRate))
      break
    case 'chirp': {
      const { f0, f1, seconds: dur } = recipe
      for (let i = 0; i < n; i++) {
        const t = i / sampleRate
        y[i] = recipe.amplitude * Math.sin(2 * Math.PI * (f0 * t + ((f1 - f0) * t * t) / (2 * dur)))
      }
      break
    }
    case 'noise': {
      const u = xorshift32Uniform(recipe.seed, n)
      for (let i = 0; i < n; i++) y[i] = recipe.amplitude * 2 * u[i]
      break
    }
    case 'impulses':
      for (let i = recipe.first; i < n; i += recipe.period) y[i] = recipe.amplitude
      break
  }
  return y
}
