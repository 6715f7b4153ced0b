/**
 * 'model:infer-mtl' job body (worker thread): a multi-task checkpoint on one imported session. The stage-1 run whose
 * latents it was trained on comes from the checkpoint's provenance; if that checkpoint now holds other weights the job
 * is refused (CONFLICT: the heads would read features they never saw — retrain). The session's latents come from the
 * latent cache (key = session id; computed first when absent or stale), then frame-by-frame inference
 * (models/mtl/infer.ts): V/A, the 12 AU probabilities ('au_probs') and the 8 expression probabilities ('expr_probs');
 * frames without a face get NaN.
 */
import { AppError } from '../../../shared/ipc/errors'
import { MTL_EXTRA_KINDS } from '../../../shared/review'
import { AU_N, EXPR_N } from '../../engine/models/mtl/config'
import { inferMtl } from '../../engine/models/mtl/infer'
import { disposeMtlModel } from '../../engine/models/mtl/model'
import { mtlModelFromCheckpoint, readMtlCheckpoint } from '../../engine/train/mtl-checkpoint'
import { jobBackend } from '../../engine/train/use-backend'
import type { JobHandler } from '../../jobs/protocol'
import { disposeStage1, ensureLatents, loadStage1, type Stage1Ref } from '../latents/latent-compute'
import { isFaceSessionInput, type FaceSessionInput } from '../training/face-session'

export interface MtlInferJobArgs {
  readonly checkpoint: string
  readonly session: FaceSessionInput
  readonly latentsRoot: string
  readonly cacheDir: string
}

export interface MtlInferJobResult {
  /** On [−1, 1] (ABAW's scale); NaN = no prediction. */
  readonly valence: Float32Array
  readonly arousal: Float32Array
  readonly extras: Array<{ kind: string; dims: number; data: Float32Array }>
  readonly latentsComputed: boolean
  readonly validFrames: number
}

function isArgs(a: unknown): a is MtlInferJobArgs {
  const o = a as Record<string, unknown> | null
  return !!o && typeof o.checkpoint === 'string' && isFaceSessionInput(o.session)
}

export const mtlInferJob: JobHandler = async (raw, ctx) => {
  if (!isArgs(raw)) throw new AppError('INVALID_ARGUMENT', 'malformed multi-task inference job arguments')
  const a = raw
  await jobBackend()
  const { meta, weights } = readMtlCheckpoint(a.checkpoint)
  const ref = meta.provenance.stage1 as Stage1Ref | undefined
  if (!ref) throw new AppError('INVALID_ARGUMENT', `${a.checkpoint} does not name the stage-1 run it was trained on`)
  let st
  try {
    st = loadStage1(ref)
  } catch (e) {
    if (e instanceof AppError && e.code === 'CONFLICT') throw new AppError('CONFLICT', `${e.message}; this MTL model was trained on the old latents: retrain it on the new stage-1 run`)
    throw e
  }
  const F = a.session.frames
  let lat
  try {
    lat = await ensureLatents(
      st,
      { id: a.session.id, key: a.session.id, inputCacheKey: null, video: a.session.video, frames: F, landmarks: a.session.landmarks, timesSec: a.session.timesSec, provenance: { session: a.session.id } },
      { latentsRoot: a.latentsRoot, cacheDir: a.cacheDir, signal: ctx.signal, onProgress: (d, t) => ctx.progress((d / Math.max(1, t)) * F, 2 * F) }
    )
  } finally {
    disposeStage1(st)
  }
  const m = mtlModelFromCheckpoint(meta, weights)
  try {
    const r = await inferMtl(m, { frames: F, features: lat.data, valid: lat.valid }, { signal: ctx.signal, onProgress: (d, t) => ctx.progress(F + (d / Math.max(1, t)) * F, 2 * F) })
    return {
      valence: r.valence,
      arousal: r.arousal,
      extras: [
        { kind: MTL_EXTRA_KINDS.auProbs, dims: AU_N, data: r.auProbs },
        { kind: MTL_EXTRA_KINDS.exprProbs, dims: EXPR_N, data: r.exprProbs }
      ],
      latentsComputed: lat.computed,
      validFrames: lat.valid.reduce((x, v) => x + v, 0)
    } satisfies MtlInferJobResult
  } finally {
    disposeMtlModel(m)
  }
}
