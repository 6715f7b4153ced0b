/**
 * Tracker training → evaluation end to end on a tiny synthetic world, through the services and the job runner
 * (handlers inline): the run record (runs model 'tracker', run_epochs, the weights checkpoint, tracker.json), the
 * evaluation of the trained DCRT with and without its denoiser and the mean-shape floor on the fold's held-out
 * subject (stored in landmark_evals), refusals, and cancel.
 */
import { existsSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { JobInfo } from '../../../shared/domain'
import type { SplitFold } from '../../../core/folds'
import { listLandmarkEvals } from '../../db/queries/landmark-evals'
import { getRun, getRunEpochs, upsertRun, setRunStatus, setRunConfigJson } from '../../db/queries/runs'
import { generateDataset } from '../../datasets/synth/generate-dataset'
import { HAVE_FFMPEG } from '../../datasets/synth/test-ffmpeg'
import { trackerConfig } from '../../engine/models/tracker'
import { TINY_TRACKER } from '../../engine/models/tracker/tiny-config'
import { getTf } from '../../engine/tf'
import type { LandmarkEvalRecord } from '../../faces/trackers/types'
import type { AppContext } from '../app-context'
import { testAppContext } from '../testing/test-context'
import { resolveEvalTrackers, trackerEvalService, type TrackerEvalRequest } from './tracker-eval-service'
import { trackerEvalJob } from './tracker-eval-job'
import { trackerTrainingService, type TrackerTrainRequest } from './tracker-service'
import { trackerTrainJob, type TrackerTrainJobResult } from './tracker-train-job'


const tiny = (over: Parameters<typeof trackerConfig>[0] = {}) =>
  trackerConfig({
    variant: 'dcrt',
    ...TINY_TRACKER,
    train: { batch: 2, stepsPerEpoch: 2, valItems: 4, curriculum: [2], epochs: { denoiser: 1, estimator: 1, tracker: 1, joint: 1 } },
    ...over
  })

function train(ctx: AppContext, req: TrackerTrainRequest): Promise<{ runId: string; end: JobInfo; result: TrackerTrainJobResult | null }> {
  return new Promise((res, rej) => {
    try {
      trackerTrainingService(ctx).start(req, (run, end, result) => res({ runId: run.id, end, result }))
    } catch (e) {
      rej(e)
    }
  })
}

function evaluate(ctx: AppContext, req: TrackerEvalRequest): Promise<{ records: LandmarkEvalRecord[]; end: JobInfo }> {
  return new Promise((res) => trackerEvalService(ctx).start(req, (records, end) => res({ records, end })))
}

describe.skipIf(!HAVE_FFMPEG)('tracker pipeline: train job → run record → evaluation job → landmark_evals', () => {
  let ctx: AppContext
  let dataDir = ''
  const fold: SplitFold = { name: 'fold-1', train: ['S01'], val: ['S02'], test: ['S03'] }
  let runId = ''
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'cx-trk-'))
    dataDir = join(root, 'ds')
    await generateDataset({ seed: 5, subjects: 3, sessionsPerSubject: 1, seconds: 1.6, fps: 10, width: 96, height: 96 }, dataDir)
    ctx = testAppContext({ 'model:train-tracker': trackerTrainJob, 'landmarks:eval': trackerEvalJob }, { root: join(root, 'store'), dbFile: join(root, 'db.sqlite') })
  }, 60_000)

  it('trains DCRT as a job: run row, per-epoch curves across phases, the weights, the record', async () => {
    const progress: number[] = []
    const off = ctx.jobs.on((j) => j.state === 'running' && j.total > 0 && progress.push(j.done / j.total))
    const r = await train(ctx, { config: tiny(), data: { synth: { dataDir, fold } }, maxSide: 96, maxFrames: 12 })
    off()
    expect(r.end.error?.message ?? null).toBeNull()
    expect(r.end.state).toBe('done')
    runId = r.runId
    expect(runId).toMatch(/^trk-[0-9a-f]{12}$/)
    expect(progress.at(-1)).toBeCloseTo(1, 6)
    const run = getRun(ctx.db, runId)!
    expect(run).toMatchObject({ model: 'tracker', preset: 'dcrt', status: 'done', fold: 'fold-1', epochsPlanned: 4 })
    const cfg = JSON.parse(run.configJson)
    expect(cfg).toMatchObject({ kind: 'tracker', pseudo: false, gtSources: [], sizes: { trainSequences: 1, trainFrames: 12, valSequences: 1, valFrames: 12 } })
    const rows = getRunEpochs(ctx.db, runId)
    expect(rows.map((e) => e.metrics.phase_index)).toEqual([0, 1, 2, 3])
    expect(r.result!.epochs.map((e) => e.phase)).toEqual(['denoiser', 'estimator', 'tracker-2', 'joint'])
    expect(existsSync(r.result!.weightsPath!)).toBe(true)
    expect(existsSync(join(run.runDir!, 'tracker.json'))).toBe(true)
  }, 120_000)

  it('evaluates the trained DCRT with and without its denoiser and the floor on the held-out subject; stores each', async () => {
    const ids = [runId, `${runId}:no-denoise`, 'mean-shape']
    const r = await evaluate(ctx, { trackers: ids, suite: { synthetic: { dataDir, fold, maxFrames: 8 } } })
    expect(r.end.error?.message ?? null).toBeNull()
    expect(r.records.map((x) => x.trackerId)).toEqual([`dcrt:${runId}`, `dcrt:${runId}:no-denoise`, 'mean-shape'])
    expect(r.records[0].runId).toBe(runId)
    expect(r.records.at(-1)!.runId).toBeNull()
    for (const rec of r.records) {
      expect(rec.sets.map((s) => s.name)).toEqual(['synthetic-clean', 'synthetic-degraded'])
      expect(rec.sets.reduce((a, s) => a + s.count, 0)).toBe(7) // frames 1..7 of the held-out clip
      expect(rec.source).toMatch(/synthetic:.*#fold-1$/)
    }
    const stored = listLandmarkEvals(ctx.db)
    expect(stored).toHaveLength(ids.length)
    expect(new Set(stored.map((s) => s.source)).size).toBe(1)
    // Degraded inputs, not stored; the trained tracker (model + recurrent state) frees every tensor it made.
    const before = getTf().memory().numTensors
    const noSave = await evaluate(ctx, { trackers: [runId, 'mean-shape'], suite: { synthetic: { dataDir, fold, maxFrames: 4 } }, save: false, degrade: true })
    expect(noSave.end.error?.message ?? null).toBeNull()
    expect(getTf().memory().numTensors).toBe(before)
    expect(noSave.records[0].sets[0].degraded).toBe(true)
    expect(listLandmarkEvals(ctx.db)).toHaveLength(ids.length)
  }, 120_000)

  it('refuses a tracker trained on the ground truth being evaluated, unknown trackers, and cancels training', async () => {
    upsertRun(ctx.db, { id: 'trk-gt', model: 'tracker', preset: 'crt', configJson: '{}', dataHash: 'h', fold: null, runDir: '/x' })
    setRunConfigJson(ctx.db, 'trk-gt', JSON.stringify({ gtSources: ['/data/300w'] }))
    setRunStatus(ctx.db, 'trk-gt', { status: 'done', finished: true })
    expect(() => resolveEvalTrackers(ctx, ['trk-gt'], { gt: ['/data/300w'] })).toThrow(/trained on ground truth from \/data\/300w/)
    expect(resolveEvalTrackers(ctx, ['trk-gt'], { gt: ['/data/300vw'] })).toHaveLength(1)
    expect(() => resolveEvalTrackers(ctx, ['nope'], { gt: ['/d'] })).toThrow(/no tracker 'nope'/)
    expect(() => resolveEvalTrackers(ctx, [], { gt: ['/d'] })).toThrow(/at least one tracker/)
    const p = train(ctx, { config: tiny({ seed: 9, train: { batch: 2, stepsPerEpoch: 200, valItems: 4, curriculum: [2] } }), data: { synth: { dataDir, fold } }, maxSide: 96, maxFrames: 12 })
    const stop = ctx.jobs.on((j) => j.kind === 'model:train-tracker' && j.state === 'running' && j.done > 3 && ctx.jobs.cancel(j.id))
    const r = await p
    stop()
    expect(r.end.state).toBe('cancelled')
    expect(getRun(ctx.db, r.runId)!.status).toBe('cancelled')
  }, 120_000)
})
