/**
 * Frame-by-frame inference of the multi-task model over a session's (or a clip's) cached features, in chunks, with
 * running batch-norm statistics: per frame V/A (ŷ_VA), the 12 AU probabilities (ŷ_AU), the 8 expression
 * probabilities (softmax of the cross-attention-weighted logits ŷ_EX — eq.11's ρ), and optionally the FGG graph
 * summed over frames (for the learned-adjacency export). Frames without a feature (valid 0) get NaN everywhere.
 */
import { AppError } from '../../../../shared/ipc/errors'
import type { Tensor, Tensor2D } from '../../tf'
import { getTf } from '../../tf'
import { anflAdjacency } from './anfl'
import { AU_N, EXPR_N } from './config'
import { EVAL, inputOf, mtlForward, type MtlModel } from './model'

export interface MtlFrames {
  readonly frames: number
  /** frames × F (rows of invalid frames ignored). */
  readonly features: Float32Array
  /** 1 = the frame has a feature. */
  readonly valid: Uint8Array
}

export interface MtlInference {
  readonly frames: number
  readonly valence: Float32Array
  readonly arousal: Float32Array
  /** frames × 12 */
  readonly auProbs: Float32Array
  /** frames × 8 */
  readonly exprProbs: Float32Array
  /** 12 × 12 sum of the binary kNN graphs over the valid frames (with `adjacency: true`), and their count. */
  readonly adjacency: { readonly sum: Float64Array; readonly frames: number } | null
}

export const INFER_CHUNK = 256

export async function inferMtl(m: MtlModel, s: MtlFrames, opts: { adjacency?: boolean; signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<MtlInference> {
  const tf = getTf()
  const F = m.dims.feature
  if (s.features.length !== s.frames * F) throw new AppError('LENGTH_MISMATCH', `mtl inference: ${s.features.length} feature values for ${s.frames} frames × ${F}`)
  if (s.valid.length !== s.frames) throw new AppError('LENGTH_MISMATCH', `mtl inference: ${s.valid.length} validity flags for ${s.frames} frames`)
  const valence = new Float32Array(s.frames).fill(NaN)
  const arousal = new Float32Array(s.frames).fill(NaN)
  const auProbs = new Float32Array(s.frames * AU_N).fill(NaN)
  const exprProbs = new Float32Array(s.frames * EXPR_N).fill(NaN)
  const adjSum = opts.adjacency ? new Float64Array(AU_N * AU_N) : null
  const idx: number[] = []
  for (let f = 0; f < s.frames; f++) if (s.valid[f]) idx.push(f)
  for (let start = 0; start < idx.length; start += INFER_CHUNK) {
    if (opts.signal?.aborted) throw new AppError('CANCELLED', 'mtl inference cancelled')
    const rows = idx.slice(start, start + INFER_CHUNK)
    const x = new Float32Array(rows.length * F)
    rows.forEach((f, r) => x.set(s.features.subarray(f * F, (f + 1) * F), r * F))
    const t = tf.tidy(() => {
      const xt = tf.tensor2d(x, [rows.length, F])
      const out = mtlForward(m, xt, EVAL)
      const res: Record<string, Tensor> = { va: out.va!, au: out.auProb!, ex: tf.softmax(out.expr!.logits) }
      if (adjSum) res.adj = tf.sum(anflAdjacency(m.params, m.anfl, inputOf(m, xt)), 0)
      return res
    })
    const [vaD, auD, exD, adjD] = await Promise.all([t.va.data(), t.au.data(), t.ex.data(), t.adj ? t.adj.data() : null])
    tf.dispose(Object.values(t))
    rows.forEach((f, r) => {
      valence[f] = vaD[2 * r]
      arousal[f] = vaD[2 * r + 1]
      auProbs.set(auD.subarray(r * AU_N, (r + 1) * AU_N), f * AU_N)
      exprProbs.set(exD.subarray(r * EXPR_N, (r + 1) * EXPR_N), f * EXPR_N)
    })
    if (adjSum && adjD) for (let i = 0; i < adjSum.length; i++) adjSum[i] += adjD[i]
    opts.onProgress?.(Math.min(idx.length, start + rows.length), idx.length)
  }
  return { frames: s.frames, valence, arousal, auProbs, exprProbs, adjacency: adjSum ? { sum: adjSum, frames: idx.length } : null }
}

/** Tensors of one batch of frames (caller disposes). */
export function featureBatch(features: Float32Array, F: number, rows: readonly number[]): Tensor2D {
  const x = new Float32Array(rows.length * F)
  rows.forEach((f, r) => x.set(features.subarray(f * F, (f + 1) * F), r * F))
  return getTf().tensor2d(x, [rows.length, F])
}
