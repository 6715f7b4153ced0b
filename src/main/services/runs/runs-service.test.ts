import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/connection'
import { replaceRunCheckpoints, replaceRunEpochs, setRunStatus, upsertRun } from '../../db/queries/runs'
import type { AppContext } from '../app-context'
import { runsService } from './runs-service'

describe('run registry', () => {
  it('lists runs with their best validation CCC and returns curves, config and checkpoints', () => {
    const { db } = openDatabase(':memory:')
    const ctx = { db, env: process.env } as unknown as AppContext
    upsertRun(db, { id: 'r1', model: 'anclaf', preset: 'compact', configJson: '{"lr":0.0002}', dataHash: 'h', fold: 'fold-1', runDir: '/nowhere/r1' })
    setRunStatus(db, 'r1', { status: 'done', backend: 'wasm', started: true, finished: true, wallS: 12.5 })
    replaceRunEpochs(db, 'r1', [
      { epoch: 1, split: 'val', metrics: { ccc_mean: 0.2, ccc_v: 0.3 }, losses: { g: 1.5 }, wallS: 6 },
      { epoch: 2, split: 'val', metrics: { ccc_mean: 0.41, ccc_v: 0.5 }, losses: { g: 1.1 }, wallS: 6.5 },
      { epoch: 3, split: 'val', metrics: { ccc_mean: 0.35, ccc_v: 0.45 }, losses: { g: 1 }, wallS: 6.4 }
    ])
    replaceRunCheckpoints(db, 'r1', [{ epoch: 2, path: '/nowhere/r1/best.ckpt', isBest: true }])
    upsertRun(db, { id: 'r2', model: 'avi-gas', preset: 'compact', configJson: 'not json', dataHash: 'h', fold: null, runDir: '/nowhere/r2' })
    const s = runsService(ctx)
    const list = s.list()
    expect(list.map((r) => [r.id, r.status, r.epochs, r.best])).toEqual([
      ['r1', 'done', 3, { epoch: 2, cccMean: 0.41 }],
      ['r2', 'queued', 0, null]
    ])
    expect(list[0]).toMatchObject({ backend: 'wasm', wallS: 12.5, predictions: 0 })
    const d = s.get('r1')
    expect(d.config).toEqual({ lr: 0.0002 })
    expect(d.epochs.map((e) => e.losses.g)).toEqual([1.5, 1.1, 1])
    expect(d.checkpoints).toEqual([{ epoch: 2, path: '/nowhere/r1/best.ckpt', isBest: true }])
    expect(s.get('r2').config).toBe('not json')
    expect(() => s.get('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))
  })
})
