import { describe, expect, it } from 'vitest'
import type { AgreementReport } from '../../../../../shared/agreement'
import { ICC_FORMS, iccAnova, iccFromAnova } from '../../../../../core/metrics/icc'
import { agreementRequest, dataValue, divergingRgb, fuseRequest, fmtP, fmtStat, heatCell, ICC_FORMULAS, iccTooltip, readRecipe, shownReport, undefinedReason } from './agreement-logic'

describe('numbers as shown', () => {
  it('print defined values with fixed digits and undefined ones as a dash', () => {
    expect(fmtStat(0.87654)).toBe('0.877')
    expect(fmtStat(-0.0001)).toBe('0.000')
    expect(fmtStat(-0.25, 2)).toBe('-0.25')
    expect(fmtStat(null)).toBe('–')
    expect(fmtStat(NaN)).toBe('–')
    expect(fmtStat(undefined)).toBe('–')
    expect(fmtP(0.0004)).toBe('< 0.001')
    expect(fmtP(0.0123)).toBe('0.012')
    expect(fmtP(null)).toBe('–')
  })
  it('keep the full precision in data-value, as JSON writes it', () => {
    expect(dataValue(0.1 + 0.2)).toBe('0.30000000000000004')
    expect(Number(dataValue(0.7234567891234567))).toBe(0.7234567891234567)
    expect(dataValue(null)).toBe('null')
    expect(dataValue(NaN)).toBe('null')
  })
  it('explain every kind of undefined statistic', () => {
    for (const k of ['icc', 'ci', 'f', 'p', 'alpha', 'meanR', 'pair', 'loo', 'lag'] as const) expect(undefinedReason(k)).toMatch(/undefined/i)
  })
})

describe('ICC formulas', () => {
  it('match the estimators of core/metrics/icc.ts', () => {
    // Shrout & Fleiss (1979): 6 targets × 4 judges. Evaluate the written formulas on the core's mean squares and
    // compare with the core's estimates of every form.
    const sf = [
      [9, 2, 5, 8],
      [6, 1, 3, 2],
      [8, 4, 6, 8],
      [7, 1, 2, 6],
      [10, 5, 6, 9],
      [6, 2, 4, 7]
    ]
    const a = iccAnova(sf)
    const env = { MSR: a.msr, MSC: a.msc, MSW: a.msw, MSE: a.mse, k: a.k, n: a.n }
    const evaluate = (f: string) => Function(...Object.keys(env), `return ${f.replace(/−/g, '-').replace(/·/g, '*')}`)(...Object.values(env)) as number
    for (const form of ICC_FORMS) expect(evaluate(ICC_FORMULAS[form]), form).toBeCloseTo(iccFromAnova(a, form).value, 12)
    expect(evaluate(ICC_FORMULAS['ICC(A,1)'])).toBeCloseTo(0.29, 2) // the published ICC(2,1)
  })
  it('tooltips name both conventions, the formula and this report’s mean squares', () => {
    const report = { nRaters: 3, icc: { nUsed: 300, nDropped: 0, confidence: 0.95, anova: { msr: 0.5, msc: 0.01, msw: 0.02, mse: 0.015 }, forms: [] } }
    const t = iccTooltip('ICC(A,1)', 'ICC(2,1)', 'ICC(A,1) absolute agreement, single rater — Shrout–Fleiss ICC(2,1)', report)
    expect(t).toContain('ICC(A,1) = (MSR − MSE) / (MSR + (k−1)·MSE + k·(MSC − MSE)/n)')
    expect(t).toContain('Shrout & Fleiss ICC(2,1)')
    expect(t).toContain('n = 300, k = 3, MSR = 0.500000')
  })
})

