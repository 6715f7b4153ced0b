/** `circumplex infer --run mtl-… …`: the multi-task model on imported sessions (V/A trace + AU / expression extras). */
import { mtlInferenceService, mtlSessionRefusal } from '../../services/mtl/mtl-infer-service'
import { isMtlRun, MTL_RUN_PREFIX } from '../../services/mtl/mtl-service'
import type { CliContext, ParsedArgs } from '../command'
import { runModelInfer } from './infer-model-run'

export const MTL_INFER_USAGE = `  MTL runs (run ids mtl-…): one trace 'MTL' per session (V/A on [−1, 1]) with extras au_probs (dims 12: AU1, AU2,
  AU4, AU6, AU7, AU10, AU12, AU15, AU23, AU24, AU25, AU26) and expr_probs (dims 8: Neutral, Anger, Disgust, Fear,
  Happiness, Sadness, Surprise, Other); NaN rows where there is no face. Sessions are given by id (or --all).`

/** Whether `--run` names a multi-task run (by its id; the store confirms it). */
export function isMtlRunRef(ref: string | undefined): boolean {
  return ref !== undefined && ref.startsWith(MTL_RUN_PREFIX)
}

/** One 'MTL' trace per named session. */
export function runMtlInfer(args: ParsedArgs, ctx: CliContext): Promise<number> {
  return runModelInfer(args, ctx, {
    label: 'multi-task',
    traceName: 'MTL',
    isRun: isMtlRun,
    refusal: mtlSessionRefusal,
    start: (app, sessionId, run, stored) =>
      mtlInferenceService(app).start(sessionId, run, (traceId, r) => stored(traceId, { valence: r.valence, predicted: r.validFrames, extras: r.extras.map((e) => e.kind) })),
    passThrough: ['CONFLICT', 'NOT_FOUND']
  })
}
