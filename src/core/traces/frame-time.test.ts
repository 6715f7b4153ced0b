import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import {
  NTSC_FPS,
  clampFrame,
  constantTimestamps,
  estimateFrameRate,
  frameAtTime,
  frameAtTimeConstant,
  frameDurations,
  framesInInterval,
  timeOfFrame,
  timeOfFrameConstant,
  validateTimestamps
} from './frame-time'

/** Reference: linear scan for the last pts <= t. */
function scan(ts: ArrayLike<number>, t: number): number {
  let f = -1
  for (let i = 0; i < ts.length; i++) if (ts[i] <= t) f = i
  return f
}

const vfr = Float64Array.from([0, 0.04, 0.08, 0.15, 0.16, 0.3, 0.3333, 0.5, 1.2, 1.21])

describe('frameAtTime', () => {
  it('maps constant 25 fps times to frames, including times computed as k * 0.04', () => {
    const ts = constantTimestamps(250, 25)
    for (let k = 0; k < 250; k++) {
      expect(frameAtTime(ts, k * 0.04)).toBe(k)
      expect(frameAtTime(ts, k * 0.04 + 0.02)).toBe(k)
      expect(frameAtTime(ts, k * 0.04 + 0.0399)).toBe(k)
    }
  })

  it('returns -1 before the first frame and the last frame after the end', () => {
    const ts = Float64Array.from([0.5, 0.54, 0.58])
    expect(frameAtTime(ts, 0.2)).toBe(-1)
    expect(frameAtTime(ts, 0.4999)).toBe(-1)
    expect(frameAtTime(ts, 0.5)).toBe(0)
    expect(frameAtTime(ts, 100)).toBe(2)
    expect(frameAtTime(new Float64Array(0), 1)).toBe(-1)
    expect(frameAtTime(ts, NaN)).toBe(-1)
    expect(clampFrame(-1, 3)).toBe(0)
    expect(clampFrame(7, 3)).toBe(2)
  })

  it('handles variable frame rate: the frame on screen is the last pts <= t', () => {
    expect(frameAtTime(vfr, 0.1)).toBe(2)
    expect(frameAtTime(vfr, 0.155)).toBe(3)
    expect(frameAtTime(vfr, 0.16)).toBe(4)
    expect(frameAtTime(vfr, 0.4)).toBe(6)
    expect(frameAtTime(vfr, 1.0)).toBe(7)
    expect(frameAtTime(vfr, 1.205)).toBe(8)
  })

  it('agrees with a linear scan on random irregular timestamps (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-3, max: 0.2, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: -0.5, max: 15, noNaN: true }),
        (gaps, t) => {
          const ts = new Float64Array(gaps.length)
          let acc = 0
          gaps.forEach((g, i) => {
            acc += g
            ts[i] = acc
          })
          expect(frameAtTime(ts, t, 0)).toBe(scan(ts, t))
          // round trip
          const i = Math.floor(gaps.length / 2)
          expect(frameAtTime(ts, timeOfFrame(ts, i))).toBe(i)
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe('timeOfFrame and helpers', () => {
  it('returns the pts and rejects bad indices', () => {
    expect(timeOfFrame(vfr, 3)).toBe(0.15)
    expect(() => timeOfFrame(vfr, 10)).toThrow(/out of range/)
    expect(() => timeOfFrame(vfr, -1)).toThrow(/out of range/)
    expect(() => timeOfFrame(vfr, 1.5)).toThrow(/out of range/)
  })

  it('frame durations, rate estimate and intervals', () => {
    const d = frameDurations(vfr)
    expect(d[0]).toBeCloseTo(0.04, 12)
    expect(d[3]).toBeCloseTo(0.01, 12)
    expect(d[9]).toBeCloseTo(0.04, 12) // median interval
    expect(estimateFrameRate(constantTimestamps(100, NTSC_FPS))).toBeCloseTo(29.97, 2)
    expect(framesInInterval(vfr, 0.1, 0.3)).toEqual({ first: 2, last: 4 })
    expect(framesInInterval(vfr, 0.1, 0.3001)).toEqual({ first: 2, last: 5 })
    expect(framesInInterval(vfr, 0.2, 0.2)).toBeNull()
  })

  it('validates timestamps', () => {
    expect(() => validateTimestamps([0, 0.04, 0.04])).toThrow(/strictly increasing/)
    expect(() => validateTimestamps([0, NaN])).toThrow(/finite/)
    expect(() => validateTimestamps(vfr)).not.toThrow()
  })
})

describe('constant-rate helpers', () => {
  it('round-trips frame -> time -> frame at 25 and 30000/1001 fps without drift over an hour', () => {
    for (const fps of [25, NTSC_FPS]) {
      for (let k = 0; k < 110_000; k += 997) {
        expect(frameAtTimeConstant(fps, timeOfFrameConstant(fps, k))).toBe(k)
      }
    }
    expect(timeOfFrameConstant(NTSC_FPS, 30)).toBeCloseTo(1.001, 12)
    expect(frameAtTimeConstant(25, -0.01)).toBe(-1)
    expect(frameAtTimeConstant(25, 1.019, 1)).toBe(0)
    expect(() => frameAtTimeConstant(0, 1)).toThrow(/fps/)
  })

  it('constantTimestamps is consistent with frameAtTime', () => {
    const ts = constantTimestamps(1000, NTSC_FPS, 0.5)
    expect(ts[999]).toBeCloseTo(0.5 + 999 * 1.001 / 30, 9)
    for (let k = 0; k < 1000; k += 37) expect(frameAtTime(ts, 0.5 + (k + 0.5) / NTSC_FPS)).toBe(k)
  })
})
