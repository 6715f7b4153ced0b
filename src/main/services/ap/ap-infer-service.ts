/**
 * AP inference (main side): checks that the session can be read by the image backbone (a video and a face track),
 * starts the 'model:infer-ap' job and stores the result in ONE transaction: a prediction trace (source model_run = the
 * AP run, name 'AP', values = the predictive mean on [−1, 1]) with its per-frame extras in the conventions of
 * src/shared/review.ts (AP_EXTRA_KINDS): 'va_sigma' (2), 'va_samples' (2·S), 'ap_context' (1).
 */
import { existsSync } from 'node:fs'
import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import { AP_EXTRA_KINDS } from '../../../shared/review'
import { getBestCheckpoint, type RunRow } from '../../db/queries/runs'
import type { AppContext } from '../app-context'
import { faceSessionInput, faceSessionRefusal } from '../training/face-session'
import { latentsRoot } from '../training/sequence-service'
import { storePrediction, type PredictionExtra } from '../training/store-prediction'
import type { ApInferJobArgs, ApInferJobResult } from './ap-infer-job'
import { isApRun } from './ap-service'

/** Why a session cannot be used by an AP (image backbone), or null when it can. */
export function apSessionRefusal(ctx: AppContext, sessionId: string): { code: 'NOT_FOUND'; message: string } | null {
  return faceSessionRefusal(ctx, sessionId, 'the backbone reads face crops')
}

/** The extras of an inference result, in the stored conventions. */
export function apExtras(r: Pick<ApInferJobResult, 'sigma' | 'samples' | 'sampleCount' | 'context'>): PredictionExtra[] {
  const out: PredictionExtra[] = [{ kind: AP_EXTRA_KINDS.sigma, dims: 2, data: r.sigma }]
  if (r.sampleCount > 0) out.push({ kind: AP_EXTRA_KINDS.samples, dims: 2 * r.sampleCount, data: r.samples })
  out.push({ kind: AP_EXTRA_KINDS.context, dims: 1, data: r.context })
  return out
}

export function apInferenceService(ctx: AppContext) {
  function start(sessionId: string, run: RunRow, opts: { samples?: number } = {}, onStored?: (traceId: string, r: ApInferJobResult) => void): JobInfo {
    if (!isApRun(run)) throw new AppError('INVALID_ARGUMENT', `run ${run.id} is a '${run.model}' run, not an AP run`)
    const refusal = apSessionRefusal(ctx, sessionId)
    if (refusal) throw new AppError(refusal.code, refusal.message)
    const best = getBestCheckpoint(ctx.db, run.id)
    if (!best) throw new AppError('NOT_FOUND', `AP run ${run.id} has no selected checkpoint yet (status ${run.status})`)
    if (!existsSync(best.path)) throw new AppError('NOT_FOUND', `checkpoint ${best.path} of AP run ${run.id} is missing`)
    if (opts.samples !== undefined && !(Number.isInteger(opts.samples) && opts.samples >= 0 && opts.samples <= 100)) {
      throw new AppError('INVALID_ARGUMENT', `samples must be an integer in 0 … 100, got ${opts.samples}`)
    }
    const session = faceSessionInput(ctx, sessionId)
    const args: ApInferJobArgs = {
      checkpoint: best.path,
      session: session.input,
      latentsRoot: latentsRoot(ctx),
      cacheDir: ctx.layout.cacheDir,
      ...(opts.samples !== undefined ? { samples: opts.samples } : {})
    }
    return ctx.jobs.start({
      kind: 'model:infer-ap',
      label: `Predicting V/A with the AP on ${session.name}`,
      args,
      onResult: (raw) => {
        const r = raw as ApInferJobResult
        const extras = apExtras(r)
        const traceId = storePrediction(
          ctx.db,
          {
            sessionId,
            runId: run.id,
            name: 'AP',
            meta: { model: 'ap', checkpoint: best.path, epoch: r.epoch, backbone: r.backbone, labelRange: r.labelRange, scale: 'unit', samples: r.sampleCount, windows: r.windows, extras: extras.map((e) => e.kind) }
          },
          { valence: r.valence, arousal: r.arousal },
          extras
        )
        ctx.events.emit('sessions:changed', { sessionId })
        onStored?.(traceId, r)
      }
    })
  }
  return { start }
}
