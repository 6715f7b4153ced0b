/**
 * Sequence-model inference (main side): checks that the session has what the model reads (a face track for image
 * latents, an audio track for audio latents — refused with the reason otherwise), starts the
 * 'model:infer-sequence' job, and stores the result in ONE transaction: a prediction trace (source model_run = the
 * run, name = the stage, e.g. 'AVi-GaS-8'; values on the trace scale [−1, 1] = native / labelRange, NaN where the
 * model gave none) and its per-frame extras (sequence-extras.ts: 'attention' dims n, 'gate_mean' 1, 'gate_stats' 4,
 * 'quadrant_probs' 4 where the model has them).
 */
import { onTraceScale, storePrediction } from './store-prediction'
import { existsSync } from 'node:fs'
import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import { getFaceTrack } from '../../db/queries/faces'
import { getBestCheckpoint, getSessionSpectrogramRef, type RunRow } from '../../db/queries/runs'
import { getFrameTimestamps, getSession } from '../../db/queries/sessions'
import type { SequenceConfig } from '../../engine/models/sequence/config'
import type { AppContext } from '../app-context'
import type { SequenceInferJobArgs, SequenceInferJobResult } from './sequence-infer-job'
import { latentsRoot } from './sequence-service'

interface StoredStage {
  readonly name: string
  readonly checkpoint: string
}

/** The stage checkpoint to use: `stage` by name, else the run's best (= final) stage. */
export function stageCheckpoint(ctx: AppContext, run: RunRow, stage?: string): { name: string | null; path: string } {
  const cfg = JSON.parse(run.configJson) as { stages?: StoredStage[] }
  if (stage) {
    const st = cfg.stages?.find((s) => s.name === stage)
    if (!st) throw new AppError('NOT_FOUND', `run ${run.id} has no stage '${stage}' (stages: ${(cfg.stages ?? []).map((s) => s.name).join(', ') || 'none yet'})`)
    return { name: st.name, path: st.checkpoint }
  }
  const best = getBestCheckpoint(ctx.db, run.id)
  if (!best) throw new AppError('NOT_FOUND', `run ${run.id} has no finished stage yet (status ${run.status})`)
  return { name: null, path: best.path }
}

/** Why a session cannot be used by this model, or null when it can. */
export function sessionRefusal(ctx: AppContext, config: Pick<SequenceConfig, 'variant' | 'modalities'>, sessionId: string): { code: 'NOT_FOUND' | 'MEDIA_NO_AUDIO'; message: string } | null {
  const session = getSession(ctx.db, sessionId)
  if (!session?.video) return { code: 'NOT_FOUND', message: `no session ${sessionId} with a video` }
  if (config.modalities.includes('image') && !getFaceTrack(ctx.db, sessionId)) {
    return { code: 'NOT_FOUND', message: `session ${sessionId} (${session.name}) has no face track: import it with faces (landmarks feed the crops)` }
  }
  if (config.modalities.includes('audio') && !session.video.hasAudio) {
    return { code: 'MEDIA_NO_AUDIO', message: `session ${sessionId} (${session.name}) has no audio track, so ${config.variant} (which reads audio / spectrogram latents) cannot run on it; use an image-only model (vi-des, anclaf-s, anclaf-sa)` }
  }
  return null
}

export function sequenceInferenceService(ctx: AppContext) {
  function start(sessionId: string, run: RunRow, opts: { stage?: string } = {}, onStored?: (traceId: string, r: SequenceInferJobResult) => void): JobInfo {
    const cfg = JSON.parse(run.configJson) as { config?: SequenceConfig }
    if (!cfg.config) throw new AppError('INVALID_ARGUMENT', `run ${run.id} is not a sequence-model run`)
    const refusal = sessionRefusal(ctx, cfg.config, sessionId)
    if (refusal) throw new AppError(refusal.code, refusal.message)
    const session = getSession(ctx.db, sessionId)!
    const video = session.video!
    const ck = stageCheckpoint(ctx, run, opts.stage)
    if (!existsSync(ck.path)) throw new AppError('NOT_FOUND', `stage checkpoint ${ck.path} of run ${run.id} is missing`)
    const track = getFaceTrack(ctx.db, sessionId)
    const ts = getFrameTimestamps(ctx.db, sessionId)
    const frames = track?.frameCount ?? video.frameCount
    const spec = getSessionSpectrogramRef(ctx.db, sessionId)
    const args: SequenceInferJobArgs = {
      checkpoint: ck.path,
      session: {
        id: sessionId,
        video: video.path,
        frames,
        landmarks: track?.landmarks ?? null,
        timesSec: ts && ts.length >= frames ? ts : Float64Array.from({ length: frames }, (_, f) => f / (video.fps || 25)),
        spectrogram: spec ? { cacheKey: spec.cacheKey, audioDurationS: spec.audioDurationS } : null
      },
      latentsRoot: latentsRoot(ctx),
      cacheDir: ctx.layout.cacheDir
    }
    return ctx.jobs.start({
      kind: 'model:infer-sequence',
      label: `Predicting V/A with ${cfg.config.variant} on ${session.name}`,
      args,
      onResult: (raw) => {
        const r = raw as SequenceInferJobResult
        const L = r.labelRange
        const traceId = storePrediction(
          ctx.db,
          {
            sessionId,
            runId: run.id,
            name: r.stage,
            meta: { model: run.model, stage: r.stage, n: r.n, checkpoint: ck.path, labelRange: L, scale: 'unit', extras: r.extras.map((e) => e.kind) }
          },
          onTraceScale(r, L),
          r.extras
        )
        ctx.events.emit('sessions:changed', { sessionId })
        onStored?.(traceId, r)
      }
    })
  }
  return { start }
}
