/**
 * Multi-task inference (main side): checks that the session has a face track (the stage-1 crops come from its
 * landmarks), starts 'model:infer-mtl', and stores the result in ONE transaction: a prediction trace (source model_run
 * = the run, name 'MTL', V/A on [−1, 1], NaN where no face) with its per-frame extras 'au_probs' (dims 12) and
 * 'expr_probs' (dims 8), the conventions of src/shared/review.ts.
 */
import { existsSync } from 'node:fs'
import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import { getBestCheckpoint, type RunRow } from '../../db/queries/runs'
import type { AppContext } from '../app-context'
import { faceSessionInput, faceSessionRefusal } from '../training/face-session'
import { storePrediction } from '../training/store-prediction'
import { latentsRoot } from '../training/sequence-service'
import type { MtlInferJobArgs, MtlInferJobResult } from './mtl-infer-job'
import { isMtlRun } from './mtl-service'

export const MTL_TRACE_NAME = 'MTL'

/** Why a session cannot be used by an MTL model, or null when it can. */
export function mtlSessionRefusal(ctx: AppContext, sessionId: string): { code: 'NOT_FOUND'; message: string } | null {
  return faceSessionRefusal(ctx, sessionId, 'landmarks feed the crops')
}

export function mtlInferenceService(ctx: AppContext) {
  function start(sessionId: string, run: RunRow, onStored?: (traceId: string, r: MtlInferJobResult) => void): JobInfo {
    if (!isMtlRun(run)) throw new AppError('INVALID_ARGUMENT', `run ${run.id} is a '${run.model}' run, not a multi-task (mtl) run`)
    const refusal = mtlSessionRefusal(ctx, sessionId)
    if (refusal) throw new AppError(refusal.code, refusal.message)
    const best = getBestCheckpoint(ctx.db, run.id)
    if (!best) throw new AppError('NOT_FOUND', `run ${run.id} has no checkpoint yet (status ${run.status})`)
    if (!existsSync(best.path)) throw new AppError('NOT_FOUND', `checkpoint ${best.path} of run ${run.id} is missing`)
    const session = faceSessionInput(ctx, sessionId)
    const args: MtlInferJobArgs = {
      checkpoint: best.path,
      session: session.input,
      latentsRoot: latentsRoot(ctx),
      cacheDir: ctx.layout.cacheDir
    }
    return ctx.jobs.start({
      kind: 'model:infer-mtl',
      label: `Predicting AUs, expressions and V/A with ${run.id} on ${session.name}`,
      args,
      onResult: (raw) => {
        const r = raw as MtlInferJobResult
        const traceId = storePrediction(
          ctx.db,
          { sessionId, runId: run.id, name: MTL_TRACE_NAME, meta: { model: run.model, checkpoint: best.path, scale: 'unit', extras: r.extras.map((e) => e.kind) } },
          { valence: r.valence, arousal: r.arousal },
          r.extras
        )
        ctx.events.emit('sessions:changed', { sessionId })
        onStored?.(traceId, r)
      }
    })
  }
  return { start }
}
