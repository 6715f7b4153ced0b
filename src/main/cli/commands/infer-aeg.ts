/** `circumplex infer --run aeg-cd-sz-… …`: AEG-CD-SZ on imported sessions (a V/A trace per session, from faces and audio). */
import { aegInferenceService, aegSessionRefusal, AEG_TRACE_NAME } from '../../services/aeg/aeg-infer-service'
import { AEG_RUN_PREFIX, isAegRun } from '../../services/aeg/aeg-service'
import type { CliContext, ParsedArgs } from '../command'
import { runModelInfer } from './infer-model-run'

export const AEG_INFER_USAGE = `  AEG-CD-SZ runs (run ids aeg-cd-sz-…): one trace '${AEG_TRACE_NAME} <run> (epoch E)' per session, V/A on the
  trace scale [−1, 1], from the face crops and the session's audio (a video without audio is refused); NaN rows
  where there is no face. Sessions are given by id (or --all).`

/** Whether `--run` names an AEG-CD-SZ run (by its id; the store confirms it). */
export function isAegRunRef(ref: string | undefined): boolean {
  return ref !== undefined && ref.startsWith(AEG_RUN_PREFIX)
}

export function runAegInfer(args: ParsedArgs, ctx: CliContext): Promise<number> {
  return runModelInfer(args, ctx, {
    label: 'AEG-CD-SZ',
    traceName: AEG_TRACE_NAME,
    isRun: isAegRun,
    refusal: aegSessionRefusal,
    start: (app, sessionId, run, stored) => aegInferenceService(app).start(sessionId, run, (traceId, r) => stored(traceId, { valence: r.valence, predicted: r.validFrames, extras: [] })),
    passThrough: ['CONFLICT', 'NOT_FOUND', 'MEDIA_NO_AUDIO']
  })
}
