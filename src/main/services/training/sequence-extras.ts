/**
 * Per-frame signals of a sequence model in the stored conventions (the review UI reads them; do not change):
 * - 'attention', dims = n (the window length): row f, column l = the weight frame f's step gives to frame
 *   f − (n − 1) + l; column n − 1 (the frame itself) is NaN because attention is over PREVIOUS states; columns before
 *   the session start are NaN, missing frames inside the session 0; rows with no prediction are all NaN.
 * - 'gate_mean', dims 1: mean over units of ZG (the weight on the VISUAL branch); NaN without a prediction.
 * - 'gate_stats', dims 4: [mean, std, min, max] of ZG over units.
 * - 'quadrant_probs', dims 4, where the model has a quadrant head.
 * And the per-frame condition of the synthetic world's manifest (video / audio degraded segments).
 */
import type { FrameCondition } from '../../../core/analysis'
import type { SessionInference } from '../../engine/models/sequence/infer'

export interface FrameSegmentRange {
  readonly start: number
  readonly end: number
}

/** The inference's attention (frames × (n − 1)) as the stored frames × n matrix. */
export function attentionExtra(r: SessionInference): Float32Array | null {
  if (!r.attention) return null
  const n = r.n
  const lags = r.lags
  const out = new Float32Array(r.frames * n).fill(NaN)
  for (let f = 0; f < r.frames; f++) {
    if (!Number.isFinite(r.valence[f])) continue
    for (let l = 0; l < lags; l++) out[f * n + l] = r.attention[f * lags + l]
  }
  return out
}

/** Row f of a stored frames × n attention matrix as a plain array (for core/analysis), or null for an all-NaN row. */
export function attentionRows(data: Float32Array, frames: number, n: number): (number[] | null)[] {
  return Array.from({ length: frames }, (_, f) => {
    const row = Array.from(data.subarray(f * n, (f + 1) * n))
    return row.some(Number.isFinite) ? row : null
  })
}

/** The extras to store with a prediction trace, by kind: [dims, data]. */
export function sequenceExtras(r: SessionInference): Array<{ kind: string; dims: number; data: Float32Array }> {
  const out: Array<{ kind: string; dims: number; data: Float32Array }> = []
  const att = attentionExtra(r)
  if (att) out.push({ kind: 'attention', dims: r.n, data: att })
  if (r.gateMean) out.push({ kind: 'gate_mean', dims: 1, data: r.gateMean })
  if (r.gateStats) out.push({ kind: 'gate_stats', dims: 4, data: r.gateStats })
  if (r.quadrantProbs) out.push({ kind: 'quadrant_probs', dims: 4, data: r.quadrantProbs })
  return out
}

/** Per-frame condition from the manifest's degraded segments ([start, end) frame ranges). */
export function frameConditions(frames: number, video: readonly FrameSegmentRange[], audio: readonly FrameSegmentRange[]): FrameCondition[] {
  const mark = (segs: readonly FrameSegmentRange[]) => {
    const m = new Uint8Array(frames)
    for (const s of segs) m.fill(1, Math.max(0, s.start), Math.min(frames, s.end))
    return m
  }
  const v = mark(video)
  const a = mark(audio)
  return Array.from({ length: frames }, (_, f) => (v[f] && a[f] ? 'both' : v[f] ? 'video-degraded' : a[f] ? 'audio-degraded' : 'clean'))
}
