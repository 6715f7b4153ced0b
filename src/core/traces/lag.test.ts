import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { pcc } from '../metrics/pcc'
import { ccc } from '../metrics/ccc'
import { mulberry32 } from '../random/mulberry32'
import { correctLag, correctLagSeconds, estimateLag, shiftTimes, shiftTrace } from './lag'

const rng = mulberry32

/** A smooth affect-like signal: a few slow sines with random phases. */
function signal(seed: number): (t: number) => number {
  const r = rng(seed)
  const comps = [0.03, 0.07, 0.13, 0.21, 0.37].map((f) => ({ f, p: r() * 2 * Math.PI, a: 0.3 + r() }))
  return (t) => comps.reduce((s, c) => s + c.a * Math.sin(2 * Math.PI * c.f * t + c.p), 0)
}

function sample(fn: (t: number) => number, rate: number, seconds: number, noise = 0, seed = 1): Float64Array {
  const r = rng(seed)
  return Float64Array.from({ length: Math.round(rate * seconds) }, (_, i) => fn(i / rate) + noise * (r() - 0.5))
}

describe('estimateLag', () => {
  it('recovers an injected 0.4 s annotator lag at 25 fps with noise', () => {
    const s = signal(7)
    const reference = sample(s, 25, 120)
    const annotation = sample((t) => s(t - 0.4), 25, 120, 0.3, 3)
    const est = estimateLag(reference, annotation, { rate: 25, maxLag: 3 })
    expect(est.lagSamples).toBe(10)
    expect(est.lagSeconds).toBeCloseTo(0.4, 12)
    expect(est.correlation).toBeGreaterThan(0.9)
    expect(est.lags.length).toBe(76)
    expect(est.curve.length).toBe(76)
    expect(est.lags[10]).toBeCloseTo(0.4, 12)
    // the curve peaks at the lag: lower on both sides
    expect(est.curve[0]).toBeLessThan(est.curve[10])
    expect(est.curve[20]).toBeLessThan(est.curve[10])
  })

  it('recovers 0.4 s on a 10 Hz grid and a fractional lag with the parabolic refinement', () => {
    const s = signal(11)
    const est10 = estimateLag(sample(s, 10, 100), sample((t) => s(t - 0.4), 10, 100), { rate: 10, maxLag: 2 })
    expect(est10.lagSeconds).toBeCloseTo(0.4, 12)
    const est = estimateLag(sample(s, 25, 100), sample((t) => s(t - 0.43), 25, 100), { rate: 25, maxLag: 2 })
    expect(est.lagSeconds).toBeCloseTo(0.44, 12) // nearest sample
    expect(Math.abs(est.refinedLagSeconds - 0.43)).toBeLessThan(0.005)
  })

  it('tolerates NaN gaps and a custom metric; NaN curve where overlap is too small', () => {
    const s = signal(5)
    const reference = sample(s, 25, 60)
    const annotation = sample((t) => s(t - 1.2), 25, 60)
    for (let i = 300; i < 500; i++) annotation[i] = NaN
    const est = estimateLag(reference, annotation, { rate: 25, maxLag: 2, metric: ccc })
    expect(est.lagSeconds).toBeCloseTo(1.2, 12)
    const tiny = estimateLag([1, 2, 3, 4], [1, 2, 3, 4], { rate: 1, maxLag: 3, minOverlap: 3 })
    expect(tiny.curve[0]).toBeCloseTo(1, 12)
    expect(tiny.curve[2]).toBeNaN()
    expect(tiny.curve[3]).toBeNaN()
    const none = estimateLag([1, 1, 1], [2, 2, 2], { rate: 1, maxLag: 1 })
    expect(none.lagSeconds).toBeNaN()
    expect(() => estimateLag([1], [1], { rate: 1, maxLag: -1 })).toThrow(/minLag <= maxLag/)
  })

  it('recovers any integer lag of a noise-free signal (property)', () => {
    const s = signal(99)
    const reference = sample(s, 25, 60)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), (lag) => {
        const annotation = sample((t) => s(t - lag / 25), 25, 60)
        expect(estimateLag(reference, annotation, { rate: 25, maxLag: 2 }).lagSamples).toBe(lag)
      }),
      { numRuns: 25 }
    )
  })
})

describe('lag correction', () => {
  it('shifts the annotation back into sync and pads the end with NaN', () => {
    const s = signal(7)
    const reference = sample(s, 25, 30)
    const annotation = sample((t) => s(t - 0.4), 25, 30)
    const fixed = correctLag(annotation, 10)
    expect(fixed.length).toBe(annotation.length)
    for (let i = 0; i < fixed.length - 10; i++) expect(fixed[i]).toBeCloseTo(reference[i], 9)
    expect(Array.from(fixed.slice(-10)).every(Number.isNaN)).toBe(true)
    expect(pcc(fixed, reference)).toBeCloseTo(1, 9)
  })

  it('shiftTrace moves both ways; correctLagSeconds handles fractions; shiftTimes subtracts', () => {
    expect(Array.from(shiftTrace([1, 2, 3, 4], -1))).toEqual([NaN, 1, 2, 3])
    expect(Array.from(shiftTrace([1, 2, 3, 4], 2))).toEqual([3, 4, NaN, NaN])
    expect(() => shiftTrace([1], 0.5)).toThrow(/integer/)
    const v = correctLagSeconds([0, 1, 2, 3, 4], 10, 0.05)
    expect(Array.from(v.slice(0, 4)).map((x) => Number(x.toFixed(9)))).toEqual([0.5, 1.5, 2.5, 3.5])
    expect(v[4]).toBeNaN()
    expect(Array.from(shiftTimes([1, 2], 0.5))).toEqual([0.5, 1.5])
  })
})
