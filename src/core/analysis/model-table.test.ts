import { describe, expect, it } from 'vitest'
import { buildModelTable, formatModelTable, RunMismatchError, type FoldFrames, type RunEvaluation } from './model-table'

// Gold V = [1,2,3,4], A = [4,3,2,1] in both folds.
//   pred V = V + [½,−½,½,−½] = [1.5,1.5,3.5,3.5]: RMSE ½, COR 4/√20, CCC = paper ICC = 2·1/(1+1.25) = 8/9
//   pred V = V + [1,−1,1,−1] = [2,1,4,3]:         RMSE 1, COR 0.6, CCC = paper ICC = 2·0.75/(1.25+1.25) = 0.6
//   pred A = A (perfect): RMSE 0, COR = CCC = ICC = 1
const G = { valence: [1, 2, 3, 4], arousal: [4, 3, 2, 1] }
const EH = [1.5, 1.5, 3.5, 3.5]
const E1 = [2, 1, 4, 3]
const fold = (id: string, v: number[], a: number[] = G.arousal, extra: Partial<FoldFrames> = {}): FoldFrames => ({
  fold: id,
  pred: { valence: v, arousal: a },
  gold: G,
  ...extra
})
const runX: RunEvaluation = { runId: 'r1', label: 'Vi-DeS', folds: [fold('f1', EH), fold('f2', E1)] }
const runY: RunEvaluation = { runId: 'r2', label: 'AVi-GaS', folds: [fold('f2', EH), fold('f1', EH)] }

describe('buildModelTable', () => {
  it('per-fold mean (default): each metric per fold, then the mean; AVG = (VAL + ARO)/2', () => {
    const t = buildModelTable([runX, runY])
    expect(t.convention).toBe('per-fold-mean')
    expect(t.folds).toEqual(['f1', 'f2'])
    const x = t.rows[0]
    expect(x.label).toBe('Vi-DeS')
    expect(x.rmse.v).toBeCloseTo(0.75, 12) // (½ + 1)/2
    expect(x.rmse.a).toBe(0)
    expect(x.rmse.mean).toBeCloseTo(0.375, 12)
    expect(x.cor.v).toBeCloseTo((4 / Math.sqrt(20) + 0.6) / 2, 12)
    expect(x.ccc.v).toBeCloseTo((8 / 9 + 0.6) / 2, 12)
    expect(x.icc.v).toBeCloseTo((8 / 9 + 0.6) / 2, 12) // equal means → paper ICC = CCC
    expect(x.icc.a).toBeCloseTo(1, 12)
    expect(t.rows[1].rmse.v).toBeCloseTo(0.5, 12)
    expect(x.notes).toEqual([])
  })

  it('pooled: frames of all folds concatenated', () => {
    const t = buildModelTable([runX, runY], { convention: 'pooled' })
    expect(t.rows[0].rmse.v).toBeCloseTo(Math.sqrt((4 * 0.25 + 4 * 1) / 8), 12)
  })

  it('ICC(A,1) on [pred, gold] instead of the thesis ICC', () => {
    const t = buildModelTable([runX], { icc: 'ICC(A,1)' })
    expect(t.rows[0].icc.a).toBeCloseTo(1, 12)
    expect(t.iccLabel).toContain('absolute agreement')
  })

  it('uses only frames where the gold and every run are present, and counts them', () => {
    const holey: RunEvaluation = { runId: 'r3', folds: [fold('f1', [NaN, 1.5, 3.5, 3.5]), fold('f2', EH)] }
    const t = buildModelTable([runX, holey])
    expect(t.frames).toEqual([
      { fold: 'f1', given: 4, usable: 3 },
      { fold: 'f2', given: 4, usable: 4 }
    ])
    // runX f1 on frames 1-3: pred [1.5,3.5,3.5] vs gold [2,3,4] → RMSE ½; f2 → 1
    expect(t.rows[0].rmse.v).toBeCloseTo(0.75, 12)
    expect(t.rows[1].label).toBe('r3')
  })

  it('a fold where a metric is undefined is left out of that mean, with a note', () => {
    const flat: RunEvaluation = { runId: 'flat', folds: [fold('f1', [2, 2, 2, 2]), fold('f2', E1)] }
    const t = buildModelTable([flat])
    expect(t.rows[0].cor.v).toBeCloseTo(0.6, 12) // f1 COR V undefined (constant prediction)
    expect(t.rows[0].notes[0]).toContain('fold f1 left out where undefined: COR V')
  })

  it('formats in the Tables 7.5/7.6 layout', () => {
    const text = formatModelTable(buildModelTable([runX, runY], { title: 'Table 7.6 layout' }))
    expect(text).toContain('RMSE ↓')
    expect(text).toContain('ICC* ↑')
    expect(text).toMatch(/^Model\s+RMSE ↓\s+COR ↑\s+CCC ↑\s+ICC\* ↑$/m)
    expect(text).toMatch(/^\s+VAL\s+ARO\s+AVG\s+VAL/m)
    expect(text).toMatch(/^AVi-GaS\s+0\.500\s+0\.000\s+0\.250\s+0\.894\s+1\.000\s+0\.947\s+0\.889\s+1\.000\s+0\.944/m)
    expect(text).toContain('frames: 8 of 8 usable')
    expect(text).toContain('ICC*: ICC as thesis eq. 7.18')
  })
})

