import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/ipc/errors'
import {
  DELTA_WA_LEVELS,
  attentionSpread,
  attentionSpreadPerFrame,
  attentionWindowsFromFlat,
  segmentByLevel,
  spreadSegments
} from './attention-spread'

describe('attentionSpread', () => {
  it('range = 100·(max − min); relative-range = 100·(max − min)/max', () => {
    // w = [0.5, 0.25, 0.125, 0.125]: max 0.5, min 0.125 → 37.5 %; relative 0.375/0.5 → 75 %
    expect(attentionSpread([0.5, 0.25, 0.125, 0.125])).toBeCloseTo(37.5, 12)
    expect(attentionSpread([0.5, 0.25, 0.125, 0.125], 'relative-range')).toBeCloseTo(75, 12)
  })

  it('is 0 for uniform attention (n = 8: every weight 12.5 %)', () => {
    const w = new Float32Array(8).fill(0.125)
    expect(attentionSpread(w)).toBe(0)
    expect(attentionSpread(w, 'relative-range')).toBe(0)
  })

  it('skips masked (NaN) weights', () => {
    // [NaN, 0.6, 0.4] → 100·0.2 = 20; relative 0.2/0.6 → 33.3 %
    expect(attentionSpread([NaN, 0.6, 0.4])).toBeCloseTo(20, 12)
    expect(attentionSpread([NaN, 0.6, 0.4], 'relative-range')).toBeCloseTo(100 / 3, 12)
  })

  it('is NaN with fewer than 2 finite weights, for a missing window, and relative-range with max 0', () => {
    expect(attentionSpread([0.7, NaN])).toBeNaN()
    expect(attentionSpread([])).toBeNaN()
    expect(attentionSpread(null)).toBeNaN()
    expect(attentionSpread(undefined)).toBeNaN()
    expect(attentionSpread([0, 0], 'relative-range')).toBeNaN()
    expect(attentionSpread([0, 0], 'range')).toBe(0)
  })
})

describe('attentionSpreadPerFrame', () => {
  it('computes every frame and counts the undefined ones', () => {
    const s = attentionSpreadPerFrame([[0.5, 0.5], null, [1], [0.9, 0.1]])
    expect(Array.from(s.values).map((v) => (Number.isNaN(v) ? 'NaN' : v.toFixed(6)))).toEqual([
      '0.000000',
      'NaN',
      'NaN',
      '80.000000'
    ])
    expect(s.nUndefined).toBe(2)
    expect(s.definition).toBe('range')
  })

  it('rejects an unknown definition', () => {
    expect(() => attentionSpreadPerFrame([], 'bogus' as 'range')).toThrow(/unknown spread definition/)
  })
})

describe('attentionWindowsFromFlat', () => {
  it('slices frames × n blocks (views for typed arrays)', () => {
    const flat = Float32Array.from([0.5, 0.25, 0.25, 1, 0, 0])
    const w = attentionWindowsFromFlat(flat, 3)
    expect(w).toHaveLength(2)
    expect(Array.from(w[1])).toEqual([1, 0, 0])
    flat[3] = 0.75
    expect(w[1][0]).toBe(0.75)
    expect(attentionWindowsFromFlat([1, 2, 3, 4], 2).map((x) => Array.from(x))).toEqual([
      [1, 2],
      [3, 4]
    ])
  })

  it('throws LENGTH_MISMATCH when the blob is not whole windows', () => {
    try {
      attentionWindowsFromFlat(new Float32Array(7), 3)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(AppError)
      expect((e as AppError).code).toBe('LENGTH_MISMATCH')
      expect((e as AppError).message).toContain('7 values')
    }
  })
})

describe('segmentByLevel', () => {
  const spread = [10, 12.5, 20, 30, NaN, 60]

  it('"above" (thesis text) is strict: spread > level', () => {
    const s = segmentByLevel(spread, 12.5, 'above')
    expect(s.membership).toEqual([false, false, true, true, null, true])
    expect(s.label).toBe('ΔW^a > 12.5%')
    expect(s.counts).toEqual({ inside: 3, outside: 2, undefined: 1, total: 6 })
  })

  it('"at-most" (table headers) is spread ≤ level, the complement on defined frames', () => {
    const s = segmentByLevel(spread, 12.5, 'at-most')
    expect(s.membership).toEqual([true, true, false, false, null, false])
    expect(s.label).toBe('ΔW^a ≤ 12.5%')
    expect(s.counts).toEqual({ inside: 2, outside: 3, undefined: 1, total: 6 })
  })

  it('rejects levels outside [0, 100] and unknown modes', () => {
    expect(() => segmentByLevel(spread, 120, 'above')).toThrow(/percentage/)
    expect(() => segmentByLevel(spread, NaN, 'above')).toThrow(/percentage/)
    expect(() => segmentByLevel(spread, 10, 'below' as 'above')).toThrow(/mode/)
  })
})

describe('spreadSegments', () => {
  it('defaults to the thesis levels 12.5 / 25 / 50 %', () => {
    expect(DELTA_WA_LEVELS).toEqual([12.5, 25, 50])
    const segs = spreadSegments([10, 12.5, 20, 30, NaN, 60], { mode: 'above' })
    expect(segs.map((s) => s.label)).toEqual(['ΔW^a > 12.5%', 'ΔW^a > 25%', 'ΔW^a > 50%'])
    expect(segs.map((s) => s.counts.inside)).toEqual([3, 2, 1])
    const atMost = spreadSegments([10, 12.5, 20, 30, NaN, 60], { mode: 'at-most', quantity: 'ΔW_G' })
    expect(atMost.map((s) => s.counts.inside)).toEqual([2, 3, 4])
    expect(atMost[0].label).toBe('ΔW_G ≤ 12.5%')
  })

  it('an empty input gives empty segments, not an error', () => {
    const segs = spreadSegments([], { mode: 'above', levels: [25] })
    expect(segs[0].counts).toEqual({ inside: 0, outside: 0, undefined: 0, total: 0 })
    expect(() => spreadSegments([], { mode: 'above', levels: [] })).toThrow(/at least one level/)
  })
})
