import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { JobInfo } from '../../../shared/domain'
import { openDatabase } from '../../db/connection'
import { getRunEpochs, getTraceExtra, upsertRun, getBestCheckpoint, getRun } from '../../db/queries/runs'
import { insertFaceTrack } from '../../db/queries/faces'
import { insertSession, insertVideo } from '../../db/queries/sessions'
import { getTracePoints, listTraces } from '../../db/queries/traces'
import type { JobRunner, JobSpec } from '../../jobs/job-runner'
import type { AppContext } from '../app-context'
import { EventBus } from '../event-bus'
import { inferenceService, resolveCheckpoint, syncRunFromDisk } from './training-service'

function fakeCtx(result: unknown): AppContext {
  const root = mkdtempSync(join(tmpdir(), 'cx-'))
  const { db } = openDatabase(join(root, 'db.sqlite'))
  const jobs = {
    start(spec: JobSpec): JobInfo {
      void spec.onResult?.(result)
      return { id: 'j1', kind: spec.kind, label: spec.label, state: 'done', done: 1, total: 1, etaS: null } as unknown as JobInfo
    }
  } as unknown as JobRunner
  return { db, dbFile: '', workerPath: '', schemaVersion: 3, layout: { root, dbFile: '', cacheDir: root, demoDir: root }, jobs, events: new EventBus(), host: 'browser', version: 't', env: {} }
}

describe('training service', () => {
  it('syncs a run folder (curves, test row, checkpoints) into the store, and --run resolves to the best checkpoint', () => {
    const ctx = fakeCtx(null)
    const runDir = join(ctx.layout.root, 'runs', 'r1')
    mkdirSync(runDir, { recursive: true })
    for (const f of ['last.ckpt', 'best.ckpt']) writeFileSync(join(runDir, f), 'x')
    const history = [1, 2].map((epoch) => ({ epoch, wallS: 3, losses: { affect: 1 / epoch }, val: { ccc_v: 0.1 * epoch, ccc_a: 0, ccc_mean: 0.05 * epoch } }))
    writeFileSync(join(runDir, 'history.json'), JSON.stringify({ status: 'done', history, bestEpoch: 2, test: { all: { ccc_v: 0.5 }, degraded: { ccc_v: 0.4 }, clean: null, bySubject: { S03: { n: 4, bias_v: -1.5 } } } }))
    const run = upsertRun(ctx.db, { id: 'r1', model: 'anclaf', preset: 'compact', configJson: '{}', dataHash: 'h', fold: 'fold-1', runDir })
    syncRunFromDisk(ctx, run)
    const rows = getRunEpochs(ctx.db, 'r1')
    expect(rows.map((r) => [r.epoch, r.split])).toEqual([[1, 'val'], [2, 'test'], [2, 'val']])
    expect(rows.find((r) => r.split === 'test')!.metrics).toEqual({ ccc_v: 0.5, degraded_ccc_v: 0.4, 'subject:S03:n': 4, 'subject:S03:bias_v': -1.5 })
    expect(getBestCheckpoint(ctx.db, 'r1')).toEqual({ epoch: 2, path: join(runDir, 'best.ckpt') })
    expect(resolveCheckpoint(ctx, 'r1', '/')).toEqual({ path: join(runDir, 'best.ckpt'), runId: 'r1' })
    expect(() => resolveCheckpoint(ctx, 'nope', '/')).toThrow(/neither a run id nor a checkpoint/)
    expect(getRun(ctx.db, 'r1')!.status).toBe('queued')
  })

  it('stores an inference as a prediction trace linked to the run, with quadrant probabilities as extras', () => {
    const q = Float32Array.from([0.7, 0.1, 0.1, 0.1, NaN, NaN, NaN, NaN])
    const ctx = fakeCtx({ valence: Float32Array.from([1.5, NaN]), arousal: Float32Array.from([-2, NaN]), quadrantProbs: q, epoch: 3, labelRange: 10 })
    const sessionId = insertSession(ctx.db, { name: 's' })
    const videoId = insertVideo(ctx.db, sessionId, {
      path: '/v.mp4', width: 64, height: 64, fps: 25, frameCount: 2, durationS: 0.08, isVfr: false, hasAudio: false, audioSampleRate: null, rotation: 0,
      contentHash: null, audioChannels: null, probe: {}, timestamps: Float64Array.from([0, 0.04])
    })
    insertFaceTrack(ctx.db, videoId, { track: 'main', detector: 'd', frameCount: 2, landmarks: new Float32Array(2 * 136), boxes: new Float32Array(8), confidence: new Float32Array(2) })
    upsertRun(ctx.db, { id: 'r1', model: 'anclaf', preset: 'compact', configJson: '{}', dataHash: 'h', fold: null, runDir: '/x' })
    let traceId = ''
    inferenceService(ctx).start(sessionId, { path: '/x/best.ckpt', runId: 'r1' }, (id) => (traceId = id))
    const t = listTraces(ctx.db, sessionId)
    expect(t).toHaveLength(1)
    expect(t[0]).toMatchObject({ id: traceId, kind: 'prediction', sourceType: 'model_run', sourceId: 'r1' })
    // Stored on the trace scale (native / labelRange), the native range kept in the meta.
    const pts = getTracePoints(ctx.db, traceId)
    expect(pts.valence[0]).toBeCloseTo(0.15, 6)
    expect(pts.arousal[0]).toBeCloseTo(-0.2, 6)
    expect(pts.valence[1]).toBeNull()
    expect(JSON.parse((ctx.db.prepare('SELECT meta_json AS m FROM traces WHERE id = ?').get(traceId) as { m: string }).m)).toMatchObject({ scale: 'unit', labelRange: 10 })
    const extra = getTraceExtra(ctx.db, traceId, 'quadrant_probs')!
    expect(extra.dims).toBe(4)
    expect(extra.frameCount).toBe(2)
    expect(extra.data[0]).toBeCloseTo(0.7, 6)
    expect(Number.isNaN(extra.data[7])).toBe(true)
  })
})
