/**
 * The sequence pipeline end to end on a tiny synthetic dataset, through the services and the job runner (handlers
 * inline): latents cached per (stage-1 run, clip) → AVi-GaS curriculum as a job (progress, cancel) → the run record
 * (config_json stage records, run_epochs per stage, a checkpoint per stage) → inference on an imported session
 * storing the prediction trace + attention / gate extras in the UI's convention → analyze (gate shift per manifest
 * condition) and compare (refusing mismatched folds) → refusals: no audio, retrained stage-1 weights.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { JobInfo } from '../../../shared/domain'
import { getRun, getRunEpochs, getTraceExtra, listRunTraces, upsertRun } from '../../db/queries/runs'
import { insertFaceTrack } from '../../db/queries/faces'
import { insertSession, insertVideo } from '../../db/queries/sessions'
import { insertTrace, listTraces } from '../../db/queries/traces'
import { HAVE_FFMPEG } from '../../datasets/synth/test-ffmpeg'
import { listClips, readClipLabels } from '../../engine/data/dataset-dir'
import { sequenceConfig } from '../../engine/models/sequence/config'
import { useBackend } from '../../engine/train/use-backend'
import { getTf } from '../../engine/tf'
import { analyzeStoredRun, compareStoredRuns } from './analysis-service'
import { runFramesFromDb } from './run-frames'
import { selectClips } from './dataset-import'
import { sequenceInferenceService } from './sequence-infer-service'
import { sequenceTrainingService, type SequenceTrainRequest } from './sequence-service'
import type { SequenceTrainJobResult } from './sequence-train-job'
import { makeWorld, type TestWorld } from './test-world'

const tiny = (variant: 'avi-gas' | 'vi-des') =>
  sequenceConfig(variant, { hidden: 8, attentionDim: 8, gmuDim: 8, curriculum: [2, 4], epochsPerStage: 1, batch: 4, labelRange: 1, optimiser: { lr: 1e-2 }, classWeights: { form: 'none' } })

function train(w: TestWorld, req: SequenceTrainRequest, onJob?: (j: JobInfo) => void): Promise<{ runId: string; end: JobInfo; result: SequenceTrainJobResult | null }> {
  return new Promise((res) => {
    const { job } = sequenceTrainingService(w.ctx).start(req, (run, end, result) => res({ runId: run.id, end, result }))
    onJob?.(job)
  })
}

/** An imported session for the dataset clip: video, its known landmarks as the face track, its labels as gold. */
function importClip(w: TestWorld, clipId: string, hasAudio = true): string {
  const clip = listClips(w.dataDir).find((c) => c.clipId === clipId)!
  const labels = readClipLabels(clip, 'aff-wild2')
  const F = labels.valence.length
  const sessionId = insertSession(w.ctx.db, { name: clipId })
  const videoId = insertVideo(w.ctx.db, sessionId, {
    path: clip.video, width: 96, height: 96, fps: 10, frameCount: F, durationS: F / 10, isVfr: false, hasAudio, audioSampleRate: hasAudio ? 16000 : null,
    rotation: 0, contentHash: null, audioChannels: null, probe: {}, timestamps: Float64Array.from({ length: F }, (_, f) => f / 10)
  })
  insertFaceTrack(w.ctx.db, videoId, { track: 'main', detector: 'dataset-landmarks', frameCount: F, landmarks: labels.landmarks, boxes: new Float32Array(F * 4), confidence: new Float32Array(F).fill(1) })
  insertTrace(w.ctx.db, { sessionId, kind: 'gold', sourceType: 'synthetic', name: 'gold', meta: { dataset: w.dataDir, clipId, subjectId: clip.subjectId, format: 'aff-wild2', labelRange: 1 } }, labels)
  return sessionId
}

function infer(w: TestWorld, sessionId: string, runId: string): Promise<JobInfo> {
  const job = sequenceInferenceService(w.ctx).start(sessionId, getRun(w.ctx.db, runId)!)
  return w.ctx.jobs.wait(job.id)
}

