import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { RANGE_AFEW_VA, RANGE_SIGNED_UNIT, RANGE_UNIT, rescale, rescaleValue } from './normalise'

describe('rescale', () => {
  it('maps between the label ranges', () => {
    expect(Array.from(rescale([-10, 0, 5, 10], RANGE_AFEW_VA, RANGE_SIGNED_UNIT))).toEqual([-1, 0, 0.5, 1])
    expect(Array.from(rescale([-1, 0, 1], RANGE_SIGNED_UNIT, RANGE_UNIT))).toEqual([0, 0.5, 1])
    expect(rescaleValue(0.25, RANGE_UNIT, RANGE_AFEW_VA)).toBe(-5)
    expect(rescaleValue(2, RANGE_SIGNED_UNIT, RANGE_UNIT, true)).toBe(1)
    expect(rescale([NaN], RANGE_UNIT, RANGE_AFEW_VA, true)[0]).toBeNaN()
    expect(() => rescale([0], [1, 1], RANGE_UNIT)).toThrow(/min < max/)
  })

  it('round-trips (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), (x) => {
        const y = rescaleValue(x, RANGE_AFEW_VA, RANGE_SIGNED_UNIT)
        expect(y).toBeGreaterThanOrEqual(-1)
        expect(y).toBeLessThanOrEqual(1)
        expect(rescaleValue(y, RANGE_SIGNED_UNIT, RANGE_AFEW_VA)).toBeCloseTo(x, 9)
      })
    )
  })
})
