import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { NTSC_FPS, constantTimestamps } from './frame-time'
import { binAverage, resampleTrace, uniformTrace } from './resample'

const f = 0.5 // Hz
const sine = (t: number): number => Math.sin(2 * Math.PI * f * t)

function sampled(rate: number, seconds: number): { times: Float64Array; values: Float64Array } {
  const n = Math.round(seconds * rate)
  const times = constantTimestamps(n, rate)
  return { times, values: times.map(sine) }
}

describe('resampleTrace (linear)', () => {
  it('resamples a 10 Hz sine to 25 fps within the linear-interpolation error bound', () => {
    const src = sampled(10, 20)
    const frames = constantTimestamps(25 * 19, 25) // stays inside the source
    const { values, coverage } = resampleTrace(src, frames)
    // |error| <= h^2 / 8 * max|f''| = 0.01 / 8 * (2 pi f)^2
    const bound = (0.01 / 8) * (2 * Math.PI * f) ** 2
    let maxErr = 0
    for (let i = 0; i < frames.length; i++) maxErr = Math.max(maxErr, Math.abs(values[i] - sine(frames[i])))
    expect(maxErr).toBeLessThanOrEqual(bound + 1e-12)
    expect(maxErr).toBeGreaterThan(bound / 3) // it is interpolating, not copying the truth
    // frames that coincide with source samples get the sample exactly (every 5th frame = every 2nd sample)
    for (let i = 0; i < frames.length; i += 5) expect(values[i]).toBe(src.values[i / 5 * 2])
    expect(coverage.covered).toBe(frames.length)
    expect(coverage.fraction).toBe(1)
  })

  it('resamples onto 29.97 fps and VFR frame times', () => {
    const src = sampled(10, 10)
    const ntsc = constantTimestamps(250, NTSC_FPS)
    const r = resampleTrace(src, ntsc)
    expect(Math.abs(r.values[100] - sine(100 / NTSC_FPS))).toBeLessThan(0.0124)
    const vfr = Float64Array.from([0.013, 0.05, 0.31, 0.311, 0.9, 2.345, 7.77])
    const v = resampleTrace(src, vfr).values
    vfr.forEach((t, i) => expect(Math.abs(v[i] - sine(t))).toBeLessThan(0.013))
    // explicit interpolation check: t = 0.31 between 0.3 and 0.4
    const expected = sine(0.3) + ((sine(0.4) - sine(0.3)) * (0.31 - 0.3)) / 0.1
    expect(v[2]).toBeCloseTo(expected, 12)
  })

  it('does not stretch a shorter trace: NaN beyond its end, coverage reported', () => {
    const src = sampled(10, 10) // samples 0 .. 9.9 s
    const frames = constantTimestamps(25 * 12, 25) // 0 .. 11.96 s
    const { values, coverage } = resampleTrace(src, frames)
    const lastCovered = Math.floor(9.9 * 25 + 1e-9) // frame at 9.88 s; 9.92 > 9.9 is beyond
    expect(Number.isFinite(values[lastCovered])).toBe(true)
    expect(values[lastCovered + 1]).toBeNaN()
    expect(values[frames.length - 1]).toBeNaN()
    expect(coverage.afterEnd).toBe(frames.length - lastCovered - 1)
    expect(coverage.covered).toBe(lastCovered + 1)
    expect(coverage.fraction).toBeCloseTo((lastCovered + 1) / frames.length, 12)
    expect(coverage.sourceEnd).toBeCloseTo(9.9, 12)
    // and a trace starting late leaves the first frames empty
    const late = resampleTrace({ times: [1, 1.1, 1.2], values: [1, 2, 3] }, [0.5, 1, 1.05, 1.3])
    expect(Array.from(late.values.slice(1, 3))).toEqual([1, 1.5])
    expect(late.values[0]).toBeNaN()
    expect(late.coverage.beforeStart).toBe(1)
    expect(late.coverage.afterEnd).toBe(1)
  })

  it('keeps NaN gaps unless they are shorter than maxGap', () => {
    const times = constantTimestamps(50, 10)
    const values = Float64Array.from(times, (t) => 2 * t)
    values[20] = NaN // single dropout at 2.0 s
    for (let i = 30; i < 40; i++) values[i] = NaN // 1 s gap 3.0 .. 3.9
    const target = Float64Array.from([1.95, 2.0, 2.05, 3.5, 2.5])
    const strict = resampleTrace({ times, values }, target)
    expect(strict.values[0]).toBeNaN()
    expect(strict.values[1]).toBeNaN()
    expect(strict.values[2]).toBeNaN()
    expect(strict.values[3]).toBeNaN()
    expect(strict.values[4]).toBeCloseTo(5, 12)
    const bridged = resampleTrace({ times, values }, target, { maxGap: 0.25 })
    expect(bridged.values[0]).toBeCloseTo(3.9, 12)
    expect(bridged.values[1]).toBeCloseTo(4, 12)
    expect(bridged.values[2]).toBeCloseTo(4.1, 12)
    expect(bridged.values[3]).toBeNaN() // 1.1 s between finite samples > 0.25
    expect(resampleTrace({ times, values }, target, { maxGap: 2 }).values[3]).toBeCloseTo(7, 12)
  })

  it('does not interpolate across a hole in the sample times', () => {
    const r = resampleTrace({ times: [0, 0.1, 0.2, 3.0, 3.1], values: [0, 1, 2, 3, 4] }, [0.15, 1.0, 2.99, 3.05])
    expect(r.values[0]).toBeCloseTo(1.5, 12)
    expect(r.values[1]).toBeNaN()
    expect(r.values[2]).toBeNaN()
    expect(r.values[3]).toBeCloseTo(3.5, 12)
  })

  it('reproduces the source exactly at its own sample times (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.double({ min: 0.01, max: 1, noNaN: true }), v: fc.double({ min: -1, max: 1, noNaN: true }) }), {
          minLength: 2,
          maxLength: 40
        }),
        fc.constantFrom<'linear' | 'hold'>('linear', 'hold'),
        (pts, method) => {
          let acc = 0
          const times = pts.map((p) => (acc += p.gap))
          const values = pts.map((p) => p.v)
          const r = resampleTrace({ times, values }, times, { method, maxGap: 10 })
          values.forEach((v, i) => expect(r.values[i]).toBe(v))
        }
      ),
      { numRuns: 200 }
    )
  })
})

