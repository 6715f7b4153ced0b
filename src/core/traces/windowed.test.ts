import { describe, it, expect } from 'vitest'
import { ccc } from '../metrics/ccc'
import { pcc } from '../metrics/pcc'
import { windowedCcc, windowedMetric } from './windowed'

describe('windowedMetric', () => {
  it('tracks CCC per window: perfect where the prediction matches, negative where it is inverted', () => {
    const n = 100
    const gold = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 3))
    const pred = Float64Array.from(gold, (v, i) => (i < 50 ? v : -v))
    const t = windowedCcc(gold, pred, { window: 20, hop: 10 })
    expect(Array.from(t.starts)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80])
    expect(t.centers[0]).toBe(9.5)
    expect(t.values[0]).toBeCloseTo(1, 12)
    expect(t.values[2]).toBeCloseTo(1, 12)
    expect(t.values[6]).toBeLessThan(-0.9)
    // the straddling window equals the CCC computed by hand
    expect(t.values[4]).toBeCloseTo(ccc(gold.subarray(40, 60), pred.subarray(40, 60)), 12)
  })

  it('gives NaN where a window has too few valid frames, and takes any metric', () => {
    const gold = Float64Array.from({ length: 40 }, (_, i) => i % 7)
    const pred = Float64Array.from(gold, (v) => 2 * v + 1)
    for (let i = 10; i < 18; i++) pred[i] = NaN
    const t = windowedMetric(gold, pred, { window: 10, metric: pcc })
    expect(t.values.length).toBe(4)
    expect(t.validCounts[1]).toBe(2)
    expect(t.values[1]).toBeNaN()
    expect(t.values[0]).toBeCloseTo(1, 12) // pcc ignores scale and offset
    expect(windowedMetric(gold, pred, { window: 10, metric: pcc, minValid: 2 }).values[1]).toBeCloseTo(1, 12)
    expect(windowedCcc(gold.subarray(0, 5), pred.subarray(0, 5), { window: 10 }).values.length).toBe(0)
    expect(windowedCcc([1, 1, 1], [1, 1, 1], { window: 3 }).values[0]).toBeNaN()
    expect(() => windowedCcc([1], [1, 2], { window: 1 })).toThrow(/LENGTH|samples/)
    expect(() => windowedCcc([1], [1], { window: 0 })).toThrow(/window/)
  })
})
