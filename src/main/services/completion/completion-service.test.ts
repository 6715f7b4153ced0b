import { describe, expect, it } from 'vitest'
import type { JobInfo } from '../../../shared/domain'
import { mulberry32 } from '../../../core/random/mulberry32'
import { getTraceExtra } from '../../db/queries/runs'
import { getTraceSummary, listTraces } from '../../db/queries/traces'
import { planSession } from '../../datasets/synth/generate-session'
import type { AppContext } from '../app-context'
import { completeJob } from './complete-job'
import { COMPLETE_JOB_KIND, completionService, coverageLabel } from './completion-service'
import { makeTestApp, storeAnnotation, storeSession } from './test-app'

function synthetic(ctx: AppContext, seconds: number, seed: number, withFaces = true) {
  const plan = planSession({ subjectId: `s${seed}`, sessionId: 'c', seed, seconds, fps: 25, width: 192, height: 192, degrade: false })
  const rng = mulberry32(seed)
  const landmarks = withFaces ? Float32Array.from(plan.landmarks, (v) => v + (rng() - 0.5) * 2) : null
  const stored = storeSession(ctx.db, { name: `synthetic ${seed}`, frames: plan.frameCount, fps: 25, landmarks, valence: plan.valence, arousal: plan.arousal })
  return { ...stored, plan }
}

async function settle(ctx: AppContext, job: JobInfo): Promise<JobInfo> {
  return ctx.jobs.wait(job.id)
}

