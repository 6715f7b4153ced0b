/**
 * Whole-session inference with sliding windows of n frames (the window of frame f ends at f). The per-frame part
 * (fusion / GMU and the LSTM input projection) runs once per frame; only the recurrence runs per window. Frames
 * before the session start are padding (masked), so the first n − 1 frames use the shorter window from the session
 * start (identical to a fresh LSTM started at frame 0). Sessions shorter than n are therefore inferred the same way.
 *
 * Outputs per frame (NaN on frames without latents — no face, no estimate):
 * - valence / arousal on the native label scale (tanh output × labelRange);
 * - quadrantProbs (frames × 4) with a quadrant head;
 * - attention (frames × (n − 1)), row f, column j = the weight frame f's step gave to the state after frame
 *   f − (n − 1) + j (the last column is frame f − 1); NaN where that frame lies before the session start, 0 where it
 *   is a missing frame inside the session;
 * - gate (GMU models): per frame the mean, std, min and max of ZG over its units (gateStats, frames × 4; gateMean is
 *   its first column), and per unit the mean and std of ZG over the frames with latents (gateUnitMean/Std).
 */
import { AppError } from '../../../../shared/ipc/errors'
import type { Tensor, Tensor2D } from '../../tf'
import { getTf } from '../../tf'
import type { Tensor3D } from '@tensorflow/tfjs'
import { needsAudio } from './config'
import { frameFeatures, headOutputs, type SequenceModel } from './model'
import { checkSession, frameMask, type SessionLatents } from './windows'

export interface SessionInference {
  readonly frames: number
  readonly n: number
  readonly valence: Float32Array
  readonly arousal: Float32Array
  readonly quadrantProbs: Float32Array | null
  /** Columns of `attention` (n − 1). */
  readonly lags: number
  readonly attention: Float32Array | null
  readonly gateMean: Float32Array | null
  /** frames × 4: mean, std, min, max of ZG over the gate units. */
  readonly gateStats: Float32Array | null
  readonly gateUnitMean: Float32Array | null
  readonly gateUnitStd: Float32Array | null
}

export interface InferOptions {
  /** Windows per batch (default 128). */
  readonly batch?: number
  readonly signal?: AbortSignal
  readonly onProgress?: (done: number, total: number) => void
}

/** Rows [F, d] of a latent matrix with missing frames zeroed. */
function rowsTensor(data: Float32Array, F: number, d: number, mask: Uint8Array): Tensor2D {
  const tf = getTf()
  const src = data.length === F * d ? data : data.subarray(0, F * d)
  let copy: Float32Array | null = null
  for (let f = 0; f < F; f++) {
    if (mask[f]) continue
    copy ??= Float32Array.from(src)
    copy.fill(0, f * d, (f + 1) * d)
  }
  return tf.tensor2d(copy ?? src, [F, d])
}

