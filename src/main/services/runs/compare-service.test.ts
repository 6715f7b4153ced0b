import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/connection'
import { listRunIdsWithTag } from '../../db/queries/run-tags'
import { getRunTags, replaceRunEpochs, setRunRegistryFields, setRunStatus, upsertRun } from '../../db/queries/runs'
import { compareService } from './compare-service'

function seeded() {
  const { db } = openDatabase(':memory:')
  const add = (id: string, model: string, fold: string, config: object, test: { ccc: [number, number] } | null, val?: { ccc: [number, number] }) => {
    upsertRun(db, { id, model, preset: 'compact', configJson: JSON.stringify(config), dataHash: 'h1', fold, runDir: `/nowhere/${id}` })
    setRunStatus(db, id, { status: 'done', backend: 'wasm', started: true, finished: true, wallS: 30 })
    setRunRegistryFields(db, id, { codeVersion: '0.4.0' })
    const rows = []
    if (val) rows.push({ epoch: 1, split: 'val' as const, metrics: { ccc_v: val.ccc[0], ccc_a: val.ccc[1] }, losses: {}, wallS: 1 })
    if (test) rows.push({ epoch: 2, split: 'test' as const, metrics: { ccc_v: test.ccc[0], ccc_a: test.ccc[1], rmse_v: 0.3, rmse_a: 0.3 }, losses: {}, wallS: null })
    replaceRunEpochs(db, id, rows)
  }
  add('vi-f1', 'vi-des', 'fold-1', { variant: 'vi-des', lr: 1e-4, fold: { name: 'fold-1' } }, { ccc: [0.4, 0.3] })
  add('vi-f2', 'vi-des', 'fold-2', { variant: 'vi-des', lr: 1e-4, fold: { name: 'fold-2' } }, { ccc: [0.5, 0.4] })
  add('gas-f1', 'avi-gas', 'fold-1', { variant: 'avi-gas', lr: 1e-4, gmu: { mode: 'gate' }, fold: { name: 'fold-1' } }, null, { ccc: [0.6, 0.5] })
  return db
}

describe('compare service', () => {
  it('compares stored runs: one row per configuration, labelled as the thesis tables, numbers from test else best val', () => {
    const s = compareService(seeded())
    const r = s.compare(['gas-f1', 'vi-f2', 'vi-f1'])
    expect(r.rows.map((x) => [x.label, x.runIds, x.sources])).toEqual([
      ['AVi-GaS', ['gas-f1'], ['val-best']],
      ['Vi-DeS', ['vi-f1', 'vi-f2'], ['test']]
    ])
    expect(r.rows[1].cells.ccc.v.mean).toBeCloseTo(0.45, 12)
    expect(r.rows[1].codeVersions).toEqual(['0.4.0'])
    expect(r.rows[0].cells.ccc.avg.best).toBe(true)
    expect(() => s.compare(['vi-f1', 'nope'])).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))
    expect(() => s.compare(['vi-f1', 'vi-f1'])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })

  it('diffs two configs and says whether data hash and code version differ', () => {
    const s = compareService(seeded())
    const d = s.configDiff('vi-f1', 'gas-f1')
    expect(d.entries).toEqual([
      { path: 'variant', a: '"vi-des"', b: '"avi-gas"' },
      { path: 'gmu.mode', a: null, b: '"gate"' }
    ])
    expect(d.equalLeaves).toBe(2) // lr, fold.name
    expect(d).toMatchObject({ dataHashDiffers: false, codeVersionDiffers: false, a: { label: 'Vi-DeS · compact', fold: 'fold-1' } })
  })

  it('sets, adds and removes tags in their stored form; a bad tag changes nothing', () => {
    const db = seeded()
    const s = compareService(db)
    expect(s.setTags('vi-f1', [' Baseline', 'baseline', 'paper LR'])).toEqual({ runId: 'vi-f1', tags: ['baseline', 'paper lr'] })
    expect(() => s.setTags('vi-f1', ['ok', 'x'.repeat(51)])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(getRunTags(db, 'vi-f1')).toEqual(['baseline', 'paper lr'])
    expect(s.editTags('vi-f1', ['sewa'], 'add').tags).toEqual(['baseline', 'paper lr', 'sewa'])
    expect(s.editTags('vi-f1', ['baseline', 'nope'], 'remove')).toEqual({ runId: 'vi-f1', tags: ['paper lr', 'sewa'], missing: ['nope'] })
    expect(s.setTags('vi-f2', ['sewa']).tags).toEqual(['sewa'])
    expect(listRunIdsWithTag(db, 'sewa')).toEqual(['vi-f1', 'vi-f2'])
    expect(() => s.setTags('nope', ['a'])).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))
    expect(s.setTags('vi-f1', []).tags).toEqual([])
  })
})
