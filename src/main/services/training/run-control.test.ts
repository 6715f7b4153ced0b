/**
 * Training from the app with real worker threads: the engine worker is killed mid-epoch (the app survives, the run
 * is marked crashed and resumes after its last checkpoint), two trainings queue, pause / cancel record why, and a
 * changed dataset folder is refused with both hashes named.
 *
 * Why worker.terminate(): the job runner sees exactly what it sees when the engine dies of its own accord (an
 * 'exit' event without a result), while the test process — which plays the app — stays up to prove it keeps
 * answering. Killing a child process would test the OS, not the app's handling.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobInfo } from '../../../shared/domain'
import type { RunDetail, RunSummary } from '../../../shared/runs'
import type { RunJob, RunSamples, TrainingOptions } from '../../../shared/training'
import { getRun, getRunEpochs, setRunStatus, upsertRun } from '../../db/queries/runs'
import { makeAppWorld, type AppWorld } from './app-world'
import { recoverInterruptedRuns } from './run-control'

type Started = { job: JobInfo; run: RunSummary }
const request = (w: AppWorld, params: Record<string, number | boolean | string> = {}, epochs = 3) => ({
  family: 'anclaf',
  preset: 'compact',
  datasetId: w.datasetId,
  fold: 'fold-1',
  epochs,
  // 10 training frames at stride 2 → 5 → two batch-2 steps per epoch.
  params: { batch: 2, frameStride: 2, evalStride: 2, ...params }
})
const history = (w: AppWorld, runId: string) =>
  JSON.parse(readFileSync(join(getRun(w.ctx.db, runId)!.runDir!, 'history.json'), 'utf8')) as { history: Array<{ epoch: number; wallS: number; losses: Record<string, number> }> }

describe('training from the app (real worker threads)', () => {
  let w: AppWorld
  beforeAll(async () => {
    w = await makeAppWorld()
  }, 120_000)
  afterAll(async () => {
    await w?.close()
  })

  it('survives the engine worker being killed mid-epoch; the run is marked crashed and resumes after its last checkpoint', async () => {
    const { job, run } = await w.call<Started>('training:start', request(w))
    expect(run.datasetId).toBe(w.datasetId)
    expect(run.codeVersion).toBe('test-1')
    expect(run.epochsPlanned).toBe(3)
    // Epoch 1 done (2 steps), one step into epoch 2: kill the worker thread.
    await w.until((j) => j.id === job.id && w.ctx.jobs.phase(j.id) === 'training' && j.done >= 3)
    await w.workers.get(job.id)!.terminate()
    const end = await w.ctx.jobs.wait(job.id)
    expect(end.state).toBe('failed')
    const crashed = await w.call<RunDetail>('runs:get', { runId: run.id })
    expect(crashed.run.status).toBe('failed')
    expect(crashed.run.stopReason).toBe('crashed')
    expect(crashed.run.error).toMatch(/^engine crashed: worker exited \(code \d+\) before finishing\. Resume continues from the last checkpoint \(epoch 1\)/)
    expect(crashed.epochs.filter((e) => e.split === 'val').map((e) => e.epoch)).toEqual([1])
    // The app keeps answering.
    expect((await w.call<{ name: string }>('app:info')).name).toBe('Circumplex')
    expect((await w.call<RunSummary[]>('runs:list')).map((r) => r.id)).toContain(run.id)
    expect((await w.call<TrainingOptions>('training:options')).families[0].available).toBe(true)
    const epoch1 = history(w, run.id).history[0]

    // Resume: a new job on the same run id continues at epoch 2 (its training phase starts at step 2 of 6).
    const firstTraining: number[] = []
    const off = w.ctx.jobs.on((j) => {
      if (w.ctx.jobs.phase(j.id) === 'training' && firstTraining.length === 0 && j.state === 'running') firstTraining.push(j.done)
    })
    const resumed = await w.call<Started>('runs:resume', { runId: run.id })
    expect(resumed.run.id).toBe(run.id)
    expect(resumed.job.id).not.toBe(job.id)
    expect((await w.ctx.jobs.wait(resumed.job.id)).state).toBe('done')
    off()
    expect(firstTraining).toEqual([2])
    const done = await w.call<RunDetail>('runs:get', { runId: run.id })
    expect(done.run.status).toBe('done')
    expect(done.run.stopReason).toBeNull()
    expect(done.run.error).toBeNull()
    const h = history(w, run.id).history
    expect(h.map((e) => e.epoch)).toEqual([1, 2, 3])
    expect(h[0]).toEqual(epoch1) // epoch 1 was not trained again
    expect(done.epochs.filter((e) => e.split === 'val')).toHaveLength(3)
    // Sample reconstructions of every epoch, the latest by default.
    const s = await w.call<RunSamples>('runs:samples', { runId: run.id })
    expect(s.epochs).toEqual([1, 2, 3])
    expect(s.epoch).toBe(3)
    expect(s.size).toBe(64)
    expect(s.frames).toHaveLength(4)
    for (const f of s.frames) for (const img of [f.clean, f.degraded, f.generated]) expect(img).toMatch(/^data:image\/png;base64,iVBOR/)
    expect((await w.call<RunSamples>('runs:samples', { runId: run.id, epoch: 1 })).epoch).toBe(1)
    expect(await w.result('runs:samples', { runId: run.id, epoch: 9 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    // A finished run is not resumed (more epochs = the same settings started again).
    expect(await w.result('runs:resume', { runId: run.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/finished all its 3 epochs/) } })
  }, 180_000)

  it('queues a second training behind the first, pauses and cancels with the reason, and refuses a changed dataset', async () => {
    const a = await w.call<Started>('training:start', request(w, { seed: 11 }, 2))
    const b = await w.call<Started>('training:start', request(w, { seed: 12 }, 2))
    expect(b.run.id).not.toBe(a.run.id)
    expect(w.ctx.jobs.get(b.job.id).state).toBe('queued')
    expect(b.run.status).toBe('queued')
    // The same run twice is refused while it trains.
    expect(await w.result('training:start', request(w, { seed: 11 }, 2))).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })

    await w.until((j) => j.id === a.job.id && w.ctx.jobs.phase(j.id) === 'training' && j.done >= 1)
    expect((await w.call<RunSummary[]>('runs:list')).find((r) => r.id === b.run.id)?.status).toBe('queued')
    const paused = await w.call<RunSummary>('runs:pause', { runId: a.run.id })
    expect(paused).toMatchObject({ status: 'cancelled', stopReason: 'paused' })
    expect((await w.call<RunJob>('training:job', { runId: a.run.id })).state).toBe('cancelled')
    // The queue moves on: B runs once A has stopped.
    await w.until((j) => j.id === b.job.id && j.state === 'running')
    expect((await w.call<RunSummary[]>('runs:list')).find((r) => r.id === b.run.id)?.status).toBe('running')
    const cancelled = await w.call<RunSummary>('runs:cancel', { runId: b.run.id })
    expect(cancelled).toMatchObject({ status: 'cancelled', stopReason: 'cancelled' })
    expect(await w.result('runs:pause', { runId: b.run.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/not training/) } })

    // The folder changes while A is paused: resume and a new start are refused, naming both hashes; A is kept.
    const labels = join(w.dataDir, 'afew-va', 'S01_T01', 'S01_T01.json')
    const original = readFileSync(labels, 'utf8')
    writeFileSync(labels, original.replace(/"valence":\s*(-?[\d.]+)/, '"valence": 9.5'))
    try {
      const run = getRun(w.ctx.db, a.run.id)!
      const r = await w.result('runs:resume', { runId: a.run.id })
      expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
      const msg = (r as { error: { message: string } }).error.message
      expect(msg).toContain(run.dataHash.slice(0, 12))
      expect(msg).toMatch(/changed since run .* started: the run trained on data hash [0-9a-f]{12}…, the folder now hashes to [0-9a-f]{12}…/)
      expect(getRun(w.ctx.db, a.run.id)).toMatchObject({ status: 'cancelled', stopReason: 'paused' })
      expect(await w.result('training:start', request(w, { seed: 13 }, 1))).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/changed on disk since it was registered/) } })
    } finally {
      writeFileSync(labels, original)
    }
    // With the folder as it was, A resumes; the folder changes while it trains: the record says so when it stops.
    const again = await w.call<Started>('runs:resume', { runId: a.run.id })
    await w.until((j) => j.id === again.job.id && w.ctx.jobs.phase(j.id) === 'training')
    writeFileSync(labels, original.replace(/"arousal":\s*(-?[\d.]+)/, '"arousal": -9.5'))
    try {
      expect(await w.call<RunSummary>('runs:pause', { runId: a.run.id })).toMatchObject({ stopReason: 'paused' })
      await expect.poll(() => getRun(w.ctx.db, a.run.id)!.error, { timeout: 10_000 }).toMatch(/the dataset folder changed during training: the run trained on data hash [0-9a-f]{12}…/)
    } finally {
      writeFileSync(labels, original)
    }
    // Cancelling the paused run gives it up.
    expect(await w.call<RunSummary>('runs:cancel', { runId: a.run.id })).toMatchObject({ status: 'cancelled', stopReason: 'cancelled' })
  }, 180_000)

  it('trains AEG-CD-SZ from the form: pause keeps its last checkpoint, resume continues it to the end of its schedule', async () => {
    // 10 training frames at stride 2 → 5 → two batch-2 steps per epoch; 3 epochs → one per phase.
    const req = { family: 'aeg-cd-sz', preset: 'compact', datasetId: w.datasetId, fold: 'fold-1', epochs: 3, params: { batch: 2, frameStride: 2, evalStride: 2, lr: 0.001 } }
    const { job, run } = await w.call<Started>('training:start', req)
    expect(run.id).toMatch(/^aeg-cd-sz-compact-[0-9a-f]{12}$/)
    expect(run).toMatchObject({ datasetId: w.datasetId, epochsPlanned: 3 })
    expect(JSON.parse(readFileSync(join(getRun(w.ctx.db, run.id)!.runDir!, 'request.json'), 'utf8'))).toMatchObject({ kind: 'aeg-cd-sz', datasetId: w.datasetId, config: { schedule: { disc: 1, aegCd: 1, full: 1 }, audio: true } })
    // Epoch 1 done (2 steps), one step into epoch 2: pause (it stops before the next step: in epoch 2 or 3).
    await w.until((j) => j.id === job.id && w.ctx.jobs.phase(j.id) === 'training' && j.done >= 3)
    expect(await w.call<RunSummary>('runs:pause', { runId: run.id })).toMatchObject({ status: 'cancelled', stopReason: 'paused' })
    const saved = getRunEpochs(w.ctx.db, run.id).map((e) => e.epoch)
    expect([[1], [1, 2]]).toContainEqual(saved)
    const firstTraining: number[] = []
    const off = w.ctx.jobs.on((j) => {
      if (w.ctx.jobs.phase(j.id) === 'training' && firstTraining.length === 0 && j.state === 'running') firstTraining.push(j.done)
    })
    const resumed = await w.call<Started>('runs:resume', { runId: run.id })
    expect(resumed.run.id).toBe(run.id)
    expect((await w.ctx.jobs.wait(resumed.job.id)).state).toBe('done')
    off()
    expect(firstTraining).toEqual([2 * saved.length])
    const done = await w.call<RunDetail>('runs:get', { runId: run.id })
    expect(done.run).toMatchObject({ status: 'done', stopReason: null, model: 'aeg-cd-sz' })
    expect(done.epochs.filter((e) => e.split === 'val').map((e) => [e.epoch, e.metrics.phase_index])).toEqual([[1, 0], [2, 1], [3, 2]])
    expect(done.epochs.filter((e) => e.split === 'test').map((e) => e.epoch)).toEqual([3])
    expect(await w.result('runs:resume', { runId: run.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/finished its schedule \(3 epochs/) } })
    // The audio ablation is another run; a bad preset or a sequence-only setting is refused before any job starts.
    expect(await w.result('training:start', { ...req, preset: 'paper' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/presets 'compact' and 'thesis'/) } })
    expect(await w.result('training:start', { ...req, curriculum: [2, 4] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await w.result('training:start', { ...req, params: { ...req.params, depth: 3 } })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/not a hyper-parameter of AEG-CD-SZ/) } })
  }, 180_000)

  it('after a restart, marks runs whose training process is gone as crashed, and leaves live or unowned ones alone', () => {
    const mk = (id: string, owner: object | null) => {
      const runDir = join(w.ctx.layout.root, 'runs', id)
      mkdirSync(runDir, { recursive: true })
      upsertRun(w.ctx.db, { id, model: 'anclaf', preset: 'compact', configJson: '{}', dataHash: 'h', fold: 'fold-1', runDir })
      setRunStatus(w.ctx.db, id, { status: 'running', started: true })
      if (owner) writeFileSync(join(runDir, 'owner.json'), JSON.stringify(owner))
      writeFileSync(join(runDir, 'history.json'), JSON.stringify({ status: 'running', history: [{ epoch: 1, wallS: 1, losses: { affect: 1 }, val: { ccc_mean: 0.1 } }], bestEpoch: 1 }))
    }
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
    mk('dead-owner', { pid: Number(gone.stdout), host: hostname(), startedAt: '' })
    mk('live-owner', { pid: process.ppid, host: hostname(), startedAt: '' })
    mk('other-host', { pid: Number(gone.stdout), host: 'gpu-server', startedAt: '' })
    mk('no-owner', null)
    expect(recoverInterruptedRuns(w.ctx)).toEqual(['dead-owner'])
    expect(getRun(w.ctx.db, 'dead-owner')).toMatchObject({ status: 'failed', stopReason: 'crashed', error: expect.stringMatching(/the process training it \(pid \d+\) stopped\. Resume continues from the last checkpoint \(epoch 1\)/) })
    expect(getRunEpochs(w.ctx.db, 'dead-owner')).toHaveLength(1)
    for (const id of ['live-owner', 'other-host', 'no-owner']) expect(getRun(w.ctx.db, id)!.status).toBe('running')
  })

  it('answers bad requests with clear codes before any job starts', async () => {
    const before = w.ctx.jobs.list().length
    expect(await w.result('training:start', { ...request(w), fold: 'fold-9' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/no fold 'fold-9' \(folds: fold-1\)/) } })
    expect(await w.result('training:start', { ...request(w), datasetId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await w.result('training:start', request(w, { batch: 1 }))).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/batch must be an integer ≥ 2/) } })
    expect(await w.result('training:start', request(w, { lr: 2 }))).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/lr must be in \(0, 1\)/) } })
    expect(await w.result('training:start', request(w, { dropout: 0.5 }))).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/not a hyper-parameter/) } })
    expect(await w.result('training:start', { ...request(w), preset: 'huge' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await w.result('runs:pause', { runId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(w.ctx.jobs.list().length).toBe(before)
  })
})
