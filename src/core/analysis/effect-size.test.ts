import { describe, expect, it } from 'vitest'
import { cliffsDelta, cohensD, groupStats } from './effect-size'

describe('groupStats', () => {
  it('n, mean, sample SD and median of the finite values', () => {
    const s = groupStats([0.5, NaN, 0.7, 0.6])
    expect(s.n).toBe(3)
    expect(s.mean).toBeCloseTo(0.6, 12)
    expect(s.sd).toBeCloseTo(0.1, 12)
    expect(s.median).toBeCloseTo(0.6, 12)
    expect(groupStats([1, 4]).median).toBe(2.5)
    expect(groupStats([2]).sd).toBeNull()
    expect(groupStats([])).toEqual({ n: 0, mean: null, sd: null, median: null })
  })
})

describe("Cohen's d (pooled SD)", () => {
  it('hand example: (0.3 − 0.6)/0.1 = −3', () => {
    expect(cohensD([0.2, 0.3, 0.4], [0.5, 0.6, 0.7]).value).toBeCloseTo(-3, 10)
  })

  it('unequal sizes: s_p = √((0·0 + 2·0.01)/2) = 0.1 → (0.5 − 0.6)/0.1 = −1', () => {
    expect(cohensD([0.5], [0.5, 0.6, 0.7]).value).toBeCloseTo(-1, 10)
  })

  it('undefined cases carry a reason', () => {
    expect(cohensD([], [1, 2]).reason).toContain('empty')
    expect(cohensD([1], [2]).reason).toContain('≥ 3')
    expect(cohensD([1, 1], [2, 2])).toEqual({ value: null, reason: 'pooled SD is 0 (both groups constant)' })
  })
})

describe("Cliff's delta", () => {
  it('hand examples with ties', () => {
    expect(cliffsDelta([0.2, 0.3], [0.5, 0.6]).value).toBe(-1)
    expect(cliffsDelta([1, 2, 2, 3], [2, 2]).value).toBe(0)
    // x = [3,4], y = [1,2,3]: 3 beats 1,2, ties 3 → +2; 4 beats all → +3; 5/6
    expect(cliffsDelta([3, 4], [1, 2, 3]).value).toBeCloseTo(5 / 6, 15)
    expect(cliffsDelta([0.5], [0.5, 0.6, 0.7]).value).toBeCloseTo(-2 / 3, 15)
  })

  it('matches the O(n·m) definition on random data with ties', () => {
    let seed = 7
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return Math.floor((seed / 2147483648) * 20) / 20
    }
    const x = Array.from({ length: 57 }, rand)
    const y = Array.from({ length: 43 }, rand)
    let s = 0
    for (const a of x) for (const b of y) s += Math.sign(a - b)
    expect(cliffsDelta(x, y).value).toBeCloseTo(s / (x.length * y.length), 15)
  })

  it('ignores missing values; empty group → null with reason', () => {
    expect(cliffsDelta([NaN, 1], [0]).value).toBe(1)
    expect(cliffsDelta([NaN], [0]).reason).toContain('empty')
  })
})
