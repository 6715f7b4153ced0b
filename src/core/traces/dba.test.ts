import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { fuseDba } from './dba'
import { dtwBanded } from './dtw'
import { fuseMean } from './fusion'

function rmse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2
  return Math.sqrt(s / a.length)
}

/** Affect-like trace with sharp events: a few Gaussian bumps of both signs. */
const shape = (t: number): number =>
  Math.exp(-((t - 60) ** 2) / 30) - 0.8 * Math.exp(-((t - 140) ** 2) / 20) + 0.6 * Math.exp(-((t - 220) ** 2) / 50)

describe('dtwBanded', () => {
  it('aligns identical sequences on the diagonal with zero cost', () => {
    const a = [1, 3, 2, 5, 4]
    const r = dtwBanded(a, a, 2)
    expect(r.distance).toBe(0)
    expect(Array.from(r.pathA)).toEqual([0, 1, 2, 3, 4])
    expect(Array.from(r.pathB)).toEqual([0, 1, 2, 3, 4])
  })

  it('band 0 is the squared Euclidean distance; a wide enough band absorbs a shift', () => {
    const a = Array.from({ length: 120 }, (_, i) => shape(i + 30))
    const b = Array.from({ length: 120 }, (_, i) => shape(i + 25)) // 5 frames late
    const euclid = a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0)
    expect(dtwBanded(a, b, 0).distance).toBeCloseTo(euclid, 12)
    expect(dtwBanded(a, b, 2).distance).toBeLessThan(euclid)
    expect(dtwBanded(a, b, 8).distance).toBeLessThan(euclid * 0.05)
  })

  it('returns a monotone, continuous path inside the band (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }).chain((n) =>
          fc.tuple(
            fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
            fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
            fc.integer({ min: 0, max: 6 })
          )
        ),
        ([a, b, band]) => {
          const { pathA, pathB, distance } = dtwBanded(a, b, band)
          const n = a.length
          expect(pathA[0]).toBe(0)
          expect(pathB[0]).toBe(0)
          expect(pathA[pathA.length - 1]).toBe(n - 1)
          expect(pathB[pathB.length - 1]).toBe(n - 1)
          let cost = 0
          for (let p = 0; p < pathA.length; p++) {
            expect(Math.abs(pathA[p] - pathB[p])).toBeLessThanOrEqual(band)
            cost += (a[pathA[p]] - b[pathB[p]]) ** 2
            if (p > 0) {
              const di = pathA[p] - pathA[p - 1]
              const dj = pathB[p] - pathB[p - 1]
              expect(di === 0 || di === 1).toBe(true)
              expect(dj === 0 || dj === 1).toBe(true)
              expect(di + dj).toBeGreaterThan(0)
            }
          }
          expect(cost).toBeCloseTo(distance, 9)
          // never worse than the diagonal
          expect(distance).toBeLessThanOrEqual(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) + 1e-12)
        }
      ),
      { numRuns: 200 }
    )
  })
})

describe('fuseDba', () => {
  it('fuses time-shifted copies closer to the original than the plain mean', () => {
    const n = 300
    const original = Float64Array.from({ length: n }, (_, i) => shape(i))
    const shifts = [-8, -4, 0, 3, 7]
    const raters = shifts.map((d) => Float64Array.from({ length: n }, (_, i) => shape(i - d)))
    const mean = fuseMean(raters).values
    const dba = fuseDba(raters, { band: 12 })
    const eMean = rmse(mean, original)
    const eDba = rmse(dba.values, original)
    expect(eDba).toBeLessThan(eMean * 0.3)
    // classic DBA (values only, mean's time axis) also beats the mean, but less: it keeps the smeared width
    const classic = rmse(fuseDba(raters, { band: 12, retime: false, alignSigma: 0 }).values, original)
    expect(classic).toBeLessThan(eMean)
    expect(eDba).toBeLessThan(classic)
    // the mean flattens the peaks; DBA keeps their height
    expect(Math.max(...mean)).toBeLessThan(0.85)
    expect(Math.max(...dba.values)).toBeGreaterThan(0.95)
    expect(dba.recipe.method).toBe('dba')
    expect(dba.recipe.params.band).toBe(12)
    expect(dba.recipe.iterations).toBeGreaterThanOrEqual(1)
    expect(dba.recipe.weights).toEqual(shifts.map(() => 0.2))
  })

  it('stays better than the mean with noisy shifted raters (alignment on smoothed copies)', () => {
    let seed = 3
    const r = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647
    const g = (): number => Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r())
    const n = 300
    const original = Float64Array.from({ length: n }, (_, i) => shape(i))
    const raters = [-8, -4, 0, 3, 7].map((d) => Float64Array.from({ length: n }, (_, i) => shape(i - d) + 0.1 * g()))
    const eMean = rmse(fuseMean(raters).values, original)
    expect(rmse(fuseDba(raters, { band: 12 }).values, original)).toBeLessThan(eMean * 0.6)
  })

  it('is the plain mean for identical raters and with zero iterations; keeps all-missing frames NaN', () => {
    const x = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i / 5))
    const r = fuseDba([x, x, x], { band: 5 })
    for (let i = 0; i < 50; i++) expect(r.values[i]).toBeCloseTo(x[i], 12)
    expect(r.recipe.iterations).toBe(1)
    const y = Float64Array.from(x, (v) => v + 0.3)
    y[10] = NaN
    const x2 = Float64Array.from(x)
    x2[10] = NaN
    const zero = fuseDba([x2, y], { iterations: 0 })
    expect(zero.values[10]).toBeNaN()
    expect(zero.values[11]).toBeCloseTo(x[11] + 0.15, 12)
    expect(fuseDba([x2, y], { band: 3 }).values[10]).toBeNaN()
    expect(() => fuseDba([x], { band: -1 })).toThrow(/band/)
  })

  it('supports EWE weights', () => {
    const x = Float64Array.from({ length: 80 }, (_, i) => Math.sin(i / 6))
    const noisy = Float64Array.from(x, (v, i) => v + (i % 2 === 0 ? 0.9 : -0.9))
    const r = fuseDba([x, x, noisy], { weighting: 'ewe', band: 3 })
    expect(r.recipe.params.weighting).toBe('ewe')
    expect(r.recipe.weights[2]).toBeLessThan(r.recipe.weights[0])
  })
})
