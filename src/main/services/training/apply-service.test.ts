import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateSession } from '../../datasets/synth/generate-session'
import { HAVE_FFMPEG } from '../../datasets/synth/test-ffmpeg'
import { listRunTraces, replaceRunCheckpoints, setRunStatus, upsertRun } from '../../db/queries/runs'
import { getTraceSummary, listTraces } from '../../db/queries/traces'
import { createAnclaf, disposeAnclaf } from '../../engine/models/anclaf/model'
import { netsToCheckpoint } from '../../engine/train/anclaf-trainer'
import { writeCheckpointFile } from '../../engine/train/checkpoint'
import { tinyConfig } from '../../engine/train/test-fixtures'
import type { AppContext } from '../app-context'
import { makeTestApp, storeSession } from '../completion/test-app'
import { applyService } from './apply-service'
import { inferJob } from './infer-job'

/** A finished stage-1 ANCLaF run with an (untrained, seeded) best checkpoint. */
function stage1Run(ctx: AppContext, id: string, withCheckpoint = true): void {
  const c = tinyConfig({ seed: 1, labelRange: 1 })
  const runDir = join(ctx.layout.root, 'runs', id)
  if (withCheckpoint) {
    const nets = createAnclaf(c)
    writeCheckpointFile(join(runDir, 'best.ckpt'), netsToCheckpoint(nets, null, { kind: 'anclaf-stage1', config: c, dataHash: 'd', epoch: 1, history: [], bestEpoch: 1, adamSteps: {} }))
    disposeAnclaf(nets)
  }
  upsertRun(ctx.db, { id, model: 'anclaf', preset: 'compact', configJson: JSON.stringify(c), dataHash: 'd', fold: 'fold-1', runDir })
  if (withCheckpoint) replaceRunCheckpoints(ctx.db, id, [{ epoch: 1, path: join(runDir, 'best.ckpt'), isBest: true }])
  setRunStatus(ctx.db, id, { status: 'done', finished: true })
}

function codeOf(fn: () => unknown): string {
  try {
    fn()
    return 'none'
  } catch (e) {
    return `${(e as { code: string }).code}: ${(e as Error).message}`
  }
}

