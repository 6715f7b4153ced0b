import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/ipc/errors'
import { accuracyGainTable, attentionGainRows, formatGainTable, referenceGainRows, type ModelPredictions } from './accuracy-gain'
import { segmentByLevel } from './attention-spread'
import type { FrameSegment, VaSeries } from './types'
import { relativeGain } from './va-metrics'

// Frames 0-3 "inside", 4-7 "outside"; 8 has no gold, 9 no base prediction, 10 has undefined membership.
// Errors e1 = [1,−1,1,−1] (RMSE 1) and e½ = [½,−½,½,−½] (RMSE ½) on gold V = [1,2,3,4], A = [4,3,2,1]:
//   V + e1 = [2,1,4,3]:         COR = 3/√(5·5) = 0.6
//   V + e½ = [1.5,1.5,3.5,3.5]: COR = 4/√(4·5) = 0.894427…, CCC = 2·1/(1 + 1.25) = 8/9
//   A + e1 = [5,2,3,0]:         COR = 7/√(13·5) = 0.868243…
//   A + e½ = [4.5,2.5,2.5,0.5]: COR = 6/√(8·5) = 0.948683…
// base has e1 inside and e½ outside; seq the other way round.
const gold: VaSeries = {
  valence: [1, 2, 3, 4, 1, 2, 3, 4, NaN, 2, 0],
  arousal: [4, 3, 2, 1, 4, 3, 2, 1, 1, 3, 0]
}
const base: ModelPredictions = {
  model: 'base',
  pred: { valence: [2, 1, 4, 3, 1.5, 1.5, 3.5, 3.5, 0, NaN, 0], arousal: [5, 2, 3, 0, 4.5, 2.5, 2.5, 0.5, 0, 3, 0] }
}
const seq: ModelPredictions = {
  model: 'seq',
  pred: { valence: [1.5, 1.5, 3.5, 3.5, 2, 1, 4, 3, 0, 100, 0], arousal: [4.5, 2.5, 2.5, 0.5, 5, 2, 3, 0, 0, 100, 0] }
}
const seg: FrameSegment = { label: 'first half', membership: [true, true, true, true, false, false, false, false, true, true, null] }

const COR_E1_V = 0.6
const COR_EH_V = 4 / Math.sqrt(20)
const COR_E1_A = 7 / Math.sqrt(65)
const COR_EH_A = 6 / Math.sqrt(40)

describe('relativeGain', () => {
  it('lower-is-better for RMSE, higher-is-better for COR; reproduces thesis cells', () => {
    // Table 7.9 AV-DeS RMSE V 0.32 vs AVi-GaS 0.30 → 6.25 % (printed 6.70 % from unrounded values)
    expect(relativeGain('rmse', 0.3, 0.32)).toBeCloseTo(6.25, 10)
    // Table 7.9 AV-DeS COR V 0.43 → 0.45: 4.65 % (printed 4.71 %)
    expect(relativeGain('cor', 0.45, 0.43)).toBeCloseTo(100 * (0.02 / 0.43), 10)
    expect(relativeGain('cor', -0.1, -0.2)).toBeCloseTo(50, 10)
    expect(relativeGain('rmse', 0.5, 0.25)).toBeCloseTo(-100, 10)
  })

  it('is null when a side is missing or the base is 0', () => {
    expect(relativeGain('cor', 0.3, 0)).toBeNull()
    expect(relativeGain('cor', null, 0.3)).toBeNull()
    expect(relativeGain('ccc', 0.3, NaN)).toBeNull()
  })
})

describe('accuracyGainTable (Table 7.3/7.4 layout)', () => {
  const table = accuracyGainTable({
    title: 'ΔW^a',
    gold,
    models: [base, seq],
    segments: [seg],
    rows: attentionGainRows([['base', 'seq']]),
    layout: 'attention'
  })

  it('excludes frames missing gold or any prediction, for every model, and counts them', () => {
    expect(table.nFrames).toBe(11)
    expect(table.nUsable).toBe(9)
    expect(table.nMissingGold).toBe(1)
    expect(table.nMissingByModel).toEqual({ base: 1, seq: 0 })
    expect(table.segments[0]).toEqual({ label: 'first half', nInside: 4, nOutside: 4, nUndefined: 1, fractionInside: 0.5 })
  })

  it('baseline row: metrics, no gain; sequence row: metrics and its gain over the baseline', () => {
    const [b, s] = table.rows
    expect(b.cells[0].gain).toBeNull()
    expect(b.cells[0].inside.n).toBe(4)
    expect(b.cells[0].inside.values.rmse).toEqual({ v: 1, a: 1 })
    expect(b.cells[0].inside.values.cor?.v).toBeCloseTo(COR_E1_V, 12)
    expect(b.cells[0].inside.values.cor?.a).toBeCloseTo(COR_E1_A, 12)
    // frame 9 (seq = 100) is excluded because base is missing there, so seq's RMSE is exactly ½
    expect(s.cells[0].inside.values.rmse).toEqual({ v: 0.5, a: 0.5 })
    expect(s.cells[0].inside.values.ccc?.v).toBeCloseTo(8 / 9, 12)
    const g = s.cells[0].gain
    expect(g?.of).toBe('seq')
    expect(g?.over).toBe('base')
    expect(g?.values.rmse?.v).toBeCloseTo(50, 10)
    expect(g?.values.rmse?.a).toBeCloseTo(50, 10)
    expect(g?.values.cor?.v).toBeCloseTo((100 * (COR_EH_V - COR_E1_V)) / COR_E1_V, 10)
    expect(g?.values.cor?.a).toBeCloseTo((100 * (COR_EH_A - COR_E1_A)) / COR_E1_A, 10)
    expect(g?.reason).toBeNull()
  })

  it('also reports outside the segment, and inside over outside', () => {
    const s = table.rows[1].cells[0]
    expect(s.outside.values.rmse).toEqual({ v: 1, a: 1 })
    expect(s.gainOutside?.values.rmse?.v).toBeCloseTo(-100, 10)
    // seq inside RMSE ½ vs outside 1 → +50 %
    expect(s.insideOverOutside.values.rmse?.v).toBeCloseTo(50, 10)
    expect(s.insideOverOutside.of).toBe('seq inside')
  })

  it('formats in the thesis layout', () => {
    const text = formatGainTable(table)
    expect(text).toContain('↓RMSE (V,A)  GAIN (V,A)')
    expect(text).toMatch(/^base\s+\(1\.00,1\.00\)\s+—\s+\(0\.60,0\.87\)\s+—$/m)
    expect(text).toMatch(/^seq\s+\(0\.50,0\.50\)\s+\(\+50\.00%, \+50\.00%\)\s+\(0\.89,0\.95\)\s+\(\+49\.07%, \+9\.26%\)$/m)
    expect(text).toContain('Frames: 11 given, 9 usable, gold missing on 1, predictions missing: base 1')
    expect(text).toContain('first half: 4 inside, 4 outside (50.0% inside), 1 undefined')
    expect(formatGainTable(table, { side: 'outside' })).toMatch(/^seq\s+\(1\.00,1\.00\)\s+\(-100\.00%, -100\.00%\)/m)
  })
})