describe('buildModelTable refuses runs on different folds or frames', () => {
  const mismatch = (runs: RunEvaluation[]): RunMismatchError => {
    try {
      buildModelTable(runs)
    } catch (e) {
      if (e instanceof RunMismatchError) return e
      throw e
    }
    throw new Error('expected a RunMismatchError')
  }

  it('different fold sets', () => {
    const e = mismatch([runX, { runId: 'r9', folds: [fold('f1', EH), fold('f3', EH)] }])
    expect(e.kind).toBe('fold-set')
    expect(e.code).toBe('CONFLICT')
    expect(e.message).toBe(
      'runs r1 and r9 were evaluated on different folds; r9 lacks f2; r9 has extra f3 — compare runs evaluated on the same fold split'
    )
  })

  it('different frame counts in a fold', () => {
    const longer = { valence: [1, 2, 3, 4, 5], arousal: [4, 3, 2, 1, 0] }
    const e = mismatch([runX, { runId: 'r9', folds: [fold('f1', EH), { fold: 'f2', pred: longer, gold: longer }] }])
    expect(e.kind).toBe('frame-count')
    expect(e.message).toContain('fold f2: run r1 has 4 frames but run r9 has 5')
  })

  it('different gold on the same frame', () => {
    const other = { valence: [1, 2, 3, 5], arousal: [4, 3, 2, 1] }
    const e = mismatch([runX, { runId: 'r9', folds: [fold('f1', EH), { fold: 'f2', pred: G, gold: other }] }])
    expect(e.kind).toBe('gold')
    expect(e.message).toContain('fold f2 frame 3: gold valence is 4 in run r1 but 5 in run r9')
  })

  it('different frame keys', () => {
    const a: RunEvaluation = { runId: 'a', folds: [fold('f1', EH, G.arousal, { frameKeys: ['s:0', 's:1', 's:2', 's:3'] })] }
    const b: RunEvaluation = { runId: 'b', folds: [fold('f1', EH, G.arousal, { frameKeys: ['s:0', 's:1', 's:2', 't:3'] })] }
    expect(mismatch([a, b]).kind).toBe('frame-keys')
  })

  it('malformed runs are INVALID_ARGUMENT / LENGTH_MISMATCH, not mismatches', () => {
    expect(() => buildModelTable([])).toThrow(/at least one run/)
    expect(() => buildModelTable([{ runId: 'z', folds: [] }])).toThrow(/has no folds/)
    expect(() => buildModelTable([{ runId: 'z', folds: [fold('f1', EH), fold('f1', EH)] }])).toThrow(/lists a fold twice/)
    expect(() => buildModelTable([{ runId: 'z', folds: [fold('f1', [1, 2])] }])).toThrow(/length mismatch: run z fold f1 predicted valence/)
  })
})
