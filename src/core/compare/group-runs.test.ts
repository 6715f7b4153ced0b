import { describe, expect, it } from 'vitest'
import { buildComparison, foldStat, type CompareInput } from './group-runs'
import { selectRunMetrics } from './run-metrics'

const m = (rmse: [number, number], pcc: [number, number], ccc: [number, number], icc: [number, number]) => ({
  n: 100,
  rmse_v: rmse[0],
  rmse_a: rmse[1],
  pcc_v: pcc[0],
  pcc_a: pcc[1],
  ccc_v: ccc[0],
  ccc_a: ccc[1],
  ccc_mean: (ccc[0] + ccc[1]) / 2,
  icc_paper_v: icc[0],
  icc_paper_a: icc[1]
})

const base = { preset: 'compact', status: 'done' as const, dataHash: 'd1', codeVersion: 'v1', backend: 'wasm', tags: [] as string[] }
const viConfig = (fold: string) => ({ model: 'vi-des', lr: 1e-4, gmu: { mode: 'none' }, fold: { name: fold, test: [fold] }, status: 'done' })

const A1: CompareInput = {
  ...base,
  runId: 'vi-1',
  label: 'Vi-DeS',
  model: 'vi-des',
  fold: 'fold-1',
  wallS: 100,
  config: viConfig('fold-1'),
  epochs: [
    { epoch: 1, split: 'val', metrics: m([0.5, 0.5], [0.1, 0.1], [0.1, 0.1], [0.1, 0.1]) },
    { epoch: 4, split: 'test', metrics: m([0.3, 0.4], [0.5, 0.4], [0.45, 0.35], [0.46, 0.36]) }
  ]
}
const A2: CompareInput = {
  ...A1,
  runId: 'vi-2',
  fold: 'fold-2',
  wallS: 50,
  config: viConfig('fold-2'),
  epochs: [{ epoch: 3, split: 'test', metrics: m([0.34, 0.36], [0.54, 0.44], [0.47, 0.39], [0.48, 0.4]) }]
}
const B: CompareInput = {
  ...base,
  runId: 'gas-1',
  label: 'AVi-GaS',
  model: 'avi-gas',
  fold: 'fold-1',
  wallS: 70,
  config: { model: 'avi-gas', lr: 1e-4, gmu: { mode: 'gate' } },
  epochs: [
    { epoch: 1, split: 'val', metrics: m([0.4, 0.5], [0.3, 0.3], [0.3, 0.3], [0.3, 0.3]) },
    { epoch: 2, split: 'val', metrics: m([0.25, 0.45], [0.62, 0.52], [0.6, 0.5], [0.61, 0.51]) },
    { epoch: 3, split: 'val', metrics: m([0.26, 0.44], [0.6, 0.5], [0.58, 0.49], [0.6, 0.5]) }
  ]
}
const C: CompareInput = { ...base, runId: 'queued-1', label: 'AVi-CaS', model: 'avi-cas', fold: 'fold-1', status: 'queued', wallS: null, config: {}, epochs: [] }

describe('selectRunMetrics', () => {
  it('takes the test split when there is one, else the best validation epoch by mean CCC, else none', () => {
    expect(selectRunMetrics(A1.epochs)).toMatchObject({ source: 'test', epoch: 4, metrics: { ccc: { v: 0.45, a: 0.35, avg: 0.4 }, cor: { v: 0.5, a: 0.4 } } })
    expect(selectRunMetrics(B.epochs)).toMatchObject({ source: 'val-best', epoch: 2, metrics: { rmse: { v: 0.25, a: 0.45 }, icc: { v: 0.61, a: 0.51 } } })
    expect(selectRunMetrics([])).toEqual({ source: 'none', epoch: null, metrics: null })
  })

  it('takes the latest test record (a sequence run’s last stage) and reads missing or NaN values as null', () => {
    const r = selectRunMetrics([
      { epoch: 5, split: 'test', metrics: { ccc_v: 0.1, ccc_a: 0.1 } },
      { epoch: 9, split: 'test', metrics: { ccc_v: 0.7, ccc_a: Number.NaN, rmse_v: null } }
    ])
    expect(r.epoch).toBe(9)
    expect(r.metrics?.ccc).toEqual({ v: 0.7, a: null, avg: null })
    expect(r.metrics?.rmse).toEqual({ v: null, a: null, avg: null })
  })
})

