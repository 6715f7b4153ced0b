/**
 * AEG-CD-SZ inference (main side): checks the session (a video with a face track: landmarks feed the crops; its audio
 * feeds the eGeMAPS features), starts 'model:infer-aeg' with the run's best checkpoint and stores the result as a
 * prediction trace linked to the run (V/A on the native label scale with meta.labelRange, as ANCLaF's; NaN where
 * there is no face).
 */
import { existsSync } from 'node:fs'
import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import { getBestCheckpoint, type RunRow } from '../../db/queries/runs'
import type { AppContext } from '../app-context'
import { faceSessionInput, faceSessionRefusal } from '../training/face-session'
import { storePrediction } from '../training/store-prediction'
import type { AegInferJobArgs, AegInferJobResult } from './aeg-infer-job'
import { isAegRun } from './aeg-service'

export const AEG_TRACE_NAME = 'AEG-CD-SZ'

export function aegSessionRefusal(ctx: AppContext, sessionId: string): { code: 'NOT_FOUND'; message: string } | null {
  return faceSessionRefusal(ctx, sessionId, 'landmarks feed the crops')
}

export function aegInferenceService(ctx: AppContext) {
  function start(sessionId: string, run: RunRow, onStored?: (traceId: string, r: AegInferJobResult) => void): JobInfo {
    if (!isAegRun(run)) throw new AppError('INVALID_ARGUMENT', `run ${run.id} is a '${run.model}' run, not an AEG-CD-SZ run`)
    const refusal = aegSessionRefusal(ctx, sessionId)
    if (refusal) throw new AppError(refusal.code, refusal.message)
    const best = getBestCheckpoint(ctx.db, run.id)
    if (!best) throw new AppError('NOT_FOUND', `run ${run.id} has no best checkpoint yet (status ${run.status})`)
    if (!existsSync(best.path)) throw new AppError('NOT_FOUND', `checkpoint ${best.path} of run ${run.id} is missing`)
    const session = faceSessionInput(ctx, sessionId)
    const args: AegInferJobArgs = { checkpoint: best.path, session: session.input }
    return ctx.jobs.start({
      kind: 'model:infer-aeg',
      label: `Predicting V/A with ${run.id} on ${session.name}`,
      args,
      onResult: (raw) => {
        const r = raw as AegInferJobResult
        const traceId = storePrediction(
          ctx.db,
          { sessionId, runId: run.id, name: `${AEG_TRACE_NAME} ${run.id} (epoch ${r.epoch})`, meta: { model: run.model, checkpoint: best.path, epoch: r.epoch, labelRange: r.labelRange } },
          { valence: r.valence, arousal: r.arousal },
          []
        )
        ctx.events.emit('sessions:changed', { sessionId })
        onStored?.(traceId, r)
      }
    })
  }
  return { start }
}