describe('diverging colours', () => {
  it('run blue → white → red over [-1, 1] and clip outside', () => {
    expect(divergingRgb(-1)).toEqual([5, 48, 97])
    expect(divergingRgb(0)).toEqual([247, 247, 247])
    expect(divergingRgb(1)).toEqual([103, 0, 31])
    expect(divergingRgb(7)).toEqual(divergingRgb(1))
    const mid = divergingRgb(0.5)
    expect(mid[0]).toBeGreaterThan(mid[2])
  })
  it('choose readable text and leave undefined cells uncoloured', () => {
    expect(heatCell(1)?.color).toBe('#fff')
    expect(heatCell(0)?.color).toBe('#111')
    expect(heatCell(null)).toBeNull()
  })
})

describe('fusion recipe', () => {
  it('reads an EWE recipe with rater names', () => {
    const r = readRecipe({ version: 1, method: 'ewe', raterCount: 2, params: { minRaters: 1 }, weights: [0.6, 0.4], correlations: [0.9, null] }, ['ann', 'bob'])
    expect(r).toEqual({
      method: 'ewe',
      raterCount: 2,
      params: [['minRaters', '1']],
      weights: [
        { name: 'ann', weight: 0.6, correlation: 0.9 },
        { name: 'bob', weight: 0.4, correlation: null }
      ],
      iterations: null,
      lastChange: null
    })
    expect(readRecipe('nope', [])).toBeNull()
    expect(readRecipe({ method: 'dba', weights: [1], iterations: 3, lastChange: 0.001 }, [])?.weights[0].name).toBe('rater 1')
  })
  it('shows the lag-corrected report only when there is one', () => {
    const raw = { source: 'raw' } as unknown as AgreementReport
    const lag = { source: 'lag' } as unknown as AgreementReport
    expect(shownReport({ raw, lagCorrected: null }, 'lag-corrected')).toBe(raw)
    expect(shownReport({ raw, lagCorrected: { report: lag } }, 'lag-corrected')).toBe(lag)
    expect(shownReport({ raw, lagCorrected: { report: lag } }, 'raw')).toBe(raw)
  })
})

describe('requests', () => {
  const form = { traceIds: ['a', 'b'], dimension: 'arousal' as const, lagCorrect: false, maxLagS: '' }
  it('build the agreement request of the form', () => {
    expect(agreementRequest('s', form)).toEqual({ request: { sessionId: 's', traceIds: ['a', 'b'], dimension: 'arousal' } })
    expect(agreementRequest('s', { ...form, lagCorrect: true })).toEqual({ request: { sessionId: 's', traceIds: ['a', 'b'], dimension: 'arousal', lagCorrect: true, maxLagS: 5 } })
    expect(agreementRequest('s', { ...form, lagCorrect: true, maxLagS: '2.5' })).toHaveProperty('request.maxLagS', 2.5)
    expect(agreementRequest('s', { ...form, lagCorrect: true, maxLagS: '40' })).toHaveProperty('error')
    expect(agreementRequest('s', { ...form, lagCorrect: true, maxLagS: 'x' })).toHaveProperty('error')
    expect(agreementRequest('s', { ...form, traceIds: ['a'] })).toEqual({ error: 'Choose at least two traces.' })
    expect(agreementRequest({ projectId: 'p' }, form)).toEqual({ request: { projectId: 'p', traceIds: ['a', 'b'], dimension: 'arousal' } })
  })
  it('build the fusion request with only the options of its method', () => {
    const f = { method: 'mean' as const, band: '7', minRaters: '2', name: ' gold ' }
    expect(fuseRequest(['a', 'b'], f)).toEqual({ request: { traceIds: ['a', 'b'], method: 'mean', minRaters: 2, name: 'gold' } })
    expect(fuseRequest(['a', 'b'], { ...f, method: 'dba' })).toEqual({ request: { traceIds: ['a', 'b'], method: 'dba', band: 7, name: 'gold' } })
    expect(fuseRequest(['a'], { ...f, method: 'ewe', minRaters: '', name: '' })).toEqual({ request: { traceIds: ['a'], method: 'ewe' } })
    expect(fuseRequest(['a'], { ...f, minRaters: '0' })).toHaveProperty('error')
    expect(fuseRequest(['a'], { ...f, method: 'dba', band: '1.5' })).toHaveProperty('error')
    expect(fuseRequest([], f)).toHaveProperty('error')
  })
})
