/**
 * The multi-task pipeline end to end on the tiny synthetic world (its dataset carries the ABAW AU / EXPR labels),
 * through the services and the job runner (handlers inline): cached stage-1 latents → the separate schedule as a job
 * → the run record (phases, per-epoch rows, checkpoint, held-out P_MTL, the learned AU graph as SVG) → inference on an
 * imported session storing 'au_probs' / 'expr_probs' extras → refusals.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { JobInfo } from '../../../shared/domain'
import { getBestCheckpoint, getRun, getRunEpochs, getTraceExtra, listRunTraces } from '../../db/queries/runs'
import { HAVE_FFMPEG } from '../../datasets/synth/test-ffmpeg'
import { mtlConfig } from '../../engine/models/mtl/config'
import { getTf } from '../../engine/tf'
import { useBackend } from '../../engine/train/use-backend'
import type { JobHandler } from '../../jobs/protocol'
import type { AppContext } from '../app-context'
import { withInlineJobs } from '../testing/test-context'
import { importClip, makeWorld, type TestWorld } from '../training/test-world'
import { mtlInferJob } from './mtl-infer-job'
import { mtlInferenceService } from './mtl-infer-service'
import { mtlTrainingService, type MtlTrainRequest } from './mtl-service'
import { mtlTrainJob, type MtlTrainJobResult } from './mtl-train-job'

const HANDLERS: Record<string, JobHandler> = { 'model:train-mtl': mtlTrainJob, 'model:infer-mtl': mtlInferJob }

const tiny = () => mtlConfig({ nodeDim: 8, attentionDim: 4, batch: 8, epochs: 2, optimiser: { lr: 0.05 } })

function train(ctx: AppContext, req: MtlTrainRequest): Promise<{ runId: string; end: JobInfo; result: MtlTrainJobResult | null }> {
  return new Promise((res) => {
    mtlTrainingService(ctx).start(req, (run, end, result) => res({ runId: run.id, end, result }))
  })
}

describe.skipIf(!HAVE_FFMPEG)('mtl pipeline: cached latents → separate schedule job → run record + AU graph → inference extras', () => {
  let w: TestWorld
  let ctx: AppContext
  beforeAll(async () => {
    await useBackend('wasm')
    w = await makeWorld()
    ctx = withInlineJobs(w.ctx, HANDLERS)
  }, 60_000)

  it('trains as a job: phases AU → EXPR → V/A in the store, held-out P_MTL, the learned AU graph as SVG', async () => {
    const r = await train(ctx, { config: tiny(), dataDir: w.dataDir, fold: w.fold, stage1: w.imageRun })
    expect(r.end.state).toBe('done')
    const run = getRun(ctx.db, r.runId)!
    expect(run.id).toMatch(/^mtl-[0-9a-f]{12}$/)
    expect(run).toMatchObject({ model: 'mtl', status: 'done', fold: 'fold-1' })
    const cfg = JSON.parse(run.configJson)
    expect(cfg.phases.map((p: { phase: string; selectedBy: string }) => [p.phase, p.selectedBy])).toEqual([['au', 'p_au'], ['expr', 'p_ex'], ['va', 'p_va']])
    expect(cfg.labelled.test).toEqual({ au: 16, expr: 16, va: 16 })
    expect(cfg.test.p_mtl).toBeCloseTo(cfg.test.p_au + cfg.test.p_ex + cfg.test.p_va, 10)
    expect(cfg.test.au_f1).toHaveLength(12)
    const epochs = getRunEpochs(ctx.db, r.runId)
    expect(epochs.filter((e) => e.split === 'val').map((e) => [e.epoch, e.metrics.phase_index])).toEqual([[1, 0], [2, 0], [3, 1], [4, 1], [5, 2], [6, 2]])
    expect(epochs.filter((e) => e.split === 'test')).toHaveLength(1)
    expect(Object.keys(epochs[0].losses)).toEqual(['au'])
    expect(getBestCheckpoint(ctx.db, r.runId)?.path).toBe(join(run.runDir!, 'mtl.ckpt'))
    const adj = JSON.parse(readFileSync(cfg.adjacency.json, 'utf8'))
    expect(adj).toMatchObject({ split: 'test', frames: 16, neighbours: 4 })
    expect(adj.matrix).toHaveLength(12)
    for (const row of adj.matrix) expect(row.reduce((s: number, x: number) => s + x, 0)).toBeGreaterThanOrEqual(4)
    const svg = readFileSync(cfg.adjacency.svg, 'utf8')
    expect(svg).toMatch(/^<svg/)
    expect(svg).toContain('>AU26</text>')
    expect(r.result?.latents.computedFrames).toBe(48)
  }, 60_000)

  it('infers on a session: trace MTL with au_probs (12) and expr_probs (8) extras, no tensor leaked; refuses a session without faces', async () => {
    const runId = (ctx.db.prepare(`SELECT id FROM runs WHERE model = 'mtl'`).get() as { id: string }).id
    const sid = importClip(ctx, w.dataDir, 'S03_T01')
    const tensors = getTf().memory().numTensors
    const job = mtlInferenceService(ctx).start(sid, getRun(ctx.db, runId)!)
    expect((await ctx.jobs.wait(job.id)).state).toBe('done')
    expect(getTf().memory().numTensors).toBe(tensors)
    const [t] = listRunTraces(ctx.db, runId)
    expect(t.name).toBe('MTL')
    const au = getTraceExtra(ctx.db, t.traceId, 'au_probs')!
    expect(au).toMatchObject({ dims: 12, frameCount: 16 })
    expect([...au.data].every((p) => p >= 0 && p <= 1)).toBe(true)
    const ex = getTraceExtra(ctx.db, t.traceId, 'expr_probs')!
    expect(ex).toMatchObject({ dims: 8, frameCount: 16 })
    for (let f = 0; f < 16; f++) expect(ex.data.subarray(f * 8, f * 8 + 8).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 4)
    const noFace = importClip(ctx, w.dataDir, 'S02_T01', false)
    expect(() => mtlInferenceService(ctx).start(noFace, getRun(ctx.db, runId)!)).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringMatching(/no face track/) }))
  }, 60_000)

  it('refuses a label file longer than its clip (LENGTH_MISMATCH), and a retrained stage-1 run at inference (CONFLICT)', async () => {
    const auFile = join(w.dataDir, 'abaw', 'AU', 'S01_T01.txt')
    expect(existsSync(auFile)).toBe(true)
    const original = readFileSync(auFile, 'utf8')
    writeFileSync(auFile, original + '0,0,0,0,0,0,0,0,0,0,0,0\n')
    const bad = await train(ctx, { config: tiny(), dataDir: w.dataDir, fold: w.fold, stage1: w.imageRun })
    expect(bad.end).toMatchObject({ state: 'failed', error: { code: 'LENGTH_MISMATCH', message: expect.stringMatching(/17 label lines for 16 frames of clip S01_T01/) } })
    writeFileSync(auFile, original)
    const runId = (ctx.db.prepare(`SELECT id FROM runs WHERE model = 'mtl' AND status = 'done'`).get() as { id: string }).id
    const sid = importClip(ctx, w.dataDir, 'S01_T01')
    w.retrain('img-run')
    const job = mtlInferenceService(ctx).start(sid, getRun(ctx.db, runId)!)
    expect(await ctx.jobs.wait(job.id)).toMatchObject({ state: 'failed', error: { code: 'CONFLICT', message: expect.stringMatching(/retrain it on the new stage-1 run/) } })
  }, 60_000)
})