export async function inferSession(m: SequenceModel, n: number, s: SessionLatents, o: InferOptions = {}): Promise<SessionInference> {
  const tf = getTf()
  const c = m.config
  if (!Number.isInteger(n) || n < 1) throw new AppError('INVALID_ARGUMENT', `window must be a positive integer, got ${n}`)
  checkSession(c, m.dims, s)
  const F = s.frames
  const H = c.hidden
  const mask = frameMask(s)
  const batch = Math.max(1, o.batch ?? 128)
  const lags = n - 1
  // Per-frame part, once: fused features → LSTM input projection (+ a zero row for padding); gate summaries.
  const perList = tf.tidy((): Tensor[] => {
    const img = c.modalities.includes('image') && s.image && m.dims.image ? rowsTensor(s.image, F, m.dims.image, mask) : null
    const aud = needsAudio(c) && s.audio && m.dims.audio ? rowsTensor(s.audio, F, m.dims.audio, mask) : null
    const f = frameFeatures(m, img, aud)
    const xw = tf.concat([m.lstm.project(m.params, f.x), tf.zeros([1, 4 * H])], 0) as Tensor2D
    if (!f.gate) return [xw]
    const g = f.gate
    const { mean, variance } = tf.moments(g, 1)
    const stats = tf.stack([mean, tf.sqrt(variance), tf.min(g, 1), tf.max(g, 1)], 1)
    const w = tf.tensor2d(Float32Array.from(mask), [F, 1])
    const cnt = tf.maximum(tf.sum(w), 1)
    const um = tf.div(tf.sum(tf.mul(g, w), 0), cnt)
    const uv = tf.div(tf.sum(tf.mul(tf.square(tf.sub(g, um)), w), 0), cnt)
    return [xw, stats, tf.stack([um, tf.sqrt(uv)], 0)]
  })
  const per = { xw: perList[0], stats: perList[1] ?? null, unit: perList[2] ?? null }
  const valence = new Float32Array(F).fill(NaN)
  const arousal = new Float32Array(F).fill(NaN)
  const quadrantProbs = m.quadrant ? new Float32Array(F * 4).fill(NaN) : null
  const attention = m.attention && lags > 0 ? new Float32Array(F * lags).fill(NaN) : null
  try {
    for (let f0 = 0; f0 < F; f0 += batch) {
      if (o.signal?.aborted) throw new AppError('CANCELLED', `inference of session ${s.id} cancelled at frame ${f0} of ${F}`)
      const B = Math.min(batch, F - f0)
      const idx = new Int32Array(B * n)
      const wm = new Float32Array(B * n)
      for (let b = 0; b < B; b++) {
        for (let k = 0; k < n; k++) {
          const fr = f0 + b - (n - 1) + k
          const ok = fr >= 0 && mask[fr] === 1
          idx[b * n + k] = fr >= 0 ? fr : F
          wm[b * n + k] = ok ? 1 : 0
        }
      }
      const outs = tf.tidy(() => {
        const xwin = tf.reshape(tf.gather(per.xw, tf.tensor1d(idx, 'int32')), [B, n, 4 * H]) as Tensor3D
        const r = m.lstm.applyProjected(m.params, xwin, tf.tensor2d(wm, [B, n]), { inference: true })
        const h = headOutputs(m, r.last)
        const list: Tensor[] = [h.va]
        if (h.quadrantLogits) list.push(tf.softmax(h.quadrantLogits))
        if (r.attention && lags > 0) list.push(tf.reshape(tf.slice(r.attention, [0, n - 1, 0], [B, 1, lags]), [B, lags]))
        return list
      })
      const data = await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>))
      tf.dispose(outs)
      const [va] = data
      let next = 1
      const q = quadrantProbs ? data[next++] : null
      const att = attention ? data[next++] : null
      for (let b = 0; b < B; b++) {
        const fr = f0 + b
        if (!mask[fr]) continue
        valence[fr] = va[2 * b] * c.labelRange
        arousal[fr] = va[2 * b + 1] * c.labelRange
        if (q && quadrantProbs) quadrantProbs.set(q.subarray(4 * b, 4 * b + 4), 4 * fr)
        if (att && attention) {
          for (let j = 0; j < lags; j++) attention[fr * lags + j] = fr - lags + j >= 0 ? att[b * lags + j] : NaN
        }
      }
      o.onProgress?.(f0 + B, F)
      await new Promise((r) => setImmediate(r))
    }
    let gateMean: Float32Array | null = null
    let gateStats: Float32Array | null = null
    let gateUnitMean: Float32Array | null = null
    let gateUnitStd: Float32Array | null = null
    if (per.stats && per.unit) {
      gateStats = (await per.stats.data()) as Float32Array
      const unit = (await per.unit.data()) as Float32Array
      const G = unit.length / 2
      gateUnitMean = unit.slice(0, G)
      gateUnitStd = unit.slice(G)
      gateMean = new Float32Array(F)
      for (let f = 0; f < F; f++) {
        if (mask[f]) gateMean[f] = gateStats[4 * f]
        else {
          gateMean[f] = NaN
          gateStats.fill(NaN, 4 * f, 4 * f + 4)
        }
      }
    }
    return { frames: F, n, valence, arousal, quadrantProbs, lags, attention, gateMean, gateStats, gateUnitMean, gateUnitStd }
  } finally {
    tf.dispose(perList)
  }
}
