import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { alphaFromTimeConstant, gaussianSmooth, movingAverage, zeroPhaseExponential } from './smoothing'

const finiteOrNaN = fc.oneof(
  { weight: 5, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(NaN) }
)

function argmax(a: ArrayLike<number>): number {
  let b = 0
  for (let i = 1; i < a.length; i++) if (a[i] > a[b]) b = i
  return b
}

describe('movingAverage', () => {
  it('computes a centred mean that shrinks at the edges', () => {
    expect(Array.from(movingAverage([1, 2, 3, 4, 5], 3))).toEqual([1.5, 2, 3, 4, 4.5])
    expect(Array.from(movingAverage([1, 2, 3, 4, 5], 1))).toEqual([1, 2, 3, 4, 5])
  })

  it('skips NaN neighbours and keeps NaN samples NaN', () => {
    const out = movingAverage([1, NaN, 3, 10, 5], 3)
    expect(out[0]).toBe(1)
    expect(out[1]).toBeNaN()
    expect(out[2]).toBe(6.5)
    expect(out[3]).toBe(6)
    expect(() => movingAverage([1, 2], 2)).toThrow(/odd/)
  })

  it('matches a brute-force window mean (property)', () => {
    fc.assert(
      fc.property(fc.array(finiteOrNaN, { maxLength: 40 }), fc.integer({ min: 0, max: 5 }), (xs, h) => {
        const out = movingAverage(xs, 2 * h + 1)
        xs.forEach((x, i) => {
          if (Number.isNaN(x)) return expect(out[i]).toBeNaN()
          const win = xs.slice(Math.max(0, i - h), i + h + 1).filter((v) => !Number.isNaN(v))
          expect(out[i]).toBeCloseTo(win.reduce((a, b) => a + b, 0) / win.length, 9)
        })
      }),
      { numRuns: 200 }
    )
  })
})

describe('gaussianSmooth', () => {
  it('preserves constants and interior linear ramps, and matches the explicit kernel sum', () => {
    expect(Array.from(gaussianSmooth([3, 3, 3, 3], 1.5)).every((v) => Math.abs(v - 3) < 1e-12)).toBe(true)
    const ramp = Array.from({ length: 50 }, (_, i) => 0.5 * i)
    const g = gaussianSmooth(ramp, 2)
    for (let i = 6; i < 44; i++) expect(g[i]).toBeCloseTo(ramp[i], 9)
    const x = [0, 0, 1, 0, 0]
    const w = [Math.exp(-2), Math.exp(-0.5), 1, Math.exp(-0.5), Math.exp(-2)]
    const s = w.reduce((a, b) => a + b, 0)
    expect(gaussianSmooth(x, 1, 2)[2]).toBeCloseTo(1 / s, 12)
    // at the edge the kernel is renormalised over what exists (no zero padding)
    expect(gaussianSmooth([4, 4, 4, 0, 0, 0, 0, 0], 1)[0]).toBeGreaterThan(3.5)
  })

  it('reduces noise, keeps NaN, rejects a bad sigma', () => {
    let seed = 1
    const noise = Array.from({ length: 2000 }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5)
    const sm = gaussianSmooth(noise, 3)
    const variance = (a: ArrayLike<number>): number => {
      const arr = Array.from(a)
      const m = arr.reduce((p, q) => p + q, 0) / arr.length
      return arr.reduce((p, q) => p + (q - m) ** 2, 0) / arr.length
    }
    expect(variance(sm)).toBeLessThan(variance(noise) / 4)
    expect(gaussianSmooth([1, NaN, 2], 1)[1]).toBeNaN()
    expect(() => gaussianSmooth([1], 0)).toThrow(/sigma/)
  })
})

describe('zeroPhaseExponential', () => {
  it('has a symmetric impulse response (zero phase), unlike a forward EMA', () => {
    const x = new Float64Array(201)
    x[100] = 1
    const y = zeroPhaseExponential(x, 0.2)
    for (let k = 1; k < 60; k++) expect(y[100 - k]).toBeCloseTo(y[100 + k], 12)
    expect(argmax(y)).toBe(100)
    // a Gaussian bump keeps its peak where it was
    const bump = Array.from({ length: 301 }, (_, i) => Math.exp(-((i - 150) ** 2) / 200))
    expect(argmax(zeroPhaseExponential(bump, 0.1))).toBe(150)
    // whereas the forward pass alone delays it
    let f = 0
    const fwd = bump.map((v) => (f = 0.1 * v + 0.9 * f))
    expect(argmax(fwd)).toBeGreaterThan(155)
  })

  it('preserves constants, is the identity at alpha = 1, restarts after gaps', () => {
    expect(Array.from(zeroPhaseExponential([2, 2, 2, 2], 0.3))).toEqual([2, 2, 2, 2])
    expect(Array.from(zeroPhaseExponential([1, 5, -2], 1))).toEqual([1, 5, -2])
    const a = zeroPhaseExponential([1, 2, 3, NaN, 100, 200], 0.5)
    const b = zeroPhaseExponential([1, 2, 3, NaN, -7, 8], 0.5)
    expect(Array.from(a.slice(0, 3))).toEqual(Array.from(b.slice(0, 3)))
    expect(a[3]).toBeNaN()
    expect(() => zeroPhaseExponential([1], 0)).toThrow(/alpha/)
    expect(alphaFromTimeConstant(1, 25)).toBeCloseTo(1 - Math.exp(-1 / 25), 15)
  })
})