describe('accuracyGainTable edge cases', () => {
  it('the above / at-most modes select different frames and give different gains', () => {
    const spread = [5, 5, 5, 5, 40, 40, 40, 40, NaN, NaN, NaN]
    const run = (mode: 'above' | 'at-most'): number | null | undefined =>
      accuracyGainTable({ gold, models: [base, seq], segments: [segmentByLevel(spread, 25, mode)], rows: attentionGainRows([['base', 'seq']]) })
        .rows[1].cells[0].gain?.values.rmse?.v
    expect(run('at-most')).toBeCloseTo(50, 10) // frames 0-3: seq better
    expect(run('above')).toBeCloseTo(-100, 10) // frames 4-7: seq worse
  })

  it('an empty segment gives nulls with a reason, not a crash', () => {
    const empty: FrameSegment = { label: 'nothing', membership: new Array(11).fill(false) }
    const t = accuracyGainTable({ gold, models: [base, seq], segments: [empty], rows: attentionGainRows([['base', 'seq']]) })
    const c = t.rows[1].cells[0]
    expect(c.inside.n).toBe(0)
    expect(c.inside.values.rmse).toEqual({ v: null, a: null })
    expect(c.inside.reason).toBe('empty: 0 usable frames')
    expect(c.gain?.values.cor).toEqual({ v: null, a: null })
    expect(c.gain?.reason).toContain('empty')
    expect(t.segments[0].fractionInside).toBe(0)
    expect(formatGainTable(t)).toContain('n/a — seq / nothing: empty: 0 usable frames')
  })

  it('a one-frame segment and a constant-gold segment are explained', () => {
    const one: FrameSegment = { label: 'one', membership: [true, ...new Array(10).fill(false)] }
    const t1 = accuracyGainTable({ gold, models: [base], segments: [one], rows: [{ model: 'base' }] })
    expect(t1.rows[0].cells[0].inside.reason).toContain('only 1 usable frame')
    const flat: VaSeries = { valence: [1, 1, 1, 1], arousal: [1, 2, 3, 4] }
    const m: ModelPredictions = { model: 'm', pred: { valence: [1, 2, 1, 2], arousal: [1, 2, 3, 4] } }
    const t2 = accuracyGainTable({ gold: flat, models: [m], segments: [{ label: 'all', membership: [true, true, true, true] }], rows: [{ model: 'm' }] })
    const inside = t2.rows[0].cells[0].inside
    expect(inside.values.cor).toEqual({ v: null, a: 1 })
    expect(inside.reason).toContain('COR V undefined')
  })

  it('reference layout (Tables 7.7-7.10): the reference row is last; others carry its gain over them', () => {
    const rows = referenceGainRows(['base'], 'seq')
    expect(rows).toEqual([{ model: 'base', gain: { of: 'seq', over: 'base' } }, { model: 'seq' }])
    const t = accuracyGainTable({ gold, models: [base, seq], segments: [seg], rows, layout: 'reference' })
    expect(t.rows[0].cells[0].gain?.values.rmse?.v).toBeCloseTo(50, 10)
    expect(t.rows[1].cells[0].gain).toBeNull()
  })

  it('rejects malformed input with typed errors', () => {
    const short: ModelPredictions = { model: 'short', pred: { valence: [1], arousal: [1] } }
    const codeOf = (f: () => unknown): string | undefined => {
      try {
        f()
      } catch (e) {
        return e instanceof AppError ? e.code : 'not an AppError'
      }
      return undefined
    }
    expect(codeOf(() => accuracyGainTable({ gold, models: [short], segments: [seg], rows: [{ model: 'short' }] }))).toBe('LENGTH_MISMATCH')
    expect(codeOf(() => accuracyGainTable({ gold, models: [base], segments: [seg], rows: [{ model: 'nope' }] }))).toBe('INVALID_ARGUMENT')
    expect(codeOf(() => accuracyGainTable({ gold, models: [base, base], segments: [seg], rows: [{ model: 'base' }] }))).toBe('INVALID_ARGUMENT')
    expect(codeOf(() => accuracyGainTable({ gold, models: [base], segments: [{ label: 'x', membership: [true] }], rows: [{ model: 'base' }] }))).toBe('LENGTH_MISMATCH')
  })
})
