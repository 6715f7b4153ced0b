/** The AP part of `circumplex infer --run <ap run>` (dispatched from infer.ts). */
import type { JobInfo } from '../../../shared/domain'
import type { RunRow } from '../../db/queries/runs'
import { apInferenceService, apSessionRefusal } from '../../services/ap/ap-infer-service'
import { isApRun } from '../../services/ap/ap-service'
import type { AppContext } from '../../services/app-context'
import { flagInt } from '../args'
import type { ParsedArgs } from '../command'

export const AP_INFER_USAGE = `  AP runs (train --model ap): the trace 'AP' holds the predictive mean on [-1, 1]; extras:
    va_sigma        dims 2: [σ_V, σ_A] of the predictive distribution (the review draws μ ± 2σ)
    va_samples      dims 2·S: S sampled functions (--samples S, default the run's 10), [v1, a1, v2, a2, …]
    ap_context      dims 1: fraction of the windows covering the frame that chose it as a context point
  The backbone's features come from the latent cache of its stage-1 run (computed on first use).`

export { isApRun, apSessionRefusal }

export interface ApInferOutput {
  readonly traceId: string
  readonly frames: number
  readonly predicted: number
  readonly stage: string
  readonly extras: string[]
}

/** Starts the AP inference job of one session; `onOut` gets the stored trace. */
export function startApInfer(ctx: AppContext, run: RunRow, sessionId: string, args: ParsedArgs, onOut: (o: ApInferOutput) => void): JobInfo {
  const samples = flagInt(args, 'samples', { min: 0, max: 100 })
  return apInferenceService(ctx).start(sessionId, run, samples !== undefined ? { samples } : {}, (traceId, r) =>
    onOut({
      traceId,
      frames: r.valence.length,
      predicted: r.valence.filter((v) => !Number.isNaN(v)).length,
      stage: 'AP',
      extras: ['va_sigma', ...(r.sampleCount > 0 ? ['va_samples'] : []), 'ap_context']
    })
  )
}
