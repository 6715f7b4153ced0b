/**
 * Per-stage resume of a sequence run through the app's run control: a tiny Vi-DeS run (curriculum 2,4) paused once
 * its first stage has its checkpoint, then resumed: the first stage is not trained again (its record in
 * sequence.json and its checkpoint file are byte-identical, the file not rewritten), the second stage trains, and
 * the run ends done with both stages, test metrics and the final checkpoint. Also: a stage checkpoint cut short is
 * not trusted (that stage trains again), the stored request survives for the resume, a worker that dies mid-stage
 * leaves the run failed + crashed (resume keeps its finished stages), and the form request (stage-1 choices,
 * refusals) names the same run as the CLI.
 */
import { existsSync, readFileSync, statSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { insertDataset, replaceFolds } from '../../db/queries/datasets'
import { getRun, getRunEpochs, setRunRegistryFields } from '../../db/queries/runs'
import { datasetHash, listClips } from '../../engine/data/dataset-dir'
import { HAVE_FFMPEG } from '../../datasets/synth/test-ffmpeg'
import { sequenceConfig } from '../../engine/models/sequence/config'
import { stageCheckpointPath } from '../../engine/train/sequence-checkpoint'
import { useBackend } from '../../engine/train/use-backend'
import { runControl } from './run-control'
import { readSequenceRequest, sequenceTrainingService, type SequenceTrainRequest } from './sequence-service'
import { finishedStages, SEQUENCE_HISTORY, type SequenceHistory } from './sequence-train-job'
import { JobRunner, type WorkerFactory, type WorkerLike } from '../../jobs/job-runner'
import type { AppContext } from '../app-context'
import { inlineWorkers, makeWorld, type TestWorld } from './test-world'

const config = () =>
  sequenceConfig('vi-des', { hidden: 8, attentionDim: 8, gmuDim: 8, curriculum: [2, 4], epochsPerStage: 2, batch: 4, labelRange: 1, optimiser: { lr: 1e-2 }, classWeights: { form: 'none' } })

const history = (runDir: string): SequenceHistory => JSON.parse(readFileSync(join(runDir, SEQUENCE_HISTORY), 'utf8')) as SequenceHistory
/** A stage record as JSON without its test metrics (those are computed for every stage when the run ends). */
const recordJson = (h: SequenceHistory, i: number): string => JSON.stringify({ ...h.stages[i], test: null }, null, 1)

describe.skipIf(!HAVE_FFMPEG)('sequence runs resume per curriculum stage', () => {
  let w: TestWorld
  let firstRunId = ''
  beforeAll(async () => {
    await useBackend('wasm')
    w = await makeWorld()
  }, 60_000)

  it('pause after stage 1, resume: stage 1 kept byte-identical, stage 2 trained, the run finishes', async () => {
    const control = runControl(w.ctx)
    const req: SequenceTrainRequest = { config: config(), dataDir: w.dataDir, format: 'aff-wild2', fold: w.fold, stage1: { image: w.imageRun } }
    const { job, run } = sequenceTrainingService(w.ctx).start(req)
    firstRunId = run.id
    const runDir = run.runDir!
    const first = stageCheckpointPath(runDir, 'Vi-DeS-2')
    const second = stageCheckpointPath(runDir, 'Vi-DeS-4')
    let pausing: Promise<unknown> | null = null
    const off = w.ctx.jobs.on((j) => {
      if (j.id === job.id && j.state === 'running' && !pausing && existsSync(first)) pausing = control.pause(run.id)
    })
    const end = await w.ctx.jobs.wait(job.id)
    off()
    await pausing
    expect(end.state).toBe('cancelled')
    const paused = getRun(w.ctx.db, run.id)!
    expect(paused).toMatchObject({ status: 'cancelled', stopReason: 'paused' })
    expect(existsSync(second)).toBe(false)
    const before = history(runDir)
    expect(before.stages.map((s) => s.name)).toEqual(['Vi-DeS-2'])
    const stage1Json = recordJson(before, 0)
    const ckBytes = readFileSync(first)
    const ckMtime = statSync(first).mtimeMs
    // The request is in the folder (an app restarted later resumes from it).
    expect(readSequenceRequest(runDir)).toMatchObject({ kind: 'sequence', stage1: { image: w.imageRun }, fold: w.fold })
    // The store shows the finished stage while paused.
    expect(getRunEpochs(w.ctx.db, run.id).filter((e) => e.split === 'val')).toHaveLength(2)

    const progress: number[] = []
    const resumed = await control.resume(run.id)
    const off2 = w.ctx.jobs.on((j) => j.id === resumed.job.id && j.state === 'running' && j.total > 0 && progress.push(j.done / j.total))
    const end2 = await w.ctx.jobs.wait(resumed.job.id)
    off2()
    expect(end2.state).toBe('done')
    expect(resumed.run.id).toBe(run.id)
    const after = history(runDir)
    expect(after.status).toBe('done')
    expect(after.stages.map((s) => s.name)).toEqual(['Vi-DeS-2', 'Vi-DeS-4'])
    expect(recordJson(after, 0)).toBe(stage1Json)
    expect(readFileSync(first).equals(ckBytes)).toBe(true)
    expect(statSync(first).mtimeMs).toBe(ckMtime)
    expect(existsSync(second)).toBe(true)
    expect(after.stages[1].epochs).toHaveLength(2)
    expect(after.stages.every((s) => s.test !== null)).toBe(true)
    expect(after.final).toBe('Vi-DeS-4')
    // Progress starts past the kept stage (its steps count as done: past half at the first training report).
    expect(progress.find((x) => x > 0)).toBeGreaterThan(0.5)
    const stored = getRun(w.ctx.db, run.id)!
    expect(stored).toMatchObject({ status: 'done', stopReason: null })
    const val = getRunEpochs(w.ctx.db, run.id).filter((e) => e.split === 'val')
    expect(val.map((e) => e.epoch)).toEqual([1, 2, 3, 4])
    expect(val.map((e) => e.metrics.stage_index)).toEqual([0, 0, 1, 1])
    await expect(control.resume(run.id)).rejects.toMatchObject({ code: 'CONFLICT' })
  }, 120_000)

  it('a worker that dies in stage 2 leaves the run failed + crashed, saying what resume keeps; resume keeps stage 1', async () => {
    // The same store with a runner whose worker can be made to exit mid-job (what the runner sees when the engine dies).
    let kill: (() => void) | null = null
    const killable: WorkerFactory = (kind, args) => {
      const w = inlineWorkers(kind, args)
      const exits: Array<(c: number) => void> = []
      const on = w.on.bind(w)
      w.on = ((ev: string, l: (x: never) => void) => {
        if (ev === 'exit') exits.push(l as (c: number) => void)
        return on(ev as 'exit', l as (c: number) => void)
      }) as WorkerLike['on']
      kill = () => {
        exits.forEach((l) => l(1))
        w.postMessage({ type: 'cancel' })
      }
      return w
    }
    const ctx: AppContext = { ...w.ctx, jobs: new JobRunner({ createWorker: killable, progressIntervalMs: 0 }) }
    const req: SequenceTrainRequest = { config: { ...config(), seed: 2 }, dataDir: w.dataDir, format: 'aff-wild2', fold: w.fold, stage1: { image: w.imageRun } }
    const { job, run } = sequenceTrainingService(ctx).start(req)
    const first = stageCheckpointPath(run.runDir!, 'Vi-DeS-2')
    let killed = false
    const off = ctx.jobs.on((j) => {
      if (j.id === job.id && j.state === 'running' && !killed && existsSync(first)) {
        killed = true
        kill!()
      }
    })
    const end = await ctx.jobs.wait(job.id)
    off()
    expect(end.state).toBe('failed')
    expect(getRun(ctx.db, run.id)).toMatchObject({ status: 'failed', stopReason: 'crashed', error: expect.stringMatching(/^engine crashed: .*Resume keeps the finished stages \(1 of 2\)/) })
    const mtime = statSync(first).mtimeMs
    await new Promise((r) => setTimeout(r, 200)) // the dead job's handler notices its abort
    const resumed = await runControl(ctx).resume(run.id)
    expect((await ctx.jobs.wait(resumed.job.id)).state).toBe('done')
    expect(history(run.runDir!).stages.map((x) => x.name)).toEqual(['Vi-DeS-2', 'Vi-DeS-4'])
    expect(statSync(first).mtimeMs).toBe(mtime)
    expect(getRun(ctx.db, run.id)).toMatchObject({ status: 'done', stopReason: null, error: null })
    await ctx.jobs.dispose()
  }, 60_000)

  it('does not trust a stage checkpoint cut short: that stage and the ones after it train again', () => {
    const runDir = getRun(w.ctx.db, firstRunId)!.runDir!
    expect(finishedStages(runDir, config()).completed.map((c) => c.record.name)).toEqual(['Vi-DeS-2', 'Vi-DeS-4'])
    const p = stageCheckpointPath(runDir, 'Vi-DeS-4')
    truncateSync(p, Math.floor(statSync(p).size / 2))
    expect(finishedStages(runDir, config()).completed.map((c) => c.record.name)).toEqual(['Vi-DeS-2'])
    // Another config (e.g. more epochs per stage) keeps nothing.
    expect(finishedStages(runDir, { ...config(), epochsPerStage: 3 }).completed).toEqual([])
  })

  it('starts from the form request on a registered dataset: stage-1 choices, refusals naming the field, the same run id as the CLI', async () => {
    const control = runControl(w.ctx)
    const format = 'aff-wild2'
    insertDataset(w.ctx.db, { id: 'ds-seq', name: 'tiny', path: w.dataDir, format, source: 'folder', dataHash: datasetHash(listClips(w.dataDir), format), summaryJson: '{}' })
    replaceFolds(w.ctx.db, 'ds-seq', [{ name: 'fold-1', splitJson: JSON.stringify({ train: ['S01'], val: ['S02'], test: ['S03'] }) }])
    // The fixture's stage-1 runs name no dataset and another data hash: none offered until one trained on it.
    expect(control.stage1Runs('ds-seq')).toEqual([])
    setRunRegistryFields(w.ctx.db, w.imageRun, { datasetId: 'ds-seq' })
    setRunRegistryFields(w.ctx.db, w.audioRun, { datasetId: 'ds-seq' })
    expect(control.stage1Runs('ds-seq').map((r) => [r.runId, r.modality])).toEqual(
      expect.arrayContaining([
        [w.imageRun, 'image'],
        [w.audioRun, 'audio']
      ])
    )
    expect(() => control.stage1Runs('nope')).toThrow(/no dataset nope/)
    const form = { family: 'sequence' as const, preset: 'vi-des', datasetId: 'ds-seq', fold: 'fold-1', epochs: 2, params: { hidden: 8, batch: 4, lr: 0.01, classWeights: 'none' }, curriculum: [2, 4] }
    await expect(control.start(form)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/stage1\.image: .*train a stage-1 run first/) })
    await expect(control.start({ ...form, stage1: { image: w.imageRun, audio: w.audioRun } })).rejects.toMatchObject({ message: expect.stringMatching(/stage1\.audio: vi-des does not read audio/) })
    await expect(control.start({ ...form, stage1: { image: w.audioRun } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/spectrogram windows; --stage1 needs a run trained on face crops/) })
    await expect(control.start({ ...form, curriculum: [4, 2], stage1: { image: w.imageRun } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/curriculum must increase/) })
    await expect(control.start({ ...form, family: 'anclaf', preset: 'compact', params: {}, stage1: { image: w.imageRun } })).rejects.toMatchObject({ message: /sequence models only/ })
    // The form's request is the run the first test trained (same config, data, fold, stage-1): it is done, so the
    // start re-runs no stage and only tests again.
    const { job, run } = await control.start({ ...form, stage1: { image: w.imageRun } })
    const runDir = getRun(w.ctx.db, run.id)!.runDir!
    const before = readFileSync(stageCheckpointPath(runDir, 'Vi-DeS-2'))
    expect((await w.ctx.jobs.wait(job.id)).state).toBe('done')
    expect(run.id).toBe(firstRunId)
    expect(run.datasetId).toBe('ds-seq')
    expect(run.epochsPlanned).toBe(4)
    expect(readFileSync(stageCheckpointPath(runDir, 'Vi-DeS-2')).equals(before)).toBe(true)
  }, 60_000)
})
