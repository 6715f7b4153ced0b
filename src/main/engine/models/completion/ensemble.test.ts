import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../../../core/random/mulberry32'
import { blockBootstrap, contiguousFolds, DEFAULT_LAMBDAS, fitEnsemble, predictEnsemble, type EnsembleOptions } from './ensemble'
import { normalEquations, predictRow, solveRidge } from './ridge'

const OPTS: EnsembleOptions = { members: 5, seed: 3, blockFrames: 10, lambdas: DEFAULT_LAMBDAS, cvFolds: 5 }

/** n rows of d features around 0 (unit spread), y = w·x + noise. */
function data(n: number, d: number, noise: number, seed: number): { x: Float64Array; y: Float64Array; w: number[] } {
  const rng = mulberry32(seed)
  const w = Array.from({ length: d }, (_, k) => (k % 2 ? -1 : 1) * (0.2 + 0.1 * k))
  const x = new Float64Array(n * d)
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = 0.3
    for (let k = 0; k < d; k++) {
      x[i * d + k] = 2 * rng() - 1
      s += w[k] * x[i * d + k]
    }
    y[i] = s + noise * (2 * rng() - 1)
  }
  return { x, y, w }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('completion ridge and ensemble', () => {
  it('ridge recovers the weights and intercept of noiseless linear data', () => {
    const { x, y, w } = data(200, 6, 0, 1)
    const m = solveRidge(normalEquations(x, 6, y, range(200)), 1e-9)
    w.forEach((wk, k) => expect(m.w[k]).toBeCloseTo(wk, 6))
    expect(predictRow(m, x, 6, 17)).toBeCloseTo(y[17], 6)
    // A large penalty shrinks the weights towards 0 (prediction → mean of y).
    const big = solveRidge(normalEquations(x, 6, y, range(200)), 1e6)
    expect(Math.max(...Array.from(big.w, Math.abs))).toBeLessThan(0.01)
  })

  it('block bootstrap draws n rows in whole blocks, deterministic per seed', () => {
    const c = blockBootstrap(95, 10, mulberry32(4))
    expect(c.reduce((s, v) => s + v, 0)).toBe(95)
    expect(Array.from(blockBootstrap(95, 10, mulberry32(4)))).toEqual(Array.from(c))
    expect(Array.from(blockBootstrap(95, 10, mulberry32(5)))).not.toEqual(Array.from(c))
    expect(contiguousFolds(range(11), 3)).toEqual([[0, 1, 2], [3, 4, 5, 6], [7, 8, 9, 10]])
  })

  it('is deterministic for a seed and differs between seeds', () => {
    const { x, y } = data(300, 8, 0.3, 2)
    const a = fitEnsemble(x, 8, y, range(200), OPTS)
    const b = fitEnsemble(x, 8, y, range(200), OPTS)
    const c = fitEnsemble(x, 8, y, range(200), { ...OPTS, seed: 4 })
    for (const r of [210, 250, 299]) {
      expect(predictEnsemble(b, x, 8, r)).toEqual(predictEnsemble(a, x, 8, r))
      expect(predictEnsemble(c, x, 8, r).std).not.toBe(predictEnsemble(a, x, 8, r).std)
    }
    expect(a.lambda).toBe(b.lambda)
  })

  it('predicts held-out rows, and its spread grows off the training distribution', () => {
    const d = 8
    const { x, y } = data(400, d, 0.3, 3)
    const fit = fitEnsemble(x, d, y, range(300), OPTS)
    let se = 0
    let inSpread = 0
    for (let r = 300; r < 400; r++) {
      const p = predictEnsemble(fit, x, d, r)
      se += (p.mean - y[r]) ** 2
      inSpread += p.std / 100
    }
    expect(Math.sqrt(se / 100)).toBeLessThan(0.3) // noise is uniform ±0.3 (sd 0.17)
    expect(inSpread).toBeGreaterThan(0)
    // Rows far outside the training cloud (features 6× the training range): the members disagree much more.
    const far = new Float64Array(20 * d)
    const rng = mulberry32(9)
    for (let i = 0; i < far.length; i++) far[i] = 12 * (2 * rng() - 1)
    let farSpread = 0
    for (let r = 0; r < 20; r++) farSpread += predictEnsemble(fit, far, d, r).std / 20
    expect(farSpread).toBeGreaterThan(3 * inSpread)
  })

  it('refuses fewer than two training rows; one member has no spread', () => {
    const { x, y } = data(50, 3, 0.1, 4)
    expect(() => fitEnsemble(x, 3, y, [1], OPTS)).toThrow(/at least 2/)
    const one = fitEnsemble(x, 3, y, range(40), { ...OPTS, members: 1 })
    expect(predictEnsemble(one, x, 3, 45).std).toBe(0)
  })
})
