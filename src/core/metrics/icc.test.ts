import { describe, expect, it } from 'vitest'
import { FIXTURES, matrix, nums } from './fixtures/fixture-types'
import { expectClose } from './fixtures/test-helpers'
import {
  ICC_FORM_INFO,
  ICC_FORMS,
  icc,
  icc1_1,
  icc1_k,
  iccA1,
  iccAk,
  iccAll,
  iccAnova,
  iccC1,
  iccCk,
  paperIcc,
  type IccForm
} from './icc'

const SF = [
  [9, 2, 5, 8],
  [6, 1, 3, 2],
  [8, 4, 6, 8],
  [7, 1, 2, 6],
  [10, 5, 6, 9],
  [6, 2, 4, 7]
]

describe('ICC — Shrout & Fleiss (1979) Table 2 (6 targets × 4 judges)', () => {
  const published: Record<IccForm, number> = {
    'ICC(1,1)': 0.17,
    'ICC(A,1)': 0.29,
    'ICC(C,1)': 0.71,
    'ICC(1,k)': 0.44,
    'ICC(A,k)': 0.62,
    'ICC(C,k)': 0.91
  }
  const all = iccAll(SF)

  it('reproduces the published values to 2 decimals', () => {
    for (const r of all) expect(r.value.toFixed(2), r.form).toBe(published[r.form].toFixed(2))
  })

  it('matches independently computed values to 1e-6 (value, CI, F, df, p)', () => {
    const expected = FIXTURES.matrices.shroutFleiss.icc.forms
    for (const r of all) {
      const e = expected[r.form]
      expectClose(r.value, e.value, 1e-6, r.form)
      expectClose(r.ci.lower, e.lower, 1e-6, `${r.form} lower`)
      expectClose(r.ci.upper, e.upper, 1e-6, `${r.form} upper`)
      expectClose(r.fValue, e.fValue, 1e-6, `${r.form} F`)
      expectClose(r.df1, e.df1, 1e-12)
      expectClose(r.df2, e.df2, 1e-12)
      expectClose(r.pValue, e.pValue, 1e-6, `${r.form} p`)
    }
  })

  it('exact closed forms from the ANOVA table (MSR 11.24, MSC 32.49, MSW 6.26, MSE 1.02)', () => {
    const a = iccAnova(SF)
    // BMS = 11.24, JMS = 32.49, WMS = 6.26, EMS = 1.02 in Shrout & Fleiss Table 3
    expect(a.msr).toBeCloseTo(11.2417, 4)
    expect(a.msc).toBeCloseTo(32.4861, 4)
    expect(a.msw).toBeCloseTo(6.2639, 4)
    expect(a.mse).toBeCloseTo(1.0194, 4)
    expect(icc1_1(SF).value).toBeCloseTo((a.msr - a.msw) / (a.msr + 3 * a.msw), 14)
  })

  it('labels every form with its McGraw–Wong and Shrout–Fleiss names', () => {
    expect(all.map((r) => r.label)).toEqual([...ICC_FORMS])
    expect(all.map((r) => r.shroutFleiss)).toEqual(['ICC(1,1)', 'ICC(3,1)', 'ICC(2,1)', 'ICC(1,k)', 'ICC(3,k)', 'ICC(2,k)'])
    for (const r of all) {
      expect(r.description.length).toBeGreaterThan(10)
      expect(r.ci.level).toBe(0.95)
      expect(r.n).toBe(6)
      expect(r.k).toBe(4)
      expect(r.nDropped).toBe(0)
      expect(ICC_FORM_INFO[r.form].unit).toBe(r.unit)
    }
  })

  it('single-form helpers agree with iccAll', () => {
    const byForm = new Map(all.map((r) => [r.form, r.value]))
    expect(icc1_1(SF).value).toBe(byForm.get('ICC(1,1)'))
    expect(icc1_k(SF).value).toBe(byForm.get('ICC(1,k)'))
    expect(iccC1(SF).value).toBe(byForm.get('ICC(C,1)'))
    expect(iccCk(SF).value).toBe(byForm.get('ICC(C,k)'))
    expect(iccA1(SF).value).toBe(byForm.get('ICC(A,1)'))
    expect(iccAk(SF).value).toBe(byForm.get('ICC(A,k)'))
  })

  it('a wider confidence level gives a wider interval', () => {
    const r95 = iccA1(SF)
    const r99 = iccA1(SF, { confidence: 0.99 })
    expect(r99.ci.lower).toBeLessThan(r95.ci.lower)
    expect(r99.ci.upper).toBeGreaterThan(r95.ci.upper)
    expect(() => icc(SF, 'ICC(A,1)', { confidence: 1.5 })).toThrowError(/confidence/)
  })
})

