/**
 * The AP's frozen backbone = a trained ANCLaF stage-1 run on face crops (P004:L79-81: "any trained, frozen
 * backbone"; the paper's own is a face-alignment CNN with a V/A head, Appendix A). Per frame it provides
 * - the features x_t: enc_C's output vector, taken from the latent cache (services/latents: computed once per
 *   stage-1 run and session, fp16 on disk) — the same vectors the sequence models read;
 * - the predictions ŷ_t: C's FC head applied to those cached vectors (models/anclaf/latents.ts headFromLatents),
 *   i.e. what stage 1's C outputs for the frame (up to the cache's fp16 rounding of the features), on [−1, 1].
 * One encoder pass gives both. Frames without a face have neither (masked). A sequence run as backbone (its LSTM
 * state as x, its output as ŷ) is not offered: the paper's backbone is per-frame (L77-79).
 */
import { AppError } from '../../../shared/ipc/errors'
import { headFromLatents } from '../../engine/models/anclaf/latents'
import type { Tensor2D } from '../../engine/tf'
import { getTf } from '../../engine/tf'
import type { AppContext } from '../app-context'
import type { LoadedStage1, Stage1Ref } from '../latents/latent-compute'
import { resolveStage1 } from '../training/sequence-service'

/** A stage-1 image run as the AP's backbone; clear errors for a missing, unfinished, audio or non-ANCLaF run. */
export function resolveBackbone(ctx: AppContext, runId: string): Stage1Ref {
  try {
    return resolveStage1(ctx, runId, 'image')
  } catch (e) {
    if (e instanceof AppError) throw new AppError(e.code, `--backbone: ${e.message}`)
    throw e
  }
}

/** C's predictions [v, a] on [−1, 1] for every valid frame of cached enc_C vectors (frames × dims); NaN elsewhere. */
export async function backbonePredictions(st: LoadedStage1, data: Float32Array, frames: number, valid: Uint8Array, batch = 1024): Promise<Float32Array> {
  const tf = getTf()
  const dims = data.length / frames
  if (!Number.isInteger(dims)) throw new AppError('LENGTH_MISMATCH', `backbone features: ${data.length} values for ${frames} frames`)
  const out = new Float32Array(frames * 2).fill(NaN)
  const idx: number[] = []
  for (let f = 0; f < frames; f++) if (valid[f]) idx.push(f)
  for (let i0 = 0; i0 < idx.length; i0 += batch) {
    const part = idx.slice(i0, i0 + batch)
    const buf = new Float32Array(part.length * dims)
    part.forEach((f, j) => buf.set(data.subarray(f * dims, (f + 1) * dims), j * dims))
    const t = tf.tidy(() => headFromLatents(st.nets, st.config, tf.tensor2d(buf, [part.length, dims]) as Tensor2D))
    const v = (await t.data()) as Float32Array
    t.dispose()
    part.forEach((f, j) => out.set(v.subarray(2 * j, 2 * j + 2), 2 * f))
  }
  return out
}