describe('apply a run to sessions', () => {
  it('refuses the whole batch, naming the run or session, before anything is queued', () => {
    const ctx = makeTestApp({ 'model:infer': inferJob })
    stage1Run(ctx, 'good')
    stage1Run(ctx, 'nockpt', false)
    upsertRun(ctx.db, { id: 'trk', model: 'tracker', preset: 'dcrt', configJson: '{}', dataHash: 'd', fold: null, runDir: '/x' })
    const audioOnly = { model: 'sequence', variant: 'au-des', modalities: ['audio'] }
    const seqDir = join(ctx.layout.root, 'runs', 'seq')
    mkdirSync(seqDir, { recursive: true })
    writeFileSync(join(seqDir, 'stage.ckpt'), 'x')
    upsertRun(ctx.db, { id: 'seq', model: 'au-des', preset: 'compact', configJson: JSON.stringify({ config: audioOnly, stages: [] }), dataHash: 'd', fold: null, runDir: seqDir })
    replaceRunCheckpoints(ctx.db, 'seq', [{ epoch: 1, path: join(seqDir, 'stage.ckpt'), isBest: true }])
    const frames = 10
    const lm = new Float32Array(frames * 136).fill(50)
    const withFace = storeSession(ctx.db, { name: 'with face', frames, fps: 25, landmarks: lm, valence: new Float32Array(frames), arousal: new Float32Array(frames) })
    const noFace = storeSession(ctx.db, { name: 'no face', frames, fps: 25, landmarks: null, valence: new Float32Array(frames), arousal: new Float32Array(frames) })
    const svc = applyService(ctx)
    expect(codeOf(() => svc.apply('missing', [withFace.sessionId]))).toBe('NOT_FOUND: no run missing')
    expect(codeOf(() => svc.apply('nockpt', [withFace.sessionId]))).toMatch(/^NOT_FOUND: run nockpt has no best checkpoint/)
    expect(codeOf(() => svc.apply('trk', [withFace.sessionId]))).toMatch(/^INVALID_ARGUMENT: run trk is a tracker run; only ANCLaF stage-1, AEG-CD-SZ, sequence, AP and multi-task runs/)
    expect(codeOf(() => svc.apply('good', [withFace.sessionId, noFace.sessionId]))).toMatch(new RegExp(`^NOT_FOUND: session ${noFace.sessionId} \\(no face\\) has no face track`))
    expect(codeOf(() => svc.apply('good', [withFace.sessionId, 'ghost']))).toBe('NOT_FOUND: no session ghost')
    expect(codeOf(() => svc.apply('seq', [withFace.sessionId]))).toMatch(/^MEDIA_NO_AUDIO: session .* \(with face\) has no audio track, so au-des/)
    expect(codeOf(() => svc.apply('good', []))).toMatch(/^INVALID_ARGUMENT: name at least one session/)
    // AP, multi-task and AEG-CD-SZ runs go through their own inference services; without a checkpoint they are refused too.
    for (const model of ['ap', 'mtl', 'aeg-cd-sz']) {
      upsertRun(ctx.db, { id: `${model}1`, model, preset: 'compact', configJson: '{}', dataHash: 'd', fold: null, runDir: '/x' })
      expect(codeOf(() => svc.apply(`${model}1`, [withFace.sessionId]))).toBe(`NOT_FOUND: run ${model}1 has no best checkpoint yet (status queued)`)
    }
    // AEG-CD-SZ reads each frame's audio: a session without an audio track is refused before anything is queued.
    const aegDir = join(ctx.layout.root, 'runs', 'aeg')
    mkdirSync(aegDir, { recursive: true })
    writeFileSync(join(aegDir, 'best.ckpt'), 'x')
    upsertRun(ctx.db, { id: 'aeg', model: 'aeg-cd-sz', preset: 'compact', configJson: '{}', dataHash: 'd', fold: null, runDir: aegDir })
    replaceRunCheckpoints(ctx.db, 'aeg', [{ epoch: 1, path: join(aegDir, 'best.ckpt'), isBest: true }])
    expect(codeOf(() => svc.apply('aeg', [withFace.sessionId]))).toMatch(/^MEDIA_NO_AUDIO: session .* \(with face\) has no audio track; AEG-CD-SZ reads/)
    expect(codeOf(() => svc.apply('aeg', [noFace.sessionId]))).toMatch(/^NOT_FOUND: session .* \(no face\) has no face track/)
    expect(ctx.jobs.list()).toEqual([])
    expect(listTraces(ctx.db, withFace.sessionId).filter((t) => t.kind === 'prediction')).toEqual([])
  })

  it.skipIf(!HAVE_FFMPEG)('queues one inference job per session, stores each prediction linked to the run, and a cancelled one leaves nothing', async () => {
    const ctx = makeTestApp({ 'model:infer': inferJob })
    stage1Run(ctx, 'r1')
    const sessions: string[] = []
    for (const seed of [1, 2, 3]) {
      const s = await generateSession({ subjectId: `a${seed}`, sessionId: `apply-${seed}`, seed, seconds: 0.6, fps: 10, width: 96, height: 96, degrade: false }, ctx.layout.root)
      sessions.push(storeSession(ctx.db, { name: `apply ${seed}`, frames: s.frameCount, fps: 10, landmarks: s.landmarks, valence: s.valence, arousal: s.arousal, videoPath: s.videoPath, size: 96 }).sessionId)
    }
    const stored: Array<[string, string]> = []
    const batch = applyService(ctx).apply('r1', [sessions[0], sessions[1], sessions[0], sessions[2]], (sid, tid) => stored.push([sid, tid]))
    expect(batch.kind).toBe('stage1')
    expect(batch.items.map((i) => [i.sessionId, i.sessionName])).toEqual([
      [sessions[0], 'apply 1'],
      [sessions[1], 'apply 2'],
      [sessions[2], 'apply 3']
    ])
    // One job at a time: the rest wait in the queue, and a queued one can be cancelled.
    expect(batch.items.map((i) => ctx.jobs.get(i.job.id).state)).toEqual(['running', 'queued', 'queued'])
    ctx.jobs.cancel(batch.items[2].job.id)
    const ends = await Promise.all(batch.items.map((i) => ctx.jobs.wait(i.job.id)))
    expect(ends.map((e) => e.state)).toEqual(['done', 'done', 'cancelled'])
    expect(stored.map(([sid]) => sid)).toEqual([sessions[0], sessions[1]])
    for (const [sid, tid] of stored) expect(getTraceSummary(ctx.db, tid)).toMatchObject({ sessionId: sid, kind: 'prediction', sourceType: 'model_run', sourceId: 'r1', frameCount: 6 })
    expect(listRunTraces(ctx.db, 'r1')).toHaveLength(2)
    expect(listTraces(ctx.db, sessions[2]).filter((t) => t.kind === 'prediction')).toEqual([])
  }, 60_000)
})