describe('ICC — independent numpy/scipy fixtures', () => {
  for (const [name, f] of Object.entries(FIXTURES.matrices)) {
    it(`all six forms, CIs and F tests match on "${name}"`, () => {
      const m = matrix(f.data)
      const a = iccAnova(m)
      expect(a.n).toBe(f.icc.n)
      expect(a.nDropped).toBe(m.length - f.icc.n)
      expectClose(a.msr, f.icc.msr, 1e-9, 'MSR')
      expectClose(a.msc, f.icc.msc, 1e-9, 'MSC')
      expectClose(a.msw, f.icc.msw, 1e-9, 'MSW')
      expectClose(a.mse, f.icc.mse, 1e-9, 'MSE')
      for (const r of iccAll(m)) {
        const e = f.icc.forms[r.form]
        expectClose(r.value, e.value, 1e-6, `${name} ${r.form}`)
        expectClose(r.ci.lower, e.lower, 1e-6, `${name} ${r.form} lower`)
        expectClose(r.ci.upper, e.upper, 1e-6, `${name} ${r.form} upper`)
        expectClose(r.pValue, e.pValue, 1e-6, `${name} ${r.form} p`)
      }
    })
  }
})

describe('ICC — missing data and degenerate input', () => {
  it('listwise deletion: rows with any NaN are dropped and counted', () => {
    const withNan = [...SF, [NaN, 1, 2, 3], [1, 2, NaN, NaN]]
    const r = iccA1(withNan)
    expect(r.nDropped).toBe(2)
    expect(r.n).toBe(6)
    expect(r.value).toBe(iccA1(SF).value)
  })

  it('fewer than 2 complete rows → NaN, not a throw', () => {
    const r = iccAll([[1, 2, 3], [NaN, 1, 2]])
    for (const x of r) {
      expect(x.value).toBeNaN()
      expect(x.ci.lower).toBeNaN()
      expect(x.n).toBe(1)
    }
    expect(iccC1([]).value).toBeNaN()
  })

  it('a single rater (k = 1) → NaN', () => {
    expect(iccA1([[1], [2], [3]]).value).toBeNaN()
  })

  it('all ratings identical → NaN (0/0)', () => {
    expect(iccC1([[2, 2], [2, 2], [2, 2]]).value).toBeNaN()
  })

  it('ragged matrix throws a length error naming both lengths', () => {
    expect(() => iccAll([[1, 2, 3], [1, 2]])).toThrowError(/length 3.*length 2/)
  })
})

describe('paperIcc (ANCLaF eq. 14, NOT a standard ICC)', () => {
  for (const [name, f] of Object.entries(FIXTURES.pairs)) {
    it(`matches 2cov/(σ̂²+σ²) on fixture "${name}"`, () => {
      expectClose(paperIcc(nums(f.pred), nums(f.gold)), f.expected.paperIcc, 1e-6, name)
    })
  }

  it('ignores a constant offset (unlike CCC and ICC(A,1))', () => {
    const x = [0, 1, 2, 3]
    expect(paperIcc(x, x.map((v) => v + 5))).toBeCloseTo(1, 14)
    expect(paperIcc([1, 1], [1, 1])).toBeNaN()
  })
})
