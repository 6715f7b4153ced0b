import { describe, expect, it } from 'vitest'
import { FIXTURES, nums } from './fixtures/fixture-types'
import { expectClose } from './fixtures/test-helpers'
import { pcc } from './pcc'

describe('pcc', () => {
  for (const [name, f] of Object.entries(FIXTURES.pairs)) {
    it(`matches scipy.stats.pearsonr on fixture "${name}"`, () => {
      expectClose(pcc(nums(f.pred), nums(f.gold)), f.expected.pcc, 1e-6, name)
    })
  }

  it('is invariant to offset and positive scale', () => {
    const x = [0.3, -1, 2, 0.5, 0.1]
    const y = [1, -0.5, 1.5, 0.2, 0.4]
    expect(pcc(x.map((v) => 3 * v + 7), y)).toBeCloseTo(pcc(x, y), 12)
  })

  it('is NaN for a constant series or < 2 valid pairs', () => {
    expect(pcc([1, 1, 1], [1, 2, 3])).toBeNaN()
    expect(pcc([1, NaN, 3], [NaN, 2, 3])).toBeNaN()
  })

  it('stays within [−1, 1]', () => {
    const r = pcc([1e-8, 2e-8, 3e-8], [3, 2, 1])
    expect(r).toBeGreaterThanOrEqual(-1)
    expect(r).toBeCloseTo(-1, 12)
  })

  it('throws on length mismatch', () => {
    expect(() => pcc([1], [1, 2])).toThrowError(/length 1.*length 2/)
  })
})
