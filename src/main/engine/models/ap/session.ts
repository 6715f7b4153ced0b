/**
 * What the AP reads per session (in memory): the frozen backbone's per-frame features x_t and its per-frame V/A
 * predictions ŷ_t on the [−1, 1] scale, a validity mask (no face → no feature, never context, no output), and for
 * training / evaluation the gold labels on the same scale.
 */
import { AppError } from '../../../../shared/ipc/errors'

export interface ApSession {
  readonly id: string
  readonly frames: number
  /** frames × featureDim, row-major; rows of invalid frames are never read. */
  readonly x: Float32Array
  /** frames × 2 backbone predictions [v, a] on [−1, 1]; rows of invalid frames are never read. */
  readonly yHat: Float32Array
  /** 1 = the frame has a feature and a prediction. Omitted: all valid. */
  readonly valid?: Uint8Array
}

export interface LabelledApSession extends ApSession {
  /** Gold on [−1, 1] (native / labelRange); NaN = unlabelled (never a target or a context point). */
  readonly valence: Float32Array
  readonly arousal: Float32Array
}

export function validMask(s: ApSession): Uint8Array {
  return s.valid ?? new Uint8Array(s.frames).fill(1)
}

/** Feature size of a session (x length / frames). */
export function featureDimOf(s: ApSession): number {
  if (!Number.isInteger(s.frames) || s.frames < 1) throw new AppError('INVALID_ARGUMENT', `session ${s.id}: frames must be a positive integer, got ${s.frames}`)
  return Math.floor(s.x.length / s.frames)
}

/**
 * Checks a session against the feature size: LENGTH_MISMATCH when features, predictions, mask or labels do not
 * cover the frames; INVALID_ARGUMENT for a non-finite feature or prediction on a frame marked valid.
 */
export function checkApSession(s: ApSession | LabelledApSession, featureDim: number): void {
  const F = s.frames
  if (!Number.isInteger(F) || F < 1) throw new AppError('INVALID_ARGUMENT', `session ${s.id}: frames must be a positive integer, got ${F}`)
  if (s.x.length !== F * featureDim) throw new AppError('LENGTH_MISMATCH', `session ${s.id}: ${s.x.length} feature values for ${F} frames × ${featureDim} (the backbone's feature size)`)
  if (s.yHat.length !== F * 2) throw new AppError('LENGTH_MISMATCH', `session ${s.id}: ${s.yHat.length / 2} backbone predictions for ${F} frames`)
  if (s.valid && s.valid.length !== F) throw new AppError('LENGTH_MISMATCH', `session ${s.id}: valid mask has ${s.valid.length} entries for ${F} frames`)
  const m = validMask(s)
  for (let f = 0; f < F; f++) {
    if (!m[f]) continue
    if (!Number.isFinite(s.yHat[2 * f]) || !Number.isFinite(s.yHat[2 * f + 1])) throw new AppError('INVALID_ARGUMENT', `session ${s.id}: backbone prediction of frame ${f} is not finite but the frame is marked valid`)
    for (let k = f * featureDim; k < (f + 1) * featureDim; k++) {
      if (!Number.isFinite(s.x[k])) throw new AppError('INVALID_ARGUMENT', `session ${s.id}: feature of frame ${f} is not finite but the frame is marked valid (mark it missing instead)`)
    }
  }
  if ('valence' in s && (s.valence.length !== F || s.arousal.length !== F)) {
    throw new AppError('LENGTH_MISMATCH', `session ${s.id}: ${s.valence.length} valence / ${s.arousal.length} arousal labels for ${F} frames`)
  }
}

/** Frames that are valid and have both labels: the only possible targets and training context points. */
export function labelledFrames(s: LabelledApSession): number[] {
  const m = validMask(s)
  const out: number[] = []
  for (let f = 0; f < s.frames; f++) if (m[f] && Number.isFinite(s.valence[f]) && Number.isFinite(s.arousal[f])) out.push(f)
  return out
}
