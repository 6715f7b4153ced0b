import { describe, expect, it } from 'vitest'
import * as analysis from './index'
import { analyzeRun, formatRunAnalysis, type AnalyzedRun } from './run-analysis'
import type { FrameCondition } from './gate-shift'

const gold = { valence: [1, 2, 3, 4, 1, 2, 3, 4], arousal: [4, 3, 2, 1, 4, 3, 2, 1] }
// attention: peaked on frames 0-3 (range 80 %), uniform on 4-7 (0 %)
const peaked = [0.9, 0.1]
const flat = [0.5, 0.5]
const run: AnalyzedRun = {
  id: 'run-7',
  label: 'AVi-GaS',
  pred: { valence: [1.5, 1.5, 3.5, 3.5, 2, 1, 4, 3], arousal: [4.5, 2.5, 2.5, 0.5, 5, 2, 3, 0] },
  attention: [peaked, peaked, peaked, peaked, flat, flat, flat, flat],
  zg: [0.05, 0.1, 0.95, 0.9, 0.5, 0.5, 0.45, 0.55]
}
const other = { model: 'Vi-DeS', pred: { valence: [2, 1, 4, 3, 1.5, 1.5, 3.5, 3.5], arousal: [5, 2, 3, 0, 4.5, 2.5, 2.5, 0.5] } }
const conditions: FrameCondition[] = ['video-degraded', 'video-degraded', 'audio-degraded', 'audio-degraded', 'clean', 'clean', 'clean', 'clean']

describe('analyzeRun', () => {
  it('builds every table when attention, gates, baseline, compared models and conditions are given', () => {
    const a = analyzeRun({ run, gold, baseline: other, compared: [other], conditions })
    expect(Object.keys(a.attention?.tables ?? {})).toEqual(['above', 'at-most'])
    const above = a.attention?.tables.above
    expect(above?.layout).toBe('attention')
    expect(above?.rows.map((r) => r.label)).toEqual(['Vi-DeS', 'AVi-GaS'])
    // ΔW^a > 50 %: frames 0-3, where the run has RMSE ½ and Vi-DeS 1 → +50 %
    expect(above?.rows[1].cells[2].gain?.values.rmse?.v).toBeCloseTo(50, 10)
    expect(a.attention?.tables['at-most']?.rows[1].cells[2].gain?.values.rmse?.v).toBeCloseTo(-100, 10)
    expect(a.gates?.tZg.layout).toBe('reference')
    expect(a.gates?.tZg.rows.map((r) => r.label)).toEqual(['Vi-DeS', 'AVi-GaS'])
    // T_ZG = 0.25 selects frames 0-3 (ZG 0.05, 0.1, 0.95, 0.9)
    expect(a.gates?.tZg.segments[0].nInside).toBe(4)
    expect(a.gates?.tZg.rows[0].cells[0].gain?.values.rmse?.v).toBeCloseTo(50, 10)
    expect(a.gates?.deltaWg.above?.segments[0].label).toBe('ΔW_G > 12.5%')
    // gates move away from the degraded modality here → the check passes
    expect(a.gateShift?.verdict.passed).toBe(true)
    expect(a.skipped).toEqual([])
  })

  it('is JSON-safe (no NaN/typed arrays) and formats as text', () => {
    const a = analyzeRun({ run, gold, compared: [other], conditions })
    const json = JSON.stringify(a)
    expect(json).not.toContain('NaN')
    expect(JSON.parse(json).runId).toBe('run-7')
    const text = formatRunAnalysis(a)
    expect(text).toContain('Analysis of run run-7 (AVi-GaS)')
    expect(text).toContain('T_ZG segments, layout of thesis Tables 7.9/7.10')
    expect(text).toContain('check PASSED')
  })

  it('skips, with reasons, what the run did not store', () => {
    const a = analyzeRun({ run: { id: 'r', label: 'Vi-De', pred: run.pred }, gold })
    expect(a.attention).toBeNull()
    expect(a.gates).toBeNull()
    expect(a.gateShift).toBeNull()
    expect(a.skipped).toEqual([
      'ΔW^a: the run stored no attention weights',
      'ΔW_G / T_ZG: the run stored no gate values (not a gated model)',
      'gate shift: no gate values'
    ])
    const b = analyzeRun({ run: { ...run, attention: undefined }, gold, modes: ['above'] })
    expect(b.gates?.deltaWg).toEqual({})
    expect(b.skipped).toContain('ΔW_G: the run stored no attention weights')
    const c = analyzeRun({ run: { ...run, attention: undefined }, gold, deltaWgSource: 'gate-window-range', deltaWgWindow: 2, modes: ['at-most'] })
    expect(c.gates?.deltaWg['at-most']?.segments[0].label).toBe('ΔW_G ≤ 12.5%')
  })

  it('the index re-exports the public surface', () => {
    for (const name of ['analyzeRun', 'buildModelTable', 'accuracyGainTable', 'attentionSpreadPerFrame', 'gateThresholdSegments', 'gateShift', 'cliffsDelta', 'formatTextTable', 'RunMismatchError']) {
      expect(typeof (analysis as Record<string, unknown>)[name]).toBe('function')
    }
  })
})
