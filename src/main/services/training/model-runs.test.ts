/**
 * AP and MTL runs from the New-run form through the app's run control, on the tiny synthetic world (3 subjects × 16
 * frames, a tiny stage-1 image run as the backbone; job handlers inline): the run row carries the dataset, code
 * version and epochs planned, request.json is in the run folder, cancel records why, pause is refused (these
 * trainers restart), resume trains the run again from the start, MTL on a dataset without ABAW labels is refused
 * naming `circumplex synth --add-abaw`, and bad requests are refused naming the field.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { TrainStartRequest } from '../../../shared/training'
import { insertDataset, replaceFolds } from '../../db/queries/datasets'
import { getRun, getRunEpochs, setRunRegistryFields } from '../../db/queries/runs'
import { HAVE_FFMPEG } from '../../datasets/synth/test-ffmpeg'
import { datasetHash, listClips } from '../../engine/data/dataset-dir'
import { BEST_BACKEND } from '../../engine/testing/native-backends'
import { useBackend } from '../../engine/train/use-backend'
import type { JobHandler } from '../../jobs/protocol'
import { apTrainJob } from '../ap/ap-train-job'
import { mtlTrainJob } from '../mtl/mtl-train-job'
import type { AppContext } from '../app-context'
import { withInlineJobs } from '../testing/test-context'
import { readModelRequest } from './model-runs'
import { runControl } from './run-control'
import { makeWorld, type TestWorld } from './test-world'

/** 'test:hold' occupies the queue until cancelled (to see a run wait behind another job). */
const hold: JobHandler = (_args, c) => new Promise((res) => c.signal.addEventListener('abort', () => res(null)))
const HANDLERS: Record<string, JobHandler> = { 'model:train-ap': apTrainJob, 'model:train-mtl': mtlTrainJob, 'test:hold': hold }

const FOLD = { train: ['S01'], val: ['S02'], test: ['S03'] }
const apForm: TrainStartRequest = {
  family: 'ap',
  preset: 'paper',
  datasetId: 'ds-m',
  fold: 'fold-1',
  epochs: 2,
  params: { hidden: 8, batch: 2, itersPerEpoch: 3, window: 8, hop: 4, contextPoints: 3, samples: 3, lr: 0.01 },
  stage1: { image: 'img-run' }
}
const mtlForm: TrainStartRequest = { family: 'mtl', preset: 'paper', datasetId: 'ds-m', fold: 'fold-1', epochs: 2, params: { batch: 8, attentionDim: 4, lr: 0.05 }, stage1: { image: 'img-run' } }

function register(ctx: AppContext, id: string, dir: string): void {
  insertDataset(ctx.db, { id, name: id, path: dir, format: 'aff-wild2', source: 'folder', dataHash: datasetHash(listClips(dir), 'aff-wild2'), summaryJson: '{}' })
  replaceFolds(ctx.db, id, [{ name: 'fold-1', splitJson: JSON.stringify(FOLD) }])
}