describe('resampleTrace (hold)', () => {
  it('holds each 10 Hz sample over its 0.1 s slot at 25 fps', () => {
    const src = uniformTrace([0, 1, 2, 3, 4], 10)
    const frames = constantTimestamps(15, 25) // 0 .. 0.56 s
    const { values, coverage } = resampleTrace(src, frames, { method: 'hold' })
    const expected = Array.from(frames, (t) => (t < 0.5 - 1e-9 ? Math.floor(t * 10 + 1e-9) : NaN))
    // 0.48 s is still sample 4 (slot 0.4 .. 0.5); 0.52 s is beyond the trace
    expect(Array.from(values)).toEqual(expected)
    expect(coverage.afterEnd).toBe(2) // 0.52 and 0.56 s
  })

  it('holds at most one period into a time hole and never across NaN', () => {
    const r = resampleTrace(
      { times: [0, 0.1, 0.2, 0.3, 2, 2.1], values: [1, NaN, 3, 4, 5, 6] },
      [0.05, 0.1, 0.15, 0.25, 0.35, 0.45, 1.0, 2.05],
      { method: 'hold' }
    )
    expect(r.values[0]).toBe(1)
    expect(r.values[1]).toBeNaN()
    expect(r.values[2]).toBeNaN()
    expect(r.values[3]).toBe(3)
    expect(r.values[4]).toBe(4) // 0.3 + one period
    expect(r.values[5]).toBeNaN()
    expect(r.values[6]).toBeNaN()
    expect(r.values[7]).toBe(5)
  })
})

describe('binAverage', () => {
  it('averages 25 fps frames into 10 Hz bins', () => {
    const times = constantTimestamps(50, 25) // 2 s
    const values = Float64Array.from(times, (t) => t)
    const r = binAverage(times, values, { rate: 10 })
    expect(r.values.length).toBe(20)
    // bin [0, 0.1): frames at 0, 0.04, 0.08 -> mean 0.04; bin [0.1, 0.2): 0.12, 0.16 -> 0.14
    expect(r.values[0]).toBeCloseTo(0.04, 12)
    expect(r.values[1]).toBeCloseTo(0.14, 12)
    expect(Array.from(r.counts.slice(0, 4))).toEqual([3, 2, 3, 2])
    expect(r.times[7]).toBeCloseTo(0.7, 12)
  })

  it('returns NaN for bins without enough finite samples and honours start/end', () => {
    const times = constantTimestamps(10, 25)
    const values = Float64Array.from([1, 1, 1, NaN, NaN, 2, 2, 2, 2, 2])
    const r = binAverage(times, values, { rate: 10, start: 0, end: 0.5, minCount: 2 })
    // bins: [0,.1): 1,1,1  [.1,.2): NaN(.12), NaN(.16) -> NaN  [.2,.3): 2,2(.2,.24,.28 -> 3)  ...
    expect(r.values[0]).toBe(1)
    expect(r.values[1]).toBeNaN()
    expect(r.counts[1]).toBe(0)
    expect(r.values[2]).toBe(2)
    expect(r.values.length).toBe(5)
  })
})
