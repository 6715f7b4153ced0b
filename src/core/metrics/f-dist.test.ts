import { describe, expect, it } from 'vitest'
import { fCdf, fQuantile, fSf, logGamma, regularizedIncompleteBeta } from './f-dist'
import { FIXTURES } from './fixtures/fixture-types'
import { expectClose } from './fixtures/test-helpers'

describe('F distribution vs scipy', () => {
  for (const c of FIXTURES.fDist) {
    it(`F(${c.d1}, ${c.d2}): quantile(${c.p}), cdf(2), sf(2)`, () => {
      expectClose(fQuantile(c.p, c.d1, c.d2), c.quantile, 1e-9, 'quantile')
      expectClose(fCdf(2, c.d1, c.d2), c.cdfAt2, 1e-9, 'cdf')
      expectClose(fSf(2, c.d1, c.d2), c.sfAt2, 1e-9, 'sf')
      expect(fCdf(fQuantile(c.p, c.d1, c.d2), c.d1, c.d2)).toBeCloseTo(c.p, 12)
    })
  }

  it('edge cases', () => {
    expect(fQuantile(0, 3, 4)).toBe(0)
    expect(fQuantile(1, 3, 4)).toBe(Infinity)
    expect(fQuantile(0.5, 0, 4)).toBeNaN()
    expect(fQuantile(1.2, 3, 4)).toBeNaN()
    expect(fCdf(0, 3, 4)).toBe(0)
    expect(fSf(-1, 3, 4)).toBe(1)
    expect(fCdf(Infinity, 3, 4)).toBe(1)
  })
})

describe('special functions vs scipy', () => {
  it('regularized incomplete beta', () => {
    for (const c of FIXTURES.betainc) expectClose(regularizedIncompleteBeta(c.x, c.a, c.b), c.value, 1e-10, `${c.x},${c.a},${c.b}`)
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0)
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1)
    expect(regularizedIncompleteBeta(0.5, -1, 3)).toBeNaN()
  })

  it('log gamma', () => {
    for (const c of FIXTURES.lgamma) expectClose(logGamma(c.x), c.value, 1e-12, String(c.x))
  })
})
