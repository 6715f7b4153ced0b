import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { DatasetDetail, DatasetJobStart } from '../../shared/datasets'
import { INVOKE_CHANNELS } from '../../shared/ipc/contract'
import { DATASET_CHANNELS } from '../../shared/ipc/contract-datasets'
import { testContext, tinyDataset } from '../services/datasets/test-fixtures'
import { createDatasetHandlers } from './datasets-handlers'
import { createDispatcher, type Handlers } from './dispatch'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

function dispatcher() {
  const ctx = testContext()
  const called = vi.fn()
  const base = Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, () => called(c)])) as unknown as Handlers
  const real = createDatasetHandlers(ctx)
  const spied = Object.fromEntries(Object.entries(real).map(([c, h]) => [c, (a: never) => (called(c), (h as (x: never) => unknown)(a))]))
  return { ctx, called, d: createDispatcher({ ...base, ...spied } as Handlers, { error: vi.fn() }) }
}

describe('datasets IPC channels', () => {
  it('are all in the contract', () => {
    for (const c of DATASET_CHANNELS) expect(INVOKE_CHANNELS).toContain(c)
  })

  it('refuse hostile payloads with INVALID_ARGUMENT before any service runs', async () => {
    const { d, called } = dispatcher()
    const fold = { name: 'f', train: ['a'], val: [], test: ['b'] }
    const bad: Array<[string, unknown]> = [
      ['datasets:list', { extra: 1 }],
      ['datasets:get', { datasetId: 5 }],
      ['datasets:get', { datasetId: '../../etc' }],
      ['datasets:get', { datasetId: 'a', more: true }],
      ['datasets:register', { path: '/tmp/x\0y', format: 'afew-va' }],
      ['datasets:register', { path: '', format: 'afew-va' }],
      ['datasets:register', { path: '/tmp/x', format: 'recola' }],
      ['datasets:register', { path: '/tmp/x', format: 'afew-va', name: '   ' }],
      ['datasets:register', { path: 'x'.repeat(5000), format: 'afew-va' }],
      ['datasets:register', { path: ['/tmp/x'], format: 'afew-va' }],
      ['datasets:from-sessions', { name: 'n', sessionIds: [], source: { kind: 'gold' } }],
      ['datasets:from-sessions', { name: 'n', sessionIds: Array.from({ length: 2001 }, (_, i) => `s${i}`), source: { kind: 'gold' } }],
      ['datasets:from-sessions', { name: 'n', sessionIds: ['s'], source: { kind: 'everything' } }],
      ['datasets:from-sessions', { name: 'n', sessionIds: ['s'], source: { kind: 'annotator' } }],
      ['datasets:from-sessions', { name: 'n', sessionIds: ['s'], source: { kind: 'gold', sneaky: 1 } }],
      ['datasets:from-sessions', { name: 'n', sessionIds: ['s'], source: { kind: 'gold' }, subjects: { s: 'a\nb' } }],
      ['datasets:save-folds', { datasetId: 'x', folds: [] }],
      ['datasets:save-folds', { datasetId: 'x', folds: [{ ...fold, extra: 1 }] }],
      ['datasets:save-folds', { datasetId: 'x', folds: [{ ...fold, train: 'a' }] }],
      ['datasets:save-folds', { datasetId: 'x', folds: [{ ...fold, test: [''] }] }],
      ['datasets:save-folds', { datasetId: 'x', folds: [{ ...fold, test: ['a\0'] }] }],
      ['datasets:save-folds', { datasetId: 'x', folds: Array.from({ length: 201 }, (_, i) => ({ ...fold, name: `f${i}` })) }],
      ['datasets:save-folds', { datasetId: 'x', folds: [{ ...fold, train: Array.from({ length: 10_001 }, (_, i) => `s${i}`) }] }],
      ['datasets:save-folds', { datasetId: 'x', folds: [fold], seed: 1.5 }],
      ['datasets:remove', {}],
      ['datasets:check', { datasetId: { $ne: '' } }]
    ]
    for (const [channel, args] of bad) {
      const r = await d(channel, args)
      expect(r, `${channel} ${JSON.stringify(args).slice(0, 120)}`).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    }
    expect(called).not.toHaveBeenCalled()
  })

  it('register → job → get → save-folds → check → remove through the dispatcher, with service errors as codes', async () => {
    const { d, ctx } = dispatcher()
    const dir = await tinyDataset({ subjects: 3, frames: 4 })
    dirs.push(dir)
    expect(await d('datasets:register', { path: `${dir}/nope`, format: 'afew-va' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const r = (await d('datasets:register', { path: dir, format: 'afew-va', name: 'Tiny' })) as { ok: true; data: DatasetJobStart }
    expect(r.ok).toBe(true)
    expect((await ctx.jobs.wait(r.data.job.id)).state).toBe('done')
    const got = (await d('datasets:get', { datasetId: r.data.datasetId })) as { ok: true; data: DatasetDetail }
    expect(got.data.dataset.name).toBe('Tiny')
    const [f1, ...rest] = got.data.folds.folds
    const leaky = { ...f1, train: [...f1.train, f1.test[0]] }
    expect(await d('datasets:save-folds', { datasetId: r.data.datasetId, folds: [leaky, ...rest] })).toMatchObject({ ok: false, error: { code: 'SUBJECT_LEAKAGE' } })
    expect(await d('datasets:save-folds', { datasetId: r.data.datasetId, folds: [f1, ...rest], seed: null })).toMatchObject({ ok: true, data: { folds: { kind: 'custom' } } })
    expect(await d('datasets:check', { datasetId: r.data.datasetId })).toMatchObject({ ok: true, data: { same: true } })
    expect(await d('datasets:remove', { datasetId: r.data.datasetId })).toMatchObject({ ok: true, data: { path: dir } })
    expect(await d('datasets:list', {})).toEqual({ ok: true, data: [] })
    expect(await d('datasets:get', { datasetId: r.data.datasetId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})
