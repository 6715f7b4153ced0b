import { describe, expect, it } from 'vitest'
import type { LandmarkEvalSetView, LandmarkEvalView } from '../../../../../shared/landmarks'
import { aucExact, cedRows, cedSteps, failureRate, setKeys, sourceLabel } from './ced-data'

function set(name: string, category: string | null, nmeBox: Array<number | null>, aucBox: number): LandmarkEvalSetView {
  return {
    name,
    category,
    degraded: false,
    count: nmeBox.length,
    nmeBox,
    nmeIo: nmeBox.map((v) => (v === null ? null : 2 * v)),
    summary: { meanBox: 0.05, meanIo: 0.1, aucBox, aucIo: aucBox / 2, failureBox: 0.1, failureIo: 0.2, threshold: 0.08 }
  }
}

const ev = (id: string, trackerId: string, sets: LandmarkEvalSetView[]): LandmarkEvalView => ({
  id,
  trackerId,
  runId: null,
  label: trackerId,
  source: '/gt',
  createdAt: '2026-11-24T00:00:00Z',
  sets
})

describe('CED data', () => {
  it('steps up by 1/n at each error, counts misses in the total and stops at maxX', () => {
    const steps = cedSteps([0.02, null, 0.04, 0.02, 0.2], 0.08)
    expect(steps).toEqual([
      [0, 0],
      [0.02, 0],
      [0.02, 0.4],
      [0.04, 0.4],
      [0.04, 0.6],
      [0.08, 0.6]
    ])
    expect(cedSteps([], 0.08)).toEqual([
      [0, 0],
      [0.08, 0]
    ])
  })

  it('computes the exact step-function AUC and the failure rate (misses fail)', () => {
    // (0.08-0.02 + 0.08-0.04 + 0) / (4·0.08) = 0.1 / 0.32
    expect(aucExact([0.02, 0.04, null, 0.1], 0.08)).toBeCloseTo(0.3125, 10)
    expect(aucExact([0, 0], 0.08)).toBe(1)
    expect(aucExact([], 0.08)).toBeNull()
    expect(failureRate([0.02, 0.04, null, 0.1], 0.08)).toBe(0.5)
  })

  it('lists the sets across evaluations and makes one row per tracker (newest), best AUC first', () => {
    const evals = [
      ev('new-default', 'default', [set('300w', null, [0.01, 0.03], 0.6)]),
      ev('dcrt', 'dcrt:r1', [set('300w', null, [0.02, 0.05], 0.7), set('300vw', '1', [0.02], 0.75)]),
      ev('old-default', 'default', [set('300w', null, [0.5], 0.1)])
    ]
    expect(setKeys(evals)).toEqual([
      { name: '300w', category: null },
      { name: '300vw', category: '1' }
    ])
    const rows = cedRows(evals, { name: '300w', category: null }, 'box', 0.08)
    expect(rows.map((r) => [r.evalId, r.auc])).toEqual([
      ['dcrt', 0.7],
      ['new-default', 0.6]
    ])
    const io = cedRows(evals, { name: '300w', category: null }, 'io', 0.08)
    expect(io.map((r) => r.auc)).toEqual([0.35, 0.3])
    expect(io[1].steps[2]).toEqual([0.02, 0.5])
    expect(cedRows(evals, { name: '300vw', category: '1' }, 'box', 0.08).map((r) => r.evalId)).toEqual(['dcrt'])
    // Equal AUC (both 0): the lower mean NME first.
    const worse = { ...set('x', null, [0.5], 0), summary: { ...set('x', null, [0.5], 0).summary, meanBox: 0.5 } }
    const better = { ...set('x', null, [0.2], 0), summary: { ...set('x', null, [0.2], 0).summary, meanBox: 0.2 } }
    expect(cedRows([ev('w', 'w', [worse]), ev('b', 'b', [better])], { name: 'x', category: null }, 'box', 0.08).map((r) => r.evalId)).toEqual(['b', 'w'])
  })

  it('shortens sources to folder names and keeps the degraded mark', () => {
    expect(sourceLabel('/work/shared/data/landmarks/300w')).toBe('300w')
    expect(sourceLabel('/a/300w + /b/300vw-001/ + moving (degraded inputs)')).toBe('300w + 300vw-001 + moving (degraded inputs)')
    expect(sourceLabel('synthetic:/tmp/x/synth#fold-1')).toBe('synthetic:synth#fold-1')
    expect(sourceLabel('afew-va')).toBe('afew-va')
  })
})
