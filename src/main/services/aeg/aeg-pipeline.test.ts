/**
 * AEG-CD-SZ end to end on the tiny synthetic world (speech audio, degraded segments), through the services and the
 * job runner (handlers inline): crops + eGeMAPS features → the progressive schedule as a job → the run record
 * (per-epoch rows with their phase, the held-out test row with its parts, last + best checkpoints) → a cancelled run
 * resumed by the same request → inference storing a trace → refusals (no face track, no audio).
 */
import { execFileSync } from 'node:child_process'
import { cpSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { JobInfo } from '../../../shared/domain'
import { getBestCheckpoint, getRun, getRunEpochs, listRunTraces } from '../../db/queries/runs'
import { getTracePoints } from '../../db/queries/traces'
import { HAVE_FFMPEG } from '../../datasets/synth/test-ffmpeg'
import { listClips } from '../../engine/data/dataset-dir'
import { aegConfig, type AegConfig } from '../../engine/models/aeg-cd-sz/config'
import { getTf } from '../../engine/tf'
import { useBackend } from '../../engine/train/use-backend'
import type { JobHandler } from '../../jobs/protocol'
import type { AppContext } from '../app-context'
import { withInlineJobs } from '../testing/test-context'
import { importClip, makeWorld, type TestWorld } from '../training/test-world'
import { aegInferJob } from './aeg-infer-job'
import { aegInferenceService } from './aeg-infer-service'
import { aegTrainingService, type AegTrainRequest } from './aeg-service'
import { aegTrainJob, type AegTrainJobResult } from './aeg-train-job'

const HANDLERS: Record<string, JobHandler> = { 'model:train-aeg': aegTrainJob, 'model:infer-aeg': aegInferJob }

const tiny = (o: Parameters<typeof aegConfig>[1] = {}): AegConfig =>
  aegConfig('compact', {
    g: { widths: [4, 8], resBlocks: 1, resConvs: 1 },
    cd: { widths: [4, 8, 8, 8], vaHeadChannels: 4, leak: 0.2 },
    batch: 4,
    frameStride: 1,
    evalStride: 1,
    labelRange: 1,
    schedule: { disc: 1, aegCd: 1, full: 2 },
    ...o
  })

function train(ctx: AppContext, req: AegTrainRequest, onJob?: (job: JobInfo) => void): Promise<{ runId: string; end: JobInfo; result: AegTrainJobResult | null }> {
  return new Promise((res) => {
    const { job } = aegTrainingService(ctx).start(req, (run, end, result) => res({ runId: run.id, end, result }))
    onJob?.(job)
  })
}

describe.skipIf(!HAVE_FFMPEG)('AEG-CD-SZ pipeline: faces + audio → progressive schedule job → run record → resume → inference', () => {
  let w: TestWorld
  let ctx: AppContext
  let req: AegTrainRequest
  beforeAll(async () => {
    await useBackend('wasm')
    w = await makeWorld()
    ctx = withInlineJobs(w.ctx, HANDLERS)
    req = { config: tiny(), dataDir: w.dataDir, format: 'aff-wild2', fold: w.fold }
  }, 60_000)

  it('trains as a job: every epoch with its phase in the store, the held-out parts, last + best checkpoints', async () => {
    const r = await train(ctx, req)
    expect(r.end.state).toBe('done')
    const run = getRun(ctx.db, r.runId)!
    expect(run.id).toMatch(/^aeg-cd-sz-compact-[0-9a-f]{12}$/)
    expect(run).toMatchObject({ model: 'aeg-cd-sz', preset: 'compact', status: 'done', fold: 'fold-1' })
    expect(JSON.parse(run.configJson)).toMatchObject({ kind: 'aeg-cd-sz', format: 'aff-wild2', config: { audio: true } })
    const epochs = getRunEpochs(ctx.db, r.runId)
    expect(epochs.filter((e) => e.split === 'val').map((e) => [e.epoch, e.metrics.phase_index])).toEqual([[1, 0], [2, 1], [3, 2], [4, 2]])
    const test = epochs.filter((e) => e.split === 'test')
    expect(test).toHaveLength(1)
    expect([3, 4]).toContain(test[0].epoch)
    expect(test[0].metrics.n).toBe(16)
    expect(Object.keys(test[0].metrics).some((k) => k.startsWith('degraded_') || k.startsWith('clean_'))).toBe(true)
    expect(getBestCheckpoint(ctx.db, r.runId)?.path).toBe(join(run.runDir!, 'best.ckpt'))
    expect(r.result?.clips).toEqual({ train: ['S01_T01'], val: ['S02_T01'], test: ['S03_T01'] })
  }, 120_000)

  it('the same request resumes a cancelled run from its last checkpoint', async () => {
    const other = { ...req, config: tiny({ seed: 2 }) }
    let cancelled = false
    const first = await train(ctx, other, (job) => {
      const off = ctx.jobs.on((j) => {
        // Training: 4 epochs × 4 steps (16 frames, batch 4; loading counts 3 clips): cancel inside epoch 2.
        if (j.id === job.id && j.total === 16 && j.done >= 5 && !cancelled) {
          cancelled = true
          off()
          ctx.jobs.cancel(job.id)
        }
      })
    })
    expect(first.end.state).toBe('cancelled')
    expect(getRun(ctx.db, first.runId)?.status).toBe('cancelled')
    expect(getRunEpochs(ctx.db, first.runId).map((e) => e.epoch)).toEqual([1])
    const again = await train(ctx, other)
    expect(again.runId).toBe(first.runId)
    expect(again.end.state).toBe('done')
    expect(again.result?.resumedFrom).toBe(1)
    expect(getRunEpochs(ctx.db, again.runId).filter((e) => e.split === 'val')).toHaveLength(4)
  }, 120_000)

  it('infers on a session: a V/A trace linked to the run, no tensor leaked; refuses no face track and no audio', async () => {
    const runId = (ctx.db.prepare(`SELECT id FROM runs WHERE model = 'aeg-cd-sz' AND status = 'done' ORDER BY created_at LIMIT 1`).get() as { id: string }).id
    const run = getRun(ctx.db, runId)!
    const sid = importClip(ctx, w.dataDir, 'S03_T01')
    const tensors = getTf().memory().numTensors
    const job = aegInferenceService(ctx).start(sid, run)
    expect((await ctx.jobs.wait(job.id)).state).toBe('done')
    expect(getTf().memory().numTensors).toBe(tensors)
    const [t] = listRunTraces(ctx.db, runId)
    const pts = getTracePoints(ctx.db, t.traceId)
    expect(pts.frames).toHaveLength(16)
    expect(pts.valence.every((v) => v !== null && Math.abs(v) <= 1)).toBe(true)
    expect(t.name).toMatch(/^AEG-CD-SZ aeg-cd-sz-compact-/)
    const noFace = importClip(ctx, w.dataDir, 'S02_T01', false)
    expect(() => aegInferenceService(ctx).start(noFace, run)).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringMatching(/no face track/) }))
    const clip = listClips(w.dataDir).find((c) => c.clipId === 'S01_T01')!
    const silent = join(w.dataDir, 'silent.mp4')
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', clip.video, '-an', '-c:v', 'copy', silent])
    const noAudio = importClip(ctx, w.dataDir, 'S01_T01', true, silent)
    const end = await ctx.jobs.wait(aegInferenceService(ctx).start(noAudio, run).id)
    expect(end).toMatchObject({ state: 'failed', error: { code: 'MEDIA_NO_AUDIO' } })
  }, 120_000)

  it('refuses to train on a dataset with a clip whose video has no audio, naming the clip (MEDIA_NO_AUDIO)', async () => {
    const copy = join(w.dataDir, '..', 'ds-silent')
    cpSync(w.dataDir, copy, { recursive: true })
    const clip = listClips(copy).find((c) => c.clipId === 'S02_T01')!
    const silent = `${clip.video}.silent.mp4`
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', clip.video, '-an', '-c:v', 'copy', silent])
    renameSync(silent, clip.video)
    const r = await train(ctx, { ...req, dataDir: copy })
    expect(r.end).toMatchObject({ state: 'failed', error: { code: 'MEDIA_NO_AUDIO', message: expect.stringMatching(/S02_T01: .*AEG-CD-SZ needs the audio of every clip/) } })
    expect(getRun(ctx.db, r.runId)?.status).toBe('failed')
  }, 120_000)
})
