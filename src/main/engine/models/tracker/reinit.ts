/**
 * The re-initialisation rule (T eq.2.8 / eq.4.14, L517-525) and the LSTM reset rule (L527-533, Algorithm 1 l.11-12),
 * as pure functions.
 *
 * eq.2.8: P_b = b* if min_b d(b_{t−1}, b)/‖b_{t−1}‖ < T_B (b* the detection with that minimum ratio); b_0 if
 * dim(b_{t−1}) < 0 (no valid previous box); else b_{t−1}. d is the Euclidean distance between the box centres
 * (L517: "the Euclidean distance between each new detection and the center of the previous bounding box").
 * ‖b‖, "the magnitude of the previous bounding box", is not defined further: we take its diagonal √(w² + h²).
 */
import type { Box } from '../../../faces/human-detector'

export type ReinitSource = 'detection' | 'initial' | 'previous'

export interface ReinitDecision {
  readonly box: Box
  readonly source: ReinitSource
  /** The minimum centre-distance ratio over the detections (Infinity when there is none). */
  readonly ratio: number
}

export function isValidBox(b: Box | null | undefined): b is Box {
  return !!b && b.every((v) => Number.isFinite(v)) && b[2] > 0 && b[3] > 0
}

/** Centre distance of `b` from `prev`, relative to prev's diagonal. */
export function centreRatio(prev: Box, b: Box): number {
  const dx = b[0] + b[2] / 2 - (prev[0] + prev[2] / 2)
  const dy = b[1] + b[3] / 2 - (prev[1] + prev[3] / 2)
  return Math.hypot(dx, dy) / Math.max(1e-9, Math.hypot(prev[2], prev[3]))
}

/** eq.2.8: which box the tracker restarts from, given the previous box, the detections and the initial box. */
export function reinitBox(prev: Box | null, detections: readonly Box[], initial: Box, tb: number): ReinitDecision {
  if (!isValidBox(prev)) {
    // dim(b_{t−1}) < 0: nothing to compare with. Take the first valid detection when there is one, else b_0.
    const d = detections.find((b) => isValidBox(b))
    return d ? { box: d, source: 'detection', ratio: Infinity } : { box: initial, source: 'initial', ratio: Infinity }
  }
  let best: Box | null = null
  let ratio = Infinity
  for (const b of detections) {
    if (!isValidBox(b)) continue
    const r = centreRatio(prev, b)
    if (r < ratio) {
      ratio = r
      best = b
    }
  }
  if (best && ratio < tb) return { box: best, source: 'detection', ratio }
  return { box: prev, source: 'previous', ratio }
}

/** Algorithm 1 l.11: the BT state is reset on re-detection or when the sequence counter exceeds SeqBT. */
export function shouldResetLstm(redetected: boolean, seqT: number, seqBT: number): boolean {
  return redetected || seqT > seqBT
}