describe.skipIf(!HAVE_FFMPEG)('sequence pipeline: cached latents → curriculum job → run record → inference extras → analyze / compare', () => {
  let w: TestWorld
  beforeAll(async () => {
    await useBackend('wasm')
    w = await makeWorld()
  }, 60_000)

  it('trains AVi-GaS as a job: stage records, epochs and a checkpoint per stage in the store, held-out predictions on disk', async () => {
    const req: SequenceTrainRequest = { config: tiny('avi-gas'), dataDir: w.dataDir, format: 'aff-wild2', fold: w.fold, stage1: { image: w.imageRun, audio: w.audioRun } }
    const progress: Array<[number, number]> = []
    const off = w.ctx.jobs.on((j) => j.state === 'running' && j.total > 0 && progress.push([j.done, j.total]))
    const r = await train(w, req)
    off()
    expect(r.end.state).toBe('done')
    expect(progress.length).toBeGreaterThan(3)
    expect(progress.at(-1)![0]).toBeCloseTo(progress.at(-1)![1], 6)
    const run = getRun(w.ctx.db, r.runId)!
    expect(run).toMatchObject({ model: 'avi-gas', status: 'done', fold: 'fold-1' })
    const cfg = JSON.parse(run.configJson)
    expect(cfg.stages.map((s: { name: string; n: number }) => [s.name, s.n])).toEqual([['AVi-GaS-2', 2], ['AVi-GaS-4', 4]])
    expect(cfg.stages[1].initFrom).toBe('AVi-GaS-2')
    expect(cfg.stage1.image).toMatchObject({ runId: 'img-run', modality: 'image' })
    expect(cfg.final).toBe('AVi-GaS-4')
    for (const s of cfg.stages) expect(existsSync(s.checkpoint)).toBe(true)
    const epochs = getRunEpochs(w.ctx.db, r.runId)
    expect(epochs.filter((e) => e.split === 'val').map((e) => [e.epoch, e.metrics.window, e.metrics.stage_index])).toEqual([[1, 2, 0], [2, 4, 1]])
    expect(epochs.filter((e) => e.split === 'test')).toHaveLength(2)
    expect(Number.isFinite(epochs[0].metrics.ccc_mean)).toBe(true)
    // Latents: one entry per (stage-1 run, clip), reused by the next run.
    const latDir = join(w.ctx.layout.root, 'latents')
    for (const run1 of ['img-run', 'aud-run']) expect(listClips(w.dataDir).every((c) => existsSync(join(latDir, run1, `${cfg.dataHash.slice(0, 16)}-${c.clipId}.json`)))).toBe(true)
    const preds = JSON.parse(readFileSync(join(run.runDir!, 'test-predictions.json'), 'utf8'))
    expect(preds.clips.map((c: { clipId: string }) => c.clipId)).toEqual(['S03_T01'])
    expect(preds.clips[0].attention).toHaveLength(16 * 4)
    const vi = await train(w, { ...req, config: tiny('vi-des'), stage1: { image: w.imageRun } })
    expect(vi.result?.latents.computedFrames).toBe(0)
    // Audio dropout: the job computes the audio model's silence latent and trains with it (a run of its own).
    const dropped = await train(w, { ...req, config: sequenceConfig('avi-gas', { ...tiny('avi-gas'), audioDropout: 0.5 }) })
    expect(dropped.end.state).toBe('done')
    expect(dropped.runId).not.toBe(r.runId)
    expect(JSON.parse(getRun(w.ctx.db, dropped.runId)!.configJson).config.audioDropout).toBe(0.5)
    expect(cfg.config.audioDropout).toBe(0)
  }, 90_000)

  it('infers on a session: one trace named after the stage, attention (dims n, own column NaN) and ZG extras; analyze and compare read them', async () => {
    const runs = Object.fromEntries(['avi-gas', 'vi-des'].map((m) => [m, w.ctx.db.prepare('SELECT id FROM runs WHERE model = ?').get(m) as { id: string }]))
    const sid = importClip(w, 'S03_T01')
    const tensors = getTf().memory().numTensors
    expect((await infer(w, sid, runs['avi-gas'].id)).state).toBe('done')
    expect(getTf().memory().numTensors).toBe(tensors) // stage-1 nets, latents, the sequence model: all disposed
    const [t] = listRunTraces(w.ctx.db, runs['avi-gas'].id)
    expect(listTraces(w.ctx.db, sid).find((x) => x.id === t.traceId)).toMatchObject({ kind: 'prediction', sourceType: 'model_run', name: 'AVi-GaS-4' })
    const att = getTraceExtra(w.ctx.db, t.traceId, 'attention')!
    expect(att).toMatchObject({ dims: 4, frameCount: 16 })
    for (let f = 0; f < 16; f++) {
      const row = att.data.subarray(f * 4, f * 4 + 4)
      expect(Number.isNaN(row[3])).toBe(true) // the frame itself
      for (let l = 0; l < 3; l++) expect(Number.isNaN(row[l])).toBe(f - 3 + l < 0) // before the session start
      if (f >= 3) expect(row[0] + row[1] + row[2]).toBeCloseTo(1, 4)
    }
    const zg = getTraceExtra(w.ctx.db, t.traceId, 'gate_mean')!
    expect(zg.dims).toBe(1)
    expect([...zg.data].every((z) => z > 0 && z < 1)).toBe(true)
    expect(getTraceExtra(w.ctx.db, t.traceId, 'gate_stats')!.dims).toBe(4)
    expect((await infer(w, sid, runs['vi-des'].id)).state).toBe('done')

    const a = analyzeStoredRun(w.ctx, runs['avi-gas'].id, { compare: [runs['vi-des'].id] })
    expect(a).toMatchObject({ source: 'db', units: [sid], frames: 16 })
    expect(a.analysis.gates?.tZg.rows.map((r) => r.label)).toEqual(['Vi-DeS', 'AVi-GaS'])
    expect(a.analysis.gateShift?.nFrames).toBe(16)
    expect(a.analysis.gateShift?.nMissingCondition).toBe(0)
    // A stage-1 trace (as the ANCLaF writer stores it: trace scale, meta.labelRange the native range) as a -De baseline.
    const labels = readClipLabels(listClips(w.dataDir).find((c) => c.clipId === 'S03_T01')!, 'aff-wild2')
    insertTrace(w.ctx.db, { sessionId: sid, kind: 'prediction', sourceType: 'model_run', sourceId: 'img-run', name: 'ANCLaF', meta: { labelRange: 10, scale: 'unit' } }, labels)
    const base = runFramesFromDb(w.ctx, 'img-run', [sid])
    for (let f = 0; f < 16; f++) expect(base.pred.valence[f]).toBeCloseTo(base.gold.valence[f], 5)
    expect(analyzeStoredRun(w.ctx, runs['vi-des'].id, { baseline: 'img-run' }).analysis.attention?.tables.above?.rows.map((r) => r.label)).toEqual(['ANCLaF', 'Vi-DeS'])
    const fromTest = analyzeStoredRun(w.ctx, runs['avi-gas'].id, { source: 'test' })
    expect(fromTest.units).toEqual(['S03_T01'])
    const table = compareStoredRuns(w.ctx, [runs['vi-des'].id, runs['avi-gas'].id])
    expect(table.rows.map((r) => r.label)).toEqual(['Vi-DeS', 'AVi-GaS'])
    expect(table.frames).toEqual([{ fold: 'fold-1', given: 16, usable: expect.any(Number) }])
  }, 60_000)

  it('refuses: compare on other folds (CONFLICT), a session without audio (MEDIA_NO_AUDIO), retrained stage-1 weights (CONFLICT); cancel stops', async () => {
    const gas = (w.ctx.db.prepare('SELECT id, run_dir AS d FROM runs WHERE model = ?').get('avi-gas') as { id: string; d: string })
    upsertRun(w.ctx.db, { id: 'other-fold', model: 'vi-des', preset: 'compact', configJson: '{}', dataHash: 'h', fold: 'fold-2', runDir: gas.d.replace(gas.id, 'x') })
    const f2 = JSON.parse(readFileSync(join(gas.d, 'test-predictions.json'), 'utf8'))
    const { mkdirSync, writeFileSync } = await import('node:fs')
    mkdirSync(gas.d.replace(gas.id, 'x'), { recursive: true })
    writeFileSync(join(gas.d.replace(gas.id, 'x'), 'test-predictions.json'), JSON.stringify({ ...f2, fold: 'fold-2', label: 'Vi-DeS' }))
    expect(() => compareStoredRuns(w.ctx, [gas.id, 'other-fold'])).toThrow(expect.objectContaining({ code: 'CONFLICT', message: expect.stringMatching(/different folds/) }))

    expect(selectClips(w.dataDir, ['S03'], []).map((c) => c.clipId)).toEqual(['S03_T01'])
    expect(selectClips(w.dataDir, [], []).length).toBe(3)
    expect(() => selectClips(w.dataDir, ['S09'], [])).toThrow(/subject 'S09' is not in/)
    const silent = importClip(w, 'S02_T01', false)
    expect(() => sequenceInferenceService(w.ctx).start(silent, getRun(w.ctx.db, gas.id)!)).toThrow(expect.objectContaining({ code: 'MEDIA_NO_AUDIO', message: expect.stringMatching(/no audio track.*avi-gas/) }))

    const sid = importClip(w, 'S01_T01')
    w.retrain('img-run')
    const end = await infer(w, sid, gas.id)
    expect(end).toMatchObject({ state: 'failed', error: { code: 'CONFLICT', message: expect.stringMatching(/retrain it on the new stage-1 run/) } })

    const req: SequenceTrainRequest = { config: tiny('vi-des'), dataDir: w.dataDir, format: 'aff-wild2', fold: w.fold, stage1: { image: w.imageRun } }
    const r = await train(w, req, (job) => {
      const off = w.ctx.jobs.on((j) => {
        if (j.id === job.id && j.done > 0) {
          off()
          w.ctx.jobs.cancel(job.id)
        }
      })
    })
    expect(r.end.state).toBe('cancelled')
    expect(getRun(w.ctx.db, r.runId)!.status).toBe('cancelled')
  }, 60_000)
})