describe('foldStat', () => {
  it('is the mean and sample sd of the defined values', () => {
    const s = foldStat([0.3, null, 0.34])
    expect(s.n).toBe(2)
    expect(s.mean).toBeCloseTo(0.32, 12)
    expect(s.sd).toBeCloseTo(Math.sqrt(2 * 0.02 ** 2), 12)
    expect(foldStat([0.5])).toEqual({ mean: 0.5, sd: null, n: 1 })
    expect(foldStat([null])).toEqual({ mean: null, sd: null, n: 0 })
  })
})

describe('buildComparison', () => {
  const res = buildComparison([A2, B, A1, C])

  it('groups the runs of one configuration over folds into one row, in fold order, rows in first-seen order', () => {
    expect(res.rows.map((r) => r.label)).toEqual(['Vi-DeS', 'AVi-GaS', 'AVi-CaS'])
    const vi = res.rows[0]
    expect(vi.runIds).toEqual(['vi-1', 'vi-2'])
    expect(vi.folds).toEqual(['fold-1', 'fold-2'])
    expect(vi.sources).toEqual(['test'])
    expect(vi.wallS).toBe(150)
    expect(vi.runs.map((r) => r.epoch)).toEqual([4, 3])
  })

  it('gives mean ± sd over folds per cell, AVG = (VAL + ARO) / 2 per fold', () => {
    const c = res.rows[0].cells
    expect(c.rmse.v.mean).toBeCloseTo(0.32, 12)
    expect(c.rmse.v.sd).toBeCloseTo(0.0282842712, 9)
    expect(c.rmse.a.mean).toBeCloseTo(0.38, 12)
    expect(c.rmse.avg.mean).toBeCloseTo(0.35, 12)
    expect(c.rmse.avg.sd).toBeCloseTo(0, 12)
    expect(c.ccc.avg.mean).toBeCloseTo(0.415, 12)
    expect(c.cor.a.n).toBe(2)
    expect(res.rows[1].cells.ccc.v).toMatchObject({ mean: 0.6, sd: null, n: 1 })
    expect(res.rows[2].cells.ccc.v).toEqual({ mean: null, sd: null, n: 0, best: false })
  })

  it('marks the best per column: lowest RMSE, highest COR/CCC/ICC, ties at 3 decimals both', () => {
    const best = (i: number) =>
      Object.fromEntries((['rmse', 'cor', 'ccc', 'icc'] as const).map((k) => [k, (['v', 'a', 'avg'] as const).map((d) => res.rows[i].cells[k][d].best)]))
    expect(best(0)).toEqual({ rmse: [false, true, true], cor: [false, false, false], ccc: [false, false, false], icc: [false, false, false] })
    expect(best(1)).toEqual({ rmse: [true, false, true], cor: [true, true, true], ccc: [true, true, true], icc: [true, true, true] })
    expect(best(2)).toEqual({ rmse: [false, false, false], cor: [false, false, false], ccc: [false, false, false], icc: [false, false, false] })
  })

  it('says where numbers are missing or not like for like', () => {
    expect(res.rows[2].notes.join(' ')).toMatch(/queued-1 \(queued\) has no evaluated epoch/)
    expect(res.notes.join(' ')).toMatch(/test split, others on the best validation epoch/)
    expect(res.notes.join(' ')).toMatch(/different folds/)
    expect(res.iccLabel).toMatch(/eq\. 7\.18/)
  })

  it('keeps a configuration that differs from another as its own row, labelled by what differs', () => {
    const other = { ...A1, runId: 'vi-3', config: { ...viConfig('fold-1'), lr: 3e-4 } }
    const r = buildComparison([A1, A2, other])
    expect(r.rows.map((x) => x.label)).toEqual(['Vi-DeS (lr=0.0001)', 'Vi-DeS (lr=0.0003)'])
    expect(r.rows[1].runIds).toEqual(['vi-3'])
    const otherData = { ...A1, runId: 'vi-4', dataHash: 'd2abcdef' }
    const r2 = buildComparison([A1, otherData])
    expect(r2.rows.map((x) => x.label)).toEqual(['Vi-DeS (data d1)', 'Vi-DeS (data d2abcd)'])
    expect(r2.notes.join(' ')).toMatch(/different data \(2 data hashes\)/)
  })

  it('notes two runs on one fold and folds on different code versions', () => {
    const again = { ...A1, runId: 'vi-1b', codeVersion: 'v2' }
    const r = buildComparison([A1, again])
    expect(r.rows).toHaveLength(1)
    expect(r.rows[0].notes.join(' ')).toMatch(/fold fold-1 has 2 runs \(vi-1, vi-1b\)/)
    expect(r.rows[0].notes.join(' ')).toMatch(/different code versions \(v1, v2\)/)
  })
})
