/**
 * Apply a run to many sessions (issue #10 "Apply"): every session is checked BEFORE anything is queued — the run
 * must have a (best) checkpoint on disk, and each session what the model reads (a video and a face track; audio for
 * audio models) — so a bad batch is refused as a whole with a code and a message naming the session, and nothing is
 * half-written. Then one inference job per session is queued on the job runner (one runs at a time; each shows
 * done/total + ETA and can be cancelled), through the existing inference path of the run's model: inferenceService
 * (ANCLaF stage 1), sequenceInferenceService (sequence models), apInferenceService (Affective Processes),
 * mtlInferenceService (multi-task AU/expression/V-A) and aegInferenceService (AEG-CD-SZ). Each job stores its prediction trace in one transaction when it
 * finishes, so a cancelled session leaves nothing behind.
 */
import { existsSync } from 'node:fs'
import { MAX_APPLY_SESSIONS, type ApplyBatch, type ApplyItem, type ApplyKind } from '../../../shared/completion'
import { AppError } from '../../../shared/ipc/errors'
import { getFaceTrack } from '../../db/queries/faces'
import { getBestCheckpoint, getRun, type RunRow } from '../../db/queries/runs'
import { getSession } from '../../db/queries/sessions'
import type { SequenceConfig } from '../../engine/models/sequence/config'
import { aegInferenceService, aegSessionRefusal } from '../aeg/aeg-infer-service'
import { isAegRun } from '../aeg/aeg-service'
import { apInferenceService, apSessionRefusal } from '../ap/ap-infer-service'
import { isApRun } from '../ap/ap-service'
import type { AppContext } from '../app-context'
import { mtlInferenceService, mtlSessionRefusal } from '../mtl/mtl-infer-service'
import { isMtlRun } from '../mtl/mtl-service'
import { sequenceInferenceService, sessionRefusal, stageCheckpoint } from './sequence-infer-service'
import { isSequenceRun } from './sequence-service'
import { inferenceService, resolveCheckpoint } from './training-service'

/** The kind of inference a run supports, or an AppError saying why it cannot be applied. */
export function applyKind(ctx: AppContext, run: RunRow): ApplyKind {
  if (isSequenceRun(run)) {
    const cfg = JSON.parse(run.configJson) as { config?: SequenceConfig }
    if (!cfg.config) throw new AppError('INVALID_ARGUMENT', `run ${run.id} has no sequence configuration recorded`)
    const ck = stageCheckpoint(ctx, run)
    if (!existsSync(ck.path)) throw new AppError('NOT_FOUND', `run ${run.id}: its best stage checkpoint ${ck.path} is missing`)
    return 'sequence'
  }
  const kind: ApplyKind | null = run.model === 'anclaf' ? 'stage1' : isApRun(run) ? 'ap' : isMtlRun(run) ? 'mtl' : isAegRun(run) ? 'aeg' : null
  if (!kind) throw new AppError('INVALID_ARGUMENT', `run ${run.id} is a ${run.model} run; only ANCLaF stage-1, AEG-CD-SZ, sequence, AP and multi-task runs can be applied to sessions`)
  const best = getBestCheckpoint(ctx.db, run.id)
  if (!best) throw new AppError('NOT_FOUND', `run ${run.id} has no best checkpoint yet (status ${run.status})`)
  if (!existsSync(best.path)) throw new AppError('NOT_FOUND', `run ${run.id}: its best checkpoint ${best.path} is missing`)
  return kind
}

/** Why this run cannot be applied to this session (an AppError naming it), or null when it can. */
export function applyRefusal(ctx: AppContext, run: RunRow, kind: ApplyKind, sessionId: string): AppError | null {
  const session = getSession(ctx.db, sessionId)
  if (!session) return new AppError('NOT_FOUND', `no session ${sessionId}`)
  if (kind !== 'stage1') {
    const why =
      kind === 'sequence'
        ? sessionRefusal(ctx, (JSON.parse(run.configJson) as { config: SequenceConfig }).config, sessionId)
        : kind === 'ap'
          ? apSessionRefusal(ctx, sessionId)
          : kind === 'aeg'
            ? aegSessionRefusal(ctx, sessionId)
            : mtlSessionRefusal(ctx, sessionId)
    return why ? new AppError(why.code, why.message) : null
  }
  if (!session.video) return new AppError('NOT_FOUND', `session ${sessionId} (${session.name}) has no video`)
  if (!getFaceTrack(ctx.db, sessionId)) return new AppError('NOT_FOUND', `session ${sessionId} (${session.name}) has no face track: import it with faces (landmarks feed the crops)`)
  return null
}

export function applyService(ctx: AppContext) {
  /** Checks the run and every session, then queues one inference job per session (duplicates once). */
  function apply(runId: string, sessionIds: readonly string[], onStored?: (sessionId: string, traceId: string) => void): ApplyBatch {
    const ids = [...new Set(sessionIds)]
    if (ids.length === 0) throw new AppError('INVALID_ARGUMENT', 'name at least one session to apply the run to')
    if (ids.length > MAX_APPLY_SESSIONS) throw new AppError('INVALID_ARGUMENT', `at most ${MAX_APPLY_SESSIONS} sessions per batch, got ${ids.length}`)
    const run = getRun(ctx.db, runId)
    if (!run) throw new AppError('NOT_FOUND', `no run ${runId}`)
    const kind = applyKind(ctx, run)
    for (const id of ids) {
      const why = applyRefusal(ctx, run, kind, id)
      if (why) throw why
    }
    const ckpt = kind === 'stage1' ? resolveCheckpoint(ctx, run.id, ctx.layout.root) : null
    const items: ApplyItem[] = []
    for (const sessionId of ids) {
      const stored = (traceId: string) => onStored?.(sessionId, traceId)
      const job =
        kind === 'sequence'
          ? sequenceInferenceService(ctx).start(sessionId, run, {}, stored)
          : kind === 'ap'
            ? apInferenceService(ctx).start(sessionId, run, {}, stored)
            : kind === 'mtl'
              ? mtlInferenceService(ctx).start(sessionId, run, stored)
              : kind === 'aeg'
                ? aegInferenceService(ctx).start(sessionId, run, stored)
                : inferenceService(ctx).start(sessionId, ckpt!, stored)
      items.push({ sessionId, sessionName: getSession(ctx.db, sessionId)!.name, job })
    }
    return { runId: run.id, kind, items }
  }
  return { apply }
}
