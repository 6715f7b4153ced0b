/**
 * AEG-CD-SZ inference (main side): checks the session (a video with a face track: landmarks feed the crops; an audio
 * track: it feeds the eGeMAPS features; a track that decodes to nothing is refused by the job), starts 'model:infer-aeg' with the run's best checkpoint and stores the result as a
 * prediction trace linked to the run (V/A on the trace scale [−1, 1], meta.scale 'unit', with the model's native
 * range in meta.labelRange, as ANCLaF's; NaN where there is no face).
 */
import { existsSync } from 'node:fs'
import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import { getBestCheckpoint, type RunRow } from '../../db/queries/runs'
import { getSession } from '../../db/queries/sessions'
import type { AppContext } from '../app-context'
import { faceSessionInput, faceSessionRefusal } from '../training/face-session'
import { onTraceScale, storePrediction } from '../training/store-prediction'
import type { AegInferJobArgs, AegInferJobResult } from './aeg-infer-job'
import { isAegRun } from './aeg-service'

export const AEG_TRACE_NAME = 'AEG-CD-SZ'

/** Why a session cannot be read by AEG-CD-SZ (no video, no face track, no audio track), or null when it can. */
export function aegSessionRefusal(ctx: AppContext, sessionId: string): { code: 'NOT_FOUND' | 'MEDIA_NO_AUDIO'; message: string } | null {
  const face = faceSessionRefusal(ctx, sessionId, 'landmarks feed the crops')
  if (face) return face
  const session = getSession(ctx.db, sessionId)!
  if (!session.video?.hasAudio) return { code: 'MEDIA_NO_AUDIO', message: `session ${sessionId} (${session.name}) has no audio track; AEG-CD-SZ reads each frame's audio features` }
  return null
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
          { sessionId, runId: run.id, name: `${AEG_TRACE_NAME} ${run.id} (epoch ${r.epoch})`, meta: { model: run.model, checkpoint: best.path, epoch: r.epoch, labelRange: r.labelRange, scale: 'unit' } },
          onTraceScale(r, r.labelRange),
          []
        )
        ctx.events.emit('sessions:changed', { sessionId })
        onStored?.(traceId, r)
      }
    })
  }
  return { start }
}
