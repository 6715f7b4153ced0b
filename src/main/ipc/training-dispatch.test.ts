import { describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS } from '../../shared/ipc/contract'
import { TRAINING_CHANNELS } from '../../shared/ipc/contract-training'
import { createDispatcher, type Handlers } from './dispatch'

/** Hostile payloads on the training channels never reach a handler. */
function handlers(): Handlers {
  const notCalled = () => {
    throw new Error('handler must not be called')
  }
  return Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, notCalled])) as unknown as Handlers
}

const seq = { family: 'sequence', preset: 'vi-des', datasetId: 'ds-1', fold: 'fold-1', epochs: 2, params: { hidden: 8 }, curriculum: [2, 4], stage1: { image: 'anclaf-compact-0123456789ab' } }
const good = { family: 'anclaf', preset: 'compact', datasetId: 'ds-1', fold: 'fold-1', epochs: 3, params: { batch: 4, lr: 0.001, degrade: true, input: 'image' } }

describe('training channels: argument validation', () => {
  const d = createDispatcher(handlers(), { error: vi.fn() })
  const refused = async (channel: string, args: unknown) => {
    const r = await d(channel, args)
    expect(r, `${channel} ${JSON.stringify(args).slice(0, 120)}`).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  }

  it('are all in the contract', () => {
    for (const c of TRAINING_CHANNELS) expect(INVOKE_CHANNELS).toContain(c)
  })

  it('refuses wrong types, unknown keys, NUL bytes, path tricks and huge values on training:start', async () => {
    const bad: unknown[] = [
      { ...good, family: 'gpt' },
      { ...good, epochs: 0 },
      { ...good, epochs: 10001 },
      { ...good, epochs: 2.5 },
      { ...good, epochs: '3' },
      { ...good, datasetId: '../../etc' },
      { ...good, datasetId: 'a\0b' },
      { ...good, fold: 'fold\0-1' },
      { ...good, fold: 'x'.repeat(101) },
      { ...good, preset: 'Compact; rm -rf' },
      { ...good, extra: true },
      { ...good, params: { batch: Infinity } },
      { ...good, params: { batch: NaN } },
      { ...good, params: { batch: { $gt: 1 } } },
      { ...good, params: { batch: [1, 2] } },
      { ...good, params: { '__proto__ x': 1 } },
      { ...good, params: { input: 'x'.repeat(101) } },
      { ...good, params: Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`p${i}`, i])) },
      { ...good, params: [1, 2] },
      { family: 'anclaf' },
      [good],
      'start'
    ]
    for (const args of bad) await refused('training:start', args)
  })

  it('refuses bad curricula and stage-1 references on a sequence training:start', async () => {
    const bad: unknown[] = [
      { ...seq, curriculum: [] },
      { ...seq, curriculum: [2, 4.5] },
      { ...seq, curriculum: [0, 2] },
      { ...seq, curriculum: [2, 1e9] },
      { ...seq, curriculum: ['2', '4'] },
      { ...seq, curriculum: '2,4' },
      { ...seq, curriculum: Array.from({ length: 100_000 }, (_, i) => i + 2) },
      { ...seq, curriculum: [2, NaN] },
      { ...seq, stage1: { image: 'a\0b' } },
      { ...seq, stage1: { image: '../../runs/x' } },
      { ...seq, stage1: { image: 5 } },
      { ...seq, stage1: { video: 'r' } },
      { ...seq, stage1: ['r'] },
      { ...seq, stage1: 'r' },
      { ...seq, stage1: { image: 'r'.repeat(201) } }
    ]
    for (const args of bad) await refused('training:start', args)
    for (const args of [{}, { datasetId: '' }, { datasetId: 'a\0' }, { datasetId: '../x' }, { datasetId: 'd', runId: 'r' }, { datasetId: ['d'] }, { datasetIds: Array(100_000).fill('d') }]) {
      await refused('training:stage1Runs', args)
    }
  })

  it('refuses bad AP / MTL requests and training:check payloads', async () => {
    const ap = { family: 'ap', preset: 'paper', datasetId: 'ds-1', fold: 'fold-1', epochs: 2, params: { hidden: 8, loss: 'nll' }, stage1: { image: 'anclaf-compact-0123456789ab' } }
    const bad: unknown[] = [
      { ...ap, family: 'AP' },
      { ...ap, family: 'mtl ' },
      { ...ap, stage1: { image: 'a\0b' } },
      { ...ap, stage1: { image: '../runs/x' } },
      { ...ap, stage1: { image: ['r'] } },
      { ...ap, stage1: { backbone: 'r' } },
      { ...ap, backbone: 'r' },
      { ...ap, params: { loss: 'x'.repeat(101) } },
      { ...ap, params: { hidden: Infinity } },
      { ...ap, params: { hidden: null } },
      { ...ap, datasetId: '/etc/passwd' },
      { ...ap, fold: 'a\0' },
      { ...ap, params: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`p${i}`, i])) }
    ]
    for (const args of bad) await refused('training:start', args)
    const checks: unknown[] = [
      {},
      { family: 'mtl' },
      { datasetId: 'ds-1' },
      { family: 'gpt', datasetId: 'ds-1' },
      { family: 'mtl', datasetId: 'a\0b' },
      { family: 'mtl', datasetId: '../x' },
      { family: 'mtl', datasetId: 'd'.repeat(201) },
      { family: 'mtl', datasetId: 'ds-1', path: '/tmp' },
      { family: ['mtl'], datasetId: 'ds-1' },
      { family: 'mtl', datasetId: Array(100_000).fill('d') },
      'mtl'
    ]
    for (const args of checks) await refused('training:check', args)
  })

  it('refuses bad run references on the run channels', async () => {
    for (const c of ['training:job', 'runs:pause', 'runs:resume', 'runs:cancel', 'runs:samples']) {
      for (const args of [{}, { runId: '' }, { runId: 5 }, { runId: 'a/b' }, { runId: 'a\0' }, { runId: 'r'.repeat(201) }, { runId: 'r', x: 1 }, { runIds: Array(100_000).fill('r') }]) {
        await refused(c, args)
      }
    }
    for (const epoch of [0, -1, 1.5, '2', 10001]) await refused('runs:samples', { runId: 'r', epoch })
    await refused('training:options', { all: true })
  })

  it('passes a well-formed request through', async () => {
    const seen: unknown[] = []
    const ok = createDispatcher({ ...handlers(), 'training:start': (a) => (seen.push(a), { job: null, run: null }) as never }, { error: vi.fn() })
    expect(await ok('training:start', good)).toMatchObject({ ok: true })
    expect(await ok('training:start', seq)).toMatchObject({ ok: true })
    const mtl = { family: 'mtl', preset: 'paper', datasetId: 'ds-1', fold: 'fold-1', epochs: 2, params: { schedule: 'joint', crossAttention: false }, stage1: { image: 'img-run' } }
    expect(await ok('training:start', mtl)).toMatchObject({ ok: true })
    expect(seen).toEqual([good, seq, mtl])
    const checked = createDispatcher({ ...handlers(), 'training:check': (a) => ({ ok: a.family !== 'mtl', problem: null }) }, { error: vi.fn() })
    expect(await checked('training:check', { family: 'ap', datasetId: 'ds-1' })).toMatchObject({ ok: true, data: { ok: true } })
  })
})
