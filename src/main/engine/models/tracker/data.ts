/**
 * Training/evaluation data of the trackers (the shapes of the public API in index.ts).
 */
import { AppError } from '../../../../shared/ipc/errors'
import type { RgbImage } from '../../../faces/human-detector'

export interface TrackerSequence {
  readonly id: string
  readonly subject: string
  readonly frames: RgbImage[]
  /** n × 68 × 2 frame pixels (0-based); NaN = no face in that frame. */
  readonly landmarks: Float32Array
  /** 1 = the frame is already degraded in the source (synthetic schedule): never a clean denoising target. */
  readonly degraded?: Uint8Array
}

/** Stills are sequences of length 1. */
export interface TrackerTrainingData {
  readonly train: TrackerSequence[]
  readonly val: TrackerSequence[]
}

export interface TrainProgress {
  readonly phase: string
  readonly done: number
  readonly total: number
}

export interface TrainEpoch {
  readonly phase: string
  readonly epoch: number
  readonly metrics: Record<string, number>
  readonly losses: Record<string, number>
}

export interface TrainTrackerOptions {
  readonly runDir: string
  readonly signal?: AbortSignal
  onProgress?(p: TrainProgress): void
  onEpoch?(e: TrainEpoch): void
}

export interface TrainTrackerResult {
  /** Best validation metrics of the final model (per metric name). */
  readonly best: Record<string, number>
  readonly weightsPath: string
}

/** The 136 landmark values of frame f (a view). */
export function framePoints(s: TrackerSequence, f: number): Float32Array {
  return s.landmarks.subarray(f * 136, (f + 1) * 136)
}

/** Whether frame f has all 68 points. */
export function hasFace(s: TrackerSequence, f: number): boolean {
  const p = framePoints(s, f)
  if (p.length < 136) return false
  for (let i = 0; i < 136; i++) if (!Number.isFinite(p[i])) return false
  return true
}

/** Checks the data's shapes; throws AppError INVALID_ARGUMENT naming the first bad sequence. */
export function checkSequences(seqs: readonly TrackerSequence[], what: string): void {
  for (const s of seqs) {
    if (s.landmarks.length !== s.frames.length * 136) throw new AppError('INVALID_ARGUMENT', `${what} sequence ${s.id}: ${s.landmarks.length} landmark values for ${s.frames.length} frames (expected ${s.frames.length * 136})`)
    if (s.degraded && s.degraded.length !== s.frames.length) throw new AppError('INVALID_ARGUMENT', `${what} sequence ${s.id}: degraded flags for ${s.degraded.length} of ${s.frames.length} frames`)
    for (const f of s.frames) if (f.data.length < f.width * f.height * 3) throw new AppError('INVALID_ARGUMENT', `${what} sequence ${s.id}: a frame buffer is shorter than ${f.width}×${f.height}×3`)
  }
}
