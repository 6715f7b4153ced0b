import { describe, expect, it } from 'vitest'
import { FIXTURES, nums } from './fixtures/fixture-types'
import { expectClose } from './fixtures/test-helpers'
import { sagr } from './sagr'

describe('sagr', () => {
  for (const [name, f] of Object.entries(FIXTURES.pairs)) {
    it(`matches numpy (np.sign, and x ≥ 0 variant) on fixture "${name}"`, () => {
      expectClose(sagr(nums(f.pred), nums(f.gold)), f.expected.sagr, 1e-12, name)
      expectClose(sagr(nums(f.pred), nums(f.gold), { zero: 'positive' }), f.expected.sagrPositiveZero, 1e-12, name)
    })
  }

  it('zero is its own sign class by default', () => {
    // pairs: (0,0) agree, (0,+) disagree, (−0,0) agree, (+,+) agree
    expect(sagr([0, 0, -0, 1], [0, 0.5, 0, 2])).toBe(0.75)
    // with zero counted as positive, (0, +) agrees
    expect(sagr([0, 0, -0, 1], [0, 0.5, 0, 2], { zero: 'positive' })).toBe(1)
    expect(sagr([0, -1], [-0.1, -1], { zero: 'positive' })).toBe(0.5)
  })

  it('pairwise deletion, NaN below 2 valid pairs, throws on mismatch', () => {
    expect(sagr([1, NaN, -1, 1], [1, 1, 1, NaN])).toBe(0.5)
    expect(sagr([1], [1])).toBeNaN()
    expect(() => sagr([1, 2], [1])).toThrowError(/length 2.*length 1/)
  })
})
