import { describe, expect, it } from 'vitest'
import { axisRange, blandAltman, drawIndices, LOA_Z, ticks } from './bland-altman'

describe('Bland–Altman', () => {
  it('computes mean/difference per paired frame, the bias and the 95 % limits (hand-worked example)', () => {
    const a = { frames: [0, 1, 2, 3], values: [1, 2, 3, 4] }
    const b = { frames: [0, 1, 2, 3], values: [0.5, 2.5, 2, 4] }
    const r = blandAltman(a, b)
    expect(r.n).toBe(4)
    expect([...r.diff]).toEqual([0.5, -0.5, 1, 0])
    expect([...r.mean]).toEqual([0.75, 2.25, 2.5, 4])
    expect(r.bias).toBeCloseTo(0.25, 12)
    // Σ(d − d̄)² = 1.25, SD = √(1.25 / 3)
    expect(r.sd).toBeCloseTo(Math.sqrt(1.25 / 3), 12)
    expect(r.lower).toBeCloseTo(0.25 - 1.96 * Math.sqrt(1.25 / 3), 12)
    expect(r.upper).toBeCloseTo(0.25 + 1.96 * Math.sqrt(1.25 / 3), 12)
    expect(LOA_Z).toBe(1.96)
  })

  it('pairs by frame number and skips frames where either value is missing', () => {
    const a = { frames: [5, 3, 4, 6, 9], values: [0.2, 0.1, null, 0.4, 0.9] }
    const b = { frames: [3, 4, 5, 6, 7], values: [0.0, 0.3, 0.2, NaN, 0.1] }
    const r = blandAltman(a, b)
    expect([...r.frames]).toEqual([3, 5])
    expect([...r.diff].map((d) => Number(d.toFixed(12)))).toEqual([0.1, 0])
    expect(r.bias).toBeCloseTo(0.05, 12)
  })

  it('is undefined (NaN), not zero, with too few pairs', () => {
    const none = blandAltman({ frames: [0], values: [null] }, { frames: [0], values: [1] })
    expect(none.n).toBe(0)
    expect(none.bias).toBeNaN()
    expect(none.sd).toBeNaN()
    const one = blandAltman({ frames: [0], values: [0.5] }, { frames: [0], values: [0.25] })
    expect(one.bias).toBe(0.25)
    expect(one.sd).toBeNaN()
    expect(one.upper).toBeNaN()
  })

  it('identical traces have zero bias and zero-width limits', () => {
    const t = { frames: [0, 1, 2], values: [0.1, -0.2, 0.3] }
    const r = blandAltman(t, t)
    expect(r.bias).toBe(0)
    expect(r.sd).toBe(0)
    expect(r.lower).toBe(0)
    expect(r.upper).toBe(0)
  })
})

describe('plot helpers', () => {
  it('thin the drawn points evenly but never the statistics', () => {
    expect(drawIndices(3, 10)).toEqual([0, 1, 2])
    const idx = drawIndices(1000, 100)
    expect(idx).toHaveLength(100)
    expect(idx[0]).toBe(0)
    expect(idx[99]).toBe(990)
  })
  it('pad axis ranges and pick round ticks', () => {
    expect(axisRange([0, 1])).toEqual([-0.08, 1.08])
    expect(axisRange([0.5, 0.5])).toEqual([0.4, 0.6])
    expect(axisRange([], [])).toEqual([-1, 1])
    const [lo, hi] = axisRange([0, 0.2], [-1])
    expect(lo).toBeLessThan(-1)
    expect(hi).toBeGreaterThan(0.2)
    expect(ticks(-1, 1, 4)).toEqual([-1, -0.5, 0, 0.5, 1])
    expect(ticks(0.03, 0.31, 5)).toEqual([0.1, 0.2, 0.3])
    expect(ticks(0, 1, 10)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1])
  })
})
