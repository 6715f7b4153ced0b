import { describe, expect, it } from 'vitest'
import { mae, mse, rmse } from './errors'
import { FIXTURES, nums } from './fixtures/fixture-types'
import { expectClose } from './fixtures/test-helpers'

describe('rmse / mae', () => {
  for (const [name, f] of Object.entries(FIXTURES.pairs)) {
    it(`match numpy on fixture "${name}"`, () => {
      expectClose(rmse(nums(f.pred), nums(f.gold)), f.expected.rmse, 1e-6, name)
      expectClose(mae(nums(f.pred), nums(f.gold)), f.expected.mae, 1e-6, name)
    })
  }

  it('hand example', () => {
    expect(rmse([0, 0, 0, 0], [1, -1, 1, -1])).toBe(1)
    expect(mae([0, 1, 2], [1, 1, 0])).toBe(1)
    expect(mse([0, 0], [3, 4])).toBe(12.5)
  })

  it('pairwise deletion and NaN below 2 valid pairs', () => {
    expect(rmse([0, NaN, 0], [3, 1, 4])).toBeCloseTo(Math.sqrt(12.5), 14)
    expect(mae([NaN, 1], [1, 1])).toBeNaN()
  })

  it('throws on length mismatch', () => {
    expect(() => rmse([1, 2], [1, 2, 3])).toThrowError(/length 2.*length 3/)
  })
})
