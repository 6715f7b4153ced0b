import { describe, expect, it } from 'vitest'
import { ccc } from './ccc'
import { FIXTURES, nums } from './fixtures/fixture-types'
import { expectClose } from './fixtures/test-helpers'

describe('ccc', () => {
  for (const [name, f] of Object.entries(FIXTURES.pairs)) {
    it(`matches numpy on fixture "${name}"`, () => {
      expectClose(ccc(nums(f.pred), nums(f.gold)), f.expected.ccc, 1e-6, name)
      expectClose(ccc(Float64Array.from(nums(f.pred)), nums(f.gold)), f.expected.ccc, 1e-6, name)
    })
  }

  it('hand example: 2·cov / (σx² + σy² + (μx − μy)²) with 1/N moments', () => {
    // x = [1,2,3], y = [2,4,6]: μ 2, 4; σ² 2/3, 8/3; cov 4/3 → 8/3 / (10/3 + 4) = 4/11
    expect(ccc([1, 2, 3], [2, 4, 6])).toBeCloseTo(4 / 11, 12)
  })

  it('is 1 for identical non-constant series, −1 for y = −x (zero mean), symmetric', () => {
    expect(ccc([0.1, -0.3, 0.7], [0.1, -0.3, 0.7])).toBeCloseTo(1, 14)
    expect(ccc([1, -1, 2, -2], [-1, 1, -2, 2])).toBeCloseTo(-1, 14)
    expect(ccc([1, 5, 2], [3, 3, 9])).toBeCloseTo(ccc([3, 3, 9], [1, 5, 2]), 15)
  })

  it('penalises a constant offset where Pearson would not', () => {
    const x = [0, 1, 2, 3]
    expect(ccc(x, x.map((v) => v + 1))).toBeLessThan(1)
  })

  it('accepts Float32Array input', () => {
    const x = Float32Array.from([0.1, 0.5, -0.2, 0.9])
    const y = Float32Array.from([0.2, 0.4, -0.1, 0.7])
    expect(ccc(x, y)).toBeCloseTo(ccc(Array.from(x), Array.from(y)), 14)
  })

  describe('zero variance (documented choice)', () => {
    it('identical constants: 0/0 → NaN', () => {
      expect(ccc([0.1, 0.1, 0.1], [0.1, 0.1, 0.1])).toBeNaN()
    })
    it('different constants: 0 (no covariance, finite mean disagreement)', () => {
      expect(ccc([0.1, 0.1, 0.1], [0.3, 0.3, 0.3])).toBe(0)
    })
    it('constant vs varying: 0', () => {
      expect(ccc([0.2, 0.2, 0.2, 0.2], [0.1, 0.5, -0.2, 0.3])).toBe(0)
    })
  })

  it('missing values: pairwise deletion; NaN below 2 valid pairs', () => {
    expect(ccc([1, NaN, 2, 3, 9], [2, 5, 4, 6, NaN])).toBeCloseTo(4 / 11, 12)
    expect(ccc([1, NaN], [1, 2])).toBeNaN()
    expect(ccc([], [])).toBeNaN()
    expect(ccc([1, Infinity, 2, 3], [2, 1, 4, 6])).toBeCloseTo(4 / 11, 12)
  })

  it('throws on length mismatch, naming both lengths', () => {
    expect(() => ccc([1, 2, 3], [1, 2])).toThrowError(/3.*2/)
  })
})
