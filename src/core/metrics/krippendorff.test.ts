import { describe, expect, it } from 'vitest'
import { FIXTURES, matrix } from './fixtures/fixture-types'
import { expectClose } from './fixtures/test-helpers'
import { krippendorffAlpha, krippendorffAlphaDetails } from './krippendorff'
import { fromRaterTraces } from './missing'

describe("Krippendorff's alpha (interval)", () => {
  it('Krippendorff (2011) worked example C: 4 coders × 12 units with missing values, α_interval = 0.849', () => {
    const N = NaN
    // coders × units, exactly as printed; converted to rows = units
    const coders = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
      [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]
    ]
    const r = krippendorffAlphaDetails(fromRaterTraces(coders))
    expect(r.alpha.toFixed(3)).toBe('0.849')
    expect(r.nPairable).toBe(40)
    expect(r.nUnits).toBe(11)
    expect(r.nUnitsDropped).toBe(1) // unit 12 has a single value
    const e = FIXTURES.matrices.krippendorff2011.krippendorff
    expectClose(r.alpha, e.alpha, 1e-9, 'alpha')
    expectClose(r.observedDisagreement, e.observedDisagreement, 1e-9, 'D_o')
    expectClose(r.expectedDisagreement, e.expectedDisagreement, 1e-9, 'D_e')
  })

  for (const [name, f] of Object.entries(FIXTURES.matrices)) {
    it(`matches the coincidence-matrix computation on "${name}"`, () => {
      const r = krippendorffAlphaDetails(matrix(f.data))
      expectClose(r.alpha, f.krippendorff.alpha, 1e-9, name)
      expect(r.nPairable).toBe(f.krippendorff.nPairable)
    })
  }

  it('perfect agreement → 1; no variation or no pairable values → NaN', () => {
    expect(krippendorffAlpha([[1, 1], [2, 2], [3, NaN]])).toBe(1)
    expect(krippendorffAlpha([[1, 1], [1, 1]])).toBeNaN()
    expect(krippendorffAlpha([[1, NaN], [NaN, 2]])).toBeNaN()
  })

  it('is invariant to a common offset (centring keeps it stable)', () => {
    const m = matrix(FIXTURES.matrices.random30x3.data)
    const shifted = m.map((row) => row.map((v) => v + 1e6))
    expect(krippendorffAlpha(shifted)).toBeCloseTo(krippendorffAlpha(m), 8)
  })

  it('ragged input throws', () => {
    expect(() => krippendorffAlpha([[1, 2], [1]])).toThrowError(/length 2.*length 1/)
  })
})