describe('complete the session (service)', () => {
  it('stores the proposal as a prediction trace with its confidence and meta, checked against the synthetic gold', async () => {
    const ctx = makeTestApp({ [COMPLETE_JOB_KIND]: completeJob })
    const { sessionId, goldId, plan } = synthetic(ctx, 30, 3)
    const own = storeAnnotation(ctx.db, sessionId, 'Ada', plan.valence, plan.arousal, 0.5)
    const svc = completionService(ctx)
    const changed: Array<string | null> = []
    ctx.events.on((channel, e) => channel === 'sessions:changed' && changed.push((e as { sessionId: string | null }).sessionId))
    const progress: number[] = []
    ctx.jobs.on((j) => j.state === 'running' && j.total > 0 && progress.push(j.done / j.total))
    const job = svc.start(sessionId, own.traceId, { ensemble: 4 })
    expect(job.kind).toBe(COMPLETE_JOB_KIND)
    expect(job.label).toBe('Completing synthetic 3 from Ada (first 50 %)')
    const end = await settle(ctx, job)
    expect(end.error?.message ?? null).toBeNull()
    expect(end.state).toBe('done')
    expect(progress.length).toBeGreaterThan(1)
    const [p] = svc.list(sessionId)
    expect(p).toMatchObject({ name: 'Proposal from Ada (first 50 %)', fromTraceId: own.traceId, fromName: 'Ada', annotatedFrames: 375, ensemble: 4, method: 'ridge-ensemble', jobId: job.id })
    expect(p.proposedFrames).toEqual({ valence: 375, arousal: 375 })
    expect(p.featureGroups).toEqual(['geometry'])
    const t = getTraceSummary(ctx.db, p.traceId)!
    expect(t).toMatchObject({ kind: 'prediction', sourceType: 'model_run', sourceId: null, firstFrame: 0, lastFrame: 749 })
    const conf = getTraceExtra(ctx.db, p.traceId, 'confidence')!
    expect(conf.dims).toBe(2)
    expect(conf.frameCount).toBe(750)
    expect(Number.isNaN(conf.data[0])).toBe(true)
    expect(conf.data[2 * 400]).toBeGreaterThan(0)
    expect(p.check).toMatchObject({ traceId: goldId, frames: 375 })
    console.log(`service completion (drawn landmarks ±1 px, 30 s, first 50 %): CCC V ${p.check!.cccValence!.toFixed(3)} A ${p.check!.cccArousal!.toFixed(3)}`)
    expect((p.check!.cccValence! + p.check!.cccArousal!) / 2).toBeGreaterThan(0.7)
    expect(changed).toContain(sessionId)
    // Only this trace's proposals; discard deletes the trace (points and extras go with it).
    expect(svc.list(sessionId, goldId)).toEqual([])
    expect(svc.discard(p.traceId)).toEqual({ traceId: p.traceId, sessionId })
    expect(getTraceSummary(ctx.db, p.traceId)).toBeNull()
    expect(getTraceExtra(ctx.db, p.traceId, 'confidence')).toBeNull()
    expect(() => svc.discard(own.traceId)).toThrow(/not a completion proposal/)
  })

  it('refuses bad requests with a code naming the session or trace, and queues nothing', () => {
    const ctx = makeTestApp({ [COMPLETE_JOB_KIND]: completeJob })
    const { sessionId, goldId, plan } = synthetic(ctx, 4, 4)
    const svc = completionService(ctx)
    const code = (fn: () => unknown): string => {
      try {
        fn()
        return 'none'
      } catch (e) {
        return `${(e as { code: string }).code}: ${(e as Error).message}`
      }
    }
    expect(code(() => svc.start('nope', goldId))).toMatch(/^NOT_FOUND: no session nope/)
    expect(code(() => svc.start(sessionId, 'nope'))).toMatch(/^NOT_FOUND: no trace nope on session .* \(synthetic 4\)/)
    const few = storeAnnotation(ctx.db, sessionId, 'Bo', plan.valence, plan.arousal, 0.05)
    expect(code(() => svc.start(sessionId, few.traceId))).toMatch(/^INVALID_ARGUMENT: Bo has 5 rated frame\(s\) on synthetic 4; rate at least 10/)
    expect(code(() => svc.start(sessionId, goldId))).toMatch(/^CONFLICT: .* already rates every frame/)
    expect(code(() => svc.start(sessionId, few.traceId, { ensemble: 99 }))).toMatch(/^INVALID_ARGUMENT: ensemble size/)
    const bare = synthetic(ctx, 4, 5, false)
    const ann = storeAnnotation(ctx.db, bare.sessionId, 'Cy', bare.plan.valence, null, 0.5)
    expect(code(() => svc.start(bare.sessionId, ann.traceId))).toMatch(/^NOT_FOUND: session .* has neither a face track nor a spectrogram/)
    expect(ctx.jobs.list()).toEqual([])
    expect(code(() => svc.list('nope'))).toMatch(/^NOT_FOUND/)
  })

  it('completes a 1-D valence annotation (arousal stays empty) and a prediction cannot be the source', async () => {
    const ctx = makeTestApp({ [COMPLETE_JOB_KIND]: completeJob })
    const { sessionId, plan } = synthetic(ctx, 8, 6)
    const own = storeAnnotation(ctx.db, sessionId, 'Di', plan.valence, null, 0.4)
    const svc = completionService(ctx)
    const end = await settle(ctx, svc.start(sessionId, own.traceId, { ensemble: 1 }))
    expect(end.state).toBe('done')
    const [p] = svc.list(sessionId)
    expect(p.proposedFrames).toEqual({ valence: 200 - 80, arousal: 0 })
    expect(p.check?.cccArousal).toBeNull()
    expect(() => svc.start(sessionId, p.traceId)).toThrow(/is a model prediction/)
    expect(listTraces(ctx.db, sessionId).filter((t) => t.kind === 'prediction')).toHaveLength(1)
    // A cancelled completion stores nothing.
    const first = svc.start(sessionId, own.traceId)
    const second = svc.start(sessionId, own.traceId)
    ctx.jobs.cancel(second.id)
    expect((await settle(ctx, second)).state).toBe('cancelled')
    expect((await settle(ctx, first)).state).toBe('done')
    expect(svc.list(sessionId)).toHaveLength(2)
  })

  it('names the coverage of the rated frames', () => {
    expect(coverageLabel(Uint8Array.from([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]))).toBe('first 30 %')
    expect(coverageLabel(Uint8Array.from([0, 1, 1, 0, 0, 0, 0, 0, 0, 0]))).toBe('20 % rated')
    expect(coverageLabel(Uint8Array.from([1, 0, 1, 0, 0, 0, 0, 0, 0, 0]))).toBe('20 % rated')
  })
})
