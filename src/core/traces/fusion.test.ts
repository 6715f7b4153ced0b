import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { eweWeights, fuseEwe, fuseMean, weightedFrameMean } from './fusion'
import { fuseTraces, type FusionSpec } from './gold-standard'

function rng(seed: number): () => number {
  let s = seed
  return () => (s = (s * 16807) % 2147483647) / 2147483647
}
function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r())
}
function rmse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2
  return Math.sqrt(s / a.length)
}

const truth = Float64Array.from({ length: 1500 }, (_, i) => Math.sin(i / 40) + 0.5 * Math.sin(i / 13 + 1))

function noisyRaters(sigmas: number[], seed = 42): Float64Array[] {
  const r = rng(seed)
  return sigmas.map((s) => truth.map((v) => v + s * gauss(r)))
}

describe('fuseMean', () => {
  it('averages the finite raters per frame and honours minRaters', () => {
    const raters = [
      [1, 2, NaN, NaN],
      [3, NaN, 5, NaN],
      [5, 4, NaN, NaN]
    ]
    const r = fuseMean(raters)
    expect(Array.from(r.values.slice(0, 3))).toEqual([3, 3, 5])
    expect(r.values[3]).toBeNaN()
    expect(r.recipe.weights).toEqual([1 / 3, 1 / 3, 1 / 3])
    const strict = fuseMean(raters, { minRaters: 2 })
    expect(strict.values[2]).toBeNaN()
    expect(strict.values[1]).toBe(3)
    expect(() => fuseMean([[1, 2], [1]])).toThrow(/rater 1 has 1 frames/)
    expect(() => fuseMean([])).toThrow(/at least one/)
  })

  it('weightedFrameMean renormalises the weights over the raters present', () => {
    const v = weightedFrameMean([[1, 1], [4, NaN]], [0.25, 0.75])
    expect(v[0]).toBeCloseTo(0.25 + 3, 12)
    expect(v[1]).toBe(1)
  })
})

describe('EWE', () => {
  it('orders weights by rater reliability (noise sigma 0.1 < 0.3 < 0.6 < 1.2)', () => {
    const raters = noisyRaters([0.6, 0.1, 1.2, 0.3])
    const { weights, correlations, fallback } = eweWeights(raters)
    expect(fallback).toBe(false)
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    // index order by sigma: 1 (0.1), 3 (0.3), 0 (0.6), 2 (1.2)
    expect(weights[1]).toBeGreaterThan(weights[3])
    expect(weights[3]).toBeGreaterThan(weights[0])
    expect(weights[0]).toBeGreaterThan(weights[2])
    correlations.forEach((r, k) => expect(weights[k]).toBeCloseTo(r / correlations.reduce((a, b) => a + b, 0), 12))
  })

  it('is closer to the truth than the plain mean when raters differ in reliability', () => {
    const raters = noisyRaters([0.05, 0.1, 1.5, 2])
    const e = fuseEwe(raters)
    const m = fuseMean(raters)
    expect(rmse(e.values, truth)).toBeLessThan(rmse(m.values, truth) * 0.8)
  })

  it('clips an anti-correlated rater to weight 0, falls back to equal weights when nobody agrees', () => {
    const raters = noisyRaters([0.1, 0.2, 0.2])
    raters.push(truth.map((v) => -v))
    const r = fuseEwe(raters)
    const corr = r.recipe.correlations ?? []
    expect(corr[3]).not.toBeNull()
    expect(corr[3] as number).toBeLessThan(-0.5)
    expect(r.recipe.weights[3]).toBe(0)
    expect(r.recipe.params.negativeWeights).toBe('clip-to-zero')
    // frame where only the zero-weight rater has a value -> NaN
    const only = raters.map((x, k) => {
      const c = Float64Array.from(x)
      if (k < 3) c[0] = NaN
      return c
    })
    expect(fuseEwe(only).values[0]).toBeNaN()
    const opposite = fuseEwe([truth, truth.map((v) => -v)])
    expect(opposite.recipe.weights).toEqual([0.5, 0.5])
    expect(opposite.recipe.params.fallback).toBe('equal')
    expect(fuseEwe([[1, 2, 3]]).recipe.weights).toEqual([1])
  })

  it('keeps weights as a probability vector on random raters (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }), { minLength: 2, maxLength: 5 }),
        (raters) => {
          const { weights } = eweWeights(raters)
          expect(weights.every((w) => w >= 0 && w <= 1)).toBe(true)
          expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9)
        }
      ),
      { numRuns: 200 }
    )
  })
})

describe('fuseTraces and recipes', () => {
  it('dispatches by method and returns JSON-safe recipes', () => {
    const raters = noisyRaters([0.1, 0.3, 0.5]).map((r) => r.subarray(0, 200))
    const specs: FusionSpec[] = [{ method: 'mean' }, { method: 'ewe' }, { method: 'dba', band: 5, iterations: 3 }]
    for (const spec of specs) {
      const { values, recipe } = fuseTraces(raters, spec)
      expect(values.length).toBe(200)
      expect(recipe.method).toBe(spec.method)
      expect(recipe.raterCount).toBe(3)
      expect(JSON.parse(JSON.stringify(recipe))).toEqual(recipe)
    }
    expect(() => fuseTraces(raters, { method: 'median' } as unknown as FusionSpec)).toThrow(/unknown fusion method/)
  })
})
