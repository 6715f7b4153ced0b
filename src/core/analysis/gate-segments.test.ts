import { describe, expect, it } from 'vitest'
import { deltaWgSegments, gateMeanPerFrame, gateThresholdSegment, gateThresholdSegments, gateWindowRange, T_ZG_THRESHOLDS } from './gate-segments'

describe('gateMeanPerFrame', () => {
  it('averages the finite units of each frame; NaN for a frame without units', () => {
    const m = gateMeanPerFrame([[0.2, 0.4], [NaN, 1], null, [], Float32Array.from([0.5])])
    expect(m[0]).toBeCloseTo(0.3, 12)
    expect(m[1]).toBe(1)
    expect(m[2]).toBeNaN()
    expect(m[3]).toBeNaN()
    expect(m[4]).toBe(0.5)
  })
})

describe('gateThresholdSegment', () => {
  const zg = [0.1, 0.2, 0.5, 0.8, 0.95, NaN, 0.25, 0.75]

  it('T = 0.25: inside iff ZG < 0.25 or ZG > 0.75 (strict at both bounds)', () => {
    const s = gateThresholdSegment(zg, 0.25)
    expect(s.membership).toEqual([true, true, false, true, true, null, false, false])
    expect(s.nLow).toBe(2)
    expect(s.nHigh).toBe(2)
    expect(s.counts).toEqual({ inside: 4, outside: 3, undefined: 1, total: 8 })
    expect(s.label).toBe('T_ZG = 0.25 (ZG < 0.25 or ZG > 0.75)')
  })

  it('the thesis thresholds shrink the segment: 0.25 ⊇ 0.125 ⊇ 0.0625', () => {
    expect(T_ZG_THRESHOLDS).toEqual([0.25, 0.125, 0.0625])
    const segs = gateThresholdSegments(zg)
    expect(segs[1].membership).toEqual([true, false, false, false, true, null, false, false])
    expect(segs[2].membership).toEqual([false, false, false, false, true, null, false, false])
    expect(segs.map((s) => s.counts.inside)).toEqual([4, 2, 1])
    expect(segs[2].label).toBe('T_ZG = 0.0625 (ZG < 0.0625 or ZG > 0.9375)')
  })

  it('T = 0.5 (Figure 7.6) keeps every frame except ZG = 0.5', () => {
    expect(gateThresholdSegment([0.5, 0.49, 0.51], 0.5).membership).toEqual([false, true, true])
  })

  it('rejects T outside (0, 0.5] and ZG outside [0, 1]', () => {
    expect(() => gateThresholdSegment(zg, 0)).toThrow(/\(0, 0.5\]/)
    expect(() => gateThresholdSegment(zg, 0.6)).toThrow(/\(0, 0.5\]/)
    expect(() => gateThresholdSegment([0.2, 1.2], 0.25)).toThrow(/frame 1 has 1.2/)
  })

  it('all-NaN gates give an all-undefined segment', () => {
    expect(gateThresholdSegment([NaN, NaN], 0.25).counts).toEqual({ inside: 0, outside: 0, undefined: 2, total: 2 })
  })
})

describe('gateWindowRange', () => {
  it('100·(max − min) of ZG over the last n frames; NaN below 2 finite values', () => {
    // n = 3: t0 [0.5] → NaN; t1 [0.5,0.7] → 20; t2 [0.5,0.7,0.2] → 50; t3 [0.7,0.2,NaN] → 50; t4 [0.2,NaN,0.9] → 70
    const r = gateWindowRange([0.5, 0.7, 0.2, NaN, 0.9], 3)
    expect(r.values[0]).toBeNaN()
    expect(r.values[1]).toBeCloseTo(20, 12)
    expect(r.values[2]).toBeCloseTo(50, 12)
    expect(r.values[3]).toBeCloseTo(50, 12)
    expect(r.values[4]).toBeCloseTo(70, 12)
    expect(r.nUndefined).toBe(1)
  })

  it('never reaches back across a session start', () => {
    // sessions [0,1] and [2,3,4]: t2 [0.2] → NaN; t3 [0.2,NaN] → NaN; t4 [0.2,NaN,0.9] → 70
    const r = gateWindowRange([0.5, 0.7, 0.2, NaN, 0.9], 3, [0, 2])
    expect(r.values[2]).toBeNaN()
    expect(r.values[3]).toBeNaN()
    expect(r.values[4]).toBeCloseTo(70, 12)
    expect(r.nUndefined).toBe(3)
  })

  it('rejects bad windows and session starts', () => {
    expect(() => gateWindowRange([0.5], 1)).toThrow(/≥ 2/)
    expect(() => gateWindowRange([0.5, 0.5], 2, [1])).toThrow(/session starts/)
    expect(() => gateWindowRange([0.5, 0.5], 2, [0, 0])).toThrow(/session starts/)
  })
})

describe('deltaWgSegments', () => {
  it('default reading: ΔW^a of the gated model, labelled ΔW_G', () => {
    const r = deltaWgSegments(
      { source: 'gated-model-attention', attention: [[0.5, 0.5], [0.9, 0.1], null] },
      { mode: 'above', levels: [50] }
    )
    expect(r.source).toBe('gated-model-attention')
    expect(r.segments[0].label).toBe('ΔW_G > 50%')
    expect(r.segments[0].membership).toEqual([false, true, null])
  })

  it('alternative reading: spread of the gate over the window', () => {
    const r = deltaWgSegments({ source: 'gate-window-range', zg: [0.5, 0.7, 0.2], windowLength: 2 }, { mode: 'at-most', levels: [25] })
    // spreads: NaN, 20, 50
    expect(r.spread.definition).toBe('gate-window-range')
    expect(r.segments[0].membership).toEqual([null, true, false])
  })
})
