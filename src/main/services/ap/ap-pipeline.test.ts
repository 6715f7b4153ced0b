/**
 * The AP pipeline end to end on the tiny synthetic world, through the services and the job runner (handlers inline):
 * backbone features (latent cache) + predictions → AP training job (progress) → the run record (config_json,
 * run_epochs with losses and a test row carrying the backbone-vs-AP comparison and the σ contrast, best.ckpt) →
 * inference on an imported session storing the trace 'AP' and its va_sigma / va_samples / ap_context extras in the
 * review's convention → refusals: a session without a face track, a retrained backbone (CONFLICT), a wrong backbone.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { JobInfo } from '../../../shared/domain'
import { AP_EXTRA_KINDS } from '../../../shared/review'
import { getRun, getRunEpochs, getTraceExtra, listRunTraces } from '../../db/queries/runs'
import { insertFaceTrack } from '../../db/queries/faces'
import { insertSession, insertVideo } from '../../db/queries/sessions'
import { getTracePoints } from '../../db/queries/traces'
import { HAVE_FFMPEG } from '../../datasets/synth/test-ffmpeg'
import { listClips, readClipLabels } from '../../engine/data/dataset-dir'
import { apConfig } from '../../engine/models/ap/config'
import { useBackend } from '../../engine/train/use-backend'
import type { TestWorld } from '../training/test-world'
import { apInferenceService } from './ap-infer-service'
import { apTrainingService, type ApTrainRequest } from './ap-service'
import { makeApWorld } from './ap-test-world'
import type { ApTrainJobResult } from './ap-train-job'

const tiny = () => apConfig({ hidden: 8, rDim: 8, zDim: 4, batch: 2, seqMin: 5, seqMax: 10, epochs: 2, itersPerEpoch: 3, window: 8, hop: 4, contextPoints: 3, samples: 3, loss: 'nll+reg', optimiser: { lr: 1e-2 } })

function train(w: TestWorld, req: ApTrainRequest): Promise<{ runId: string; end: JobInfo; result: ApTrainJobResult | null }> {
  return new Promise((res, rej) => {
    try {
      apTrainingService(w.ctx).start(req, (run, end, result) => res({ runId: run.id, end, result }))
    } catch (e) {
      rej(e)
    }
  })
}

function importClip(w: TestWorld, clipId: string, withFaces = true): string {
  const clip = listClips(w.dataDir).find((c) => c.clipId === clipId)!
  const labels = readClipLabels(clip, 'aff-wild2')
  const F = labels.valence.length
  const sessionId = insertSession(w.ctx.db, { name: clipId })
  const videoId = insertVideo(w.ctx.db, sessionId, {
    path: clip.video, width: 96, height: 96, fps: 10, frameCount: F, durationS: F / 10, isVfr: false, hasAudio: true, audioSampleRate: 16000,
    rotation: 0, contentHash: null, audioChannels: null, probe: {}, timestamps: Float64Array.from({ length: F }, (_, f) => f / 10)
  })
  if (withFaces) insertFaceTrack(w.ctx.db, videoId, { track: 'main', detector: 'dataset-landmarks', frameCount: F, landmarks: labels.landmarks, boxes: new Float32Array(F * 4), confidence: new Float32Array(F).fill(1) })
  return sessionId
}

describe.skipIf(!HAVE_FFMPEG)('AP pipeline: backbone features → training job → run record → inference extras', () => {
  let w: TestWorld
  let runId = ''
  beforeAll(async () => {
    await useBackend('wasm')
    w = await makeApWorld()
  }, 60_000)

  it('trains as a job: epochs with loss terms, a test row comparing AP and backbone, best.ckpt, the record', async () => {
    const progress: number[] = []
    const off = w.ctx.jobs.on((j) => j.state === 'running' && j.total > 0 && progress.push(j.done / j.total))
    const r = await train(w, { config: tiny(), dataDir: w.dataDir, format: 'aff-wild2', fold: w.fold, backbone: w.imageRun })
    off()
    expect(r.end.error?.message ?? null).toBeNull()
    expect(r.end.state).toBe('done')
    runId = r.runId
    expect(progress.length).toBeGreaterThan(3)
    expect(progress.at(-1)).toBeCloseTo(1, 6)
    const run = getRun(w.ctx.db, runId)!
    expect(run).toMatchObject({ model: 'ap', status: 'done', fold: 'fold-1', epochsPlanned: 2 })
    const cfg = JSON.parse(run.configJson)
    expect(cfg.backbone).toMatchObject({ runId: 'img-run', modality: 'image' })
    expect(cfg.clips).toEqual({ train: ['S01_T01'], val: ['S02_T01'], test: ['S03_T01'] })
    expect(cfg.featureDim).toBe(r.result!.featureDim)
    const rows = getRunEpochs(w.ctx.db, runId)
    expect(rows.filter((e) => e.split === 'val').map((e) => e.epoch)).toEqual([1, 2])
    expect(Object.keys(rows[0].losses).sort()).toEqual(['nll', 'reg', 'total'])
    const t = rows.find((e) => e.split === 'test')!
    expect(t.epoch).toBe(cfg.bestEpoch)
    for (const k of ['ccc_mean', 'backbone_ccc_mean', 'sigma_clean', 'sigma_degraded']) expect(k in t.metrics).toBe(true)
    expect(r.result!.test!.frames.all).toBe(16)
    expect(r.result!.test!.frames.degraded + r.result!.test!.frames.clean).toBe(16)
    expect(Object.keys(r.result!.test!.ablations)).toEqual(['context random', 'context highest σ', 'context whole session'])
    expect(existsSync(join(run.runDir!, 'best.ckpt'))).toBe(true)
    const preds = JSON.parse(readFileSync(join(run.runDir!, 'test-predictions.json'), 'utf8'))
    expect(preds.clips[0].sigma.length).toBe(32)
    // The same command names the same run.
    const again = await train(w, { config: tiny(), dataDir: w.dataDir, format: 'aff-wild2', fold: w.fold, backbone: w.imageRun })
    expect(again.runId).toBe(runId)
  }, 60_000)

  it('infers on an imported session: the AP trace with σ, sampled functions and context fractions', async () => {
    const sid = importClip(w, 'S03_T01')
    let traceId = ''
    const job = apInferenceService(w.ctx).start(sid, getRun(w.ctx.db, runId)!, {}, (id) => (traceId = id))
    const end = await w.ctx.jobs.wait(job.id)
    expect(end.error?.message ?? null).toBeNull()
    expect(listRunTraces(w.ctx.db, runId).map((x) => x.traceId)).toEqual([traceId])
    const sig = getTraceExtra(w.ctx.db, traceId, AP_EXTRA_KINDS.sigma)!
    const smp = getTraceExtra(w.ctx.db, traceId, AP_EXTRA_KINDS.samples)!
    const ctxX = getTraceExtra(w.ctx.db, traceId, AP_EXTRA_KINDS.context)!
    expect([sig.dims, sig.frameCount, smp.dims, smp.frameCount, ctxX.dims]).toEqual([2, 16, 6, 16, 1])
    const data = getTracePoints(w.ctx.db, traceId)
    const v = new Array<number>(16).fill(NaN)
    data.frames.forEach((f, i) => (v[f] = data.valence[i] ?? NaN))
    for (let f = 0; f < 16; f++) {
      if (Number.isNaN(v[f])) {
        expect(Number.isNaN(sig.data[2 * f])).toBe(true)
        continue
      }
      expect(sig.data[2 * f]).toBeGreaterThan(0.0099) // σ_y ≥ the 0.01 floor
      expect(ctxX.data[f]).toBeGreaterThanOrEqual(0)
      expect(ctxX.data[f]).toBeLessThanOrEqual(1)
    }
    expect(v.filter(Number.isFinite).length).toBeGreaterThan(8)
    expect(Array.from(smp.data).some((x, i) => Number.isFinite(x) && Math.abs(x - v[Math.floor(i / 6)]) > 1e-6)).toBe(true)
    // A run with more samples on request.
    const job2 = apInferenceService(w.ctx).start(sid, getRun(w.ctx.db, runId)!, { samples: 5 }, (id) => (traceId = id))
    await w.ctx.jobs.wait(job2.id)
    expect(getTraceExtra(w.ctx.db, traceId, AP_EXTRA_KINDS.samples)!.dims).toBe(10)
  }, 60_000)

  it('refuses a session without faces, a retrained backbone, and a backbone that is not an image stage-1 run', async () => {
    const noFace = importClip(w, 'S02_T01', false)
    expect(() => apInferenceService(w.ctx).start(noFace, getRun(w.ctx.db, runId)!)).toThrow(/no face track/)
    await expect(train(w, { config: tiny(), dataDir: w.dataDir, format: 'aff-wild2', fold: w.fold, backbone: w.audioRun })).rejects.toThrow(/--backbone: .*spectrogram/)
    await expect(train(w, { config: tiny(), dataDir: w.dataDir, format: 'aff-wild2', fold: w.fold, backbone: 'nope' })).rejects.toThrow(/no run 'nope'/)
    w.retrain(w.imageRun)
    const sid = importClip(w, 'S01_T01')
    const job = apInferenceService(w.ctx).start(sid, getRun(w.ctx.db, runId)!)
    const end = await w.ctx.jobs.wait(job.id)
    expect(end.state).toBe('failed')
    expect(end.error?.code).toBe('CONFLICT')
    expect(end.error?.message).toMatch(/retrain it on the new backbone/)
  }, 60_000)
})