describe.skipIf(!HAVE_FFMPEG)('AP and MTL runs from the New-run form', () => {
  let w: TestWorld
  let ctx: AppContext
  beforeAll(async () => {
    await useBackend('wasm')
    w = await makeWorld()
    ctx = withInlineJobs(w.ctx, HANDLERS)
    register(ctx, 'ds-m', w.dataDir)
    setRunRegistryFields(ctx.db, w.imageRun, { datasetId: 'ds-m' })
  }, 60_000)

  it('starts an AP run: the run row names the dataset, code version and epochs planned; request.json; curves; pause refused', async () => {
    const control = runControl(ctx)
    expect(control.stage1Runs('ds-m').map((r) => [r.runId, r.modality])).toEqual([[w.imageRun, 'image']])
    const { job, run } = await control.start(apForm)
    expect(run.id).toMatch(/^ap-[0-9a-f]{12}$/)
    expect(run).toMatchObject({ model: 'ap', datasetId: 'ds-m', codeVersion: 't', epochsPlanned: 2, fold: 'fold-1' })
    const stored = readModelRequest(getRun(ctx.db, run.id)!.runDir!)
    expect(stored).toMatchObject({ version: 1, kind: 'ap', backbone: w.imageRun, datasetId: 'ds-m', fold: { name: 'fold-1', ...FOLD } })
    expect(stored?.config).toMatchObject({ epochs: 2, hidden: 8, itersPerEpoch: 3, window: 8 })
    expect(control.job(run.id)).toMatchObject({ jobId: job.id })
    const end = await ctx.jobs.wait(job.id)
    expect(end.state, end.error?.message).toBe('done')
    // The record names the backend the job really ran on, with its threads (timings depend on them).
    expect(getRun(ctx.db, run.id)).toMatchObject({ status: 'done', stopReason: null, datasetId: 'ds-m', backend: BEST_BACKEND === 'wasm' ? expect.stringMatching(/^wasm \(\d+ threads?, SIMD\)$/) : BEST_BACKEND })
    const val = getRunEpochs(ctx.db, run.id).filter((e) => e.split === 'val')
    expect(val.map((e) => e.epoch)).toEqual([1, 2])
    expect(typeof val[0].metrics.ccc_mean).toBe('number')
    expect(Object.keys(val[0].losses)).toContain('nll')
    await expect(control.pause(run.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/restarts when resumed/) })
    await expect(control.resume(run.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/has finished; this model does not continue from a checkpoint/) })
  }, 90_000)

  it('cancels an MTL run (stop reason cancelled), refuses to pause it, and resume trains it again from the start', async () => {
    const control = runControl(ctx)
    const { job, run } = await control.start(mtlForm)
    expect(run).toMatchObject({ model: 'mtl', datasetId: 'ds-m', codeVersion: 't', epochsPlanned: 6 })
    await expect(control.pause(run.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/cannot be paused: this model restarts when resumed/) })
    const stopped = await control.cancel(run.id)
    expect((await ctx.jobs.wait(job.id)).state).toBe('cancelled')
    expect(stopped).toMatchObject({ status: 'cancelled', stopReason: 'cancelled' })
    const again = await control.resume(run.id)
    expect(again.run.id).toBe(run.id)
    const end = await ctx.jobs.wait(again.job.id)
    expect(end.state, end.error?.message).toBe('done')
    const after = getRun(ctx.db, run.id)!
    expect(after).toMatchObject({ status: 'done', stopReason: null, epochsPlanned: 6 })
    const val = getRunEpochs(ctx.db, run.id).filter((e) => e.split === 'val')
    expect(val.map((e) => e.metrics.phase_index)).toEqual([0, 0, 1, 1, 2, 2])
    expect(typeof val[5].metrics.p_mtl).toBe('number')
    expect(JSON.parse(readFileSync(join(after.runDir!, 'request.json'), 'utf8')).kind).toBe('mtl')
  }, 90_000)

  it('queues an MTL run behind another job (status queued, not running), then trains it with its curves', async () => {
    const control = runControl(ctx)
    const blocker = ctx.jobs.start({ kind: 'test:hold', label: 'another job', args: {} })
    const mtl = await control.start({ ...mtlForm, params: { ...mtlForm.params, seed: 2 } })
    expect(ctx.jobs.get(mtl.job.id).state).toBe('queued')
    expect(getRun(ctx.db, mtl.run.id)?.status).toBe('queued')
    ctx.jobs.cancel(blocker.id)
    expect((await ctx.jobs.wait(mtl.job.id)).state).toBe('done')
    expect(getRun(ctx.db, mtl.run.id)).toMatchObject({ status: 'done', datasetId: 'ds-m' })
    expect(getRunEpochs(ctx.db, mtl.run.id).filter((e) => e.split === 'test')).toHaveLength(1)
  }, 90_000)

  it('refuses MTL on a dataset without ABAW labels, naming circumplex synth --add-abaw, inline and at start', async () => {
    const control = runControl(ctx)
    expect(control.check('mtl', 'ds-m')).toEqual({ ok: true, problem: null })
    const dir = join(mkdtempSync(join(tmpdir(), 'cx-no-abaw-')), 'ds')
    cpSync(w.dataDir, dir, { recursive: true })
    rmSync(join(dir, 'abaw'), { recursive: true, force: true })
    expect(existsSync(join(dir, 'abaw'))).toBe(false)
    register(ctx, 'ds-old', dir)
    const c = control.check('mtl', 'ds-old')
    expect(c.ok).toBe(false)
    expect(c.problem).toMatch(/no ABAW AU \/ expression labels.*circumplex synth --add-abaw --out /)
    expect(control.check('ap', 'ds-old')).toEqual({ ok: true, problem: null })
    await expect(control.start({ ...mtlForm, datasetId: 'ds-old' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/--add-abaw/) })
    expect(() => control.check('mtl', 'nope')).toThrow(/no dataset nope/)
  })

  it('refuses a missing or audio backbone, other presets, curricula and bad params, naming the field', async () => {
    const control = runControl(ctx)
    const bad: Array<[TrainStartRequest, RegExp]> = [
      [{ ...apForm, stage1: undefined }, /stage1\.image: the AP reads the features of a finished stage-1 run/],
      [{ ...apForm, stage1: { image: 'img-run', audio: 'aud-run' } }, /stage1\.audio: the AP reads one image backbone/],
      [{ ...mtlForm, stage1: { image: 'aud-run' } }, /aud-run/],
      [{ ...apForm, preset: 'compact' }, /one preset, 'paper'/],
      [{ ...apForm, curriculum: [2, 4] }, /curriculum is for sequence models only/],
      [{ ...apForm, params: { hop: 100 } }, /hop \(100\) must not exceed window/],
      [{ ...mtlForm, params: { depth: 2 } }, /params\.depth: not a hyper-parameter of the multi-task model/]
    ]
    for (const [req, msg] of bad) await expect(control.start(req), msg.source).rejects.toMatchObject({ message: expect.stringMatching(msg) })
  })
})
