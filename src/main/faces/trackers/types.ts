/**
 * The contract between landmark trackers (the default Human-based one and the thesis's trained trackers,
 * thesis ch.2-4), their evaluation (300-VW style: NME, CED, AUC@0.08, failure rate) and the app.
 */
import type { Point2 } from '../../datasets/landmarks'
import type { Box, RgbImage } from '../human-detector'

/** One frame's answer of a tracker. */
export interface TrackStep {
  /** 68 iBUG points, 0-based pixels of the frame; null: no face (lost and no re-detection). */
  readonly points: Point2[] | null
  /** The face box (landmark min/max as the thesis defines it), pixels; null with points. */
  readonly box: Box | null
  /** Face validation p(face) in [0, 1] (thesis eq. 2.6); 1 for trackers without a validation step. */
  readonly pFace: number
  /** True when this frame was re-initialised (validation failed → detector, thesis eq. 2.8). */
  readonly reinitialised: boolean
}

/** Where a tracker starts: ground-truth points (300-VW protocol: first frame from GT) or a detector box. */
export interface TrackerInit {
  readonly points?: readonly Point2[]
  readonly box?: Box
}

/**
 * A landmark tracker over one frame sequence. Stateful: init() starts a sequence (and resets recurrent state),
 * step() advances one frame. A still image is init() alone (its TrackStep is the landmarks for that image).
 */
export interface SequenceTracker {
  /** Stored as face_tracks.detector and landmark_evals.tracker_id, e.g. 'default' or 'dcrt:<runId>'. */
  readonly id: string
  init(frame: RgbImage, from: TrackerInit): Promise<TrackStep>
  step(frame: RgbImage): Promise<TrackStep>
  dispose(): void
}

/** Per-item errors of one tracker on one evaluation set (what the CED plot needs). */
export interface LandmarkEvalSet {
  /** e.g. '300w-stills', '300vw-moving', 'synthetic-clean', 'synthetic-degraded'. */
  readonly name: string
  /** 300-VW category (1-3) or another grouping; null when the set has none. */
  readonly category: string | null
  /** Whether the inputs were degraded on purpose (ablation of the denoiser). */
  readonly degraded: boolean
  /** Items (images or frames) evaluated, failures included. */
  readonly count: number
  /** Per item NME normalised by the ground-truth box √(w·h) (thesis), all 68 points; NaN = no prediction. */
  readonly nmeBox: number[]
  /** Per item NME normalised by the outer eye corners (37/46, 1-based), all 68 points; NaN = no prediction. */
  readonly nmeIo: number[]
  readonly summary: LandmarkEvalSummary
}

export interface LandmarkEvalSummary {
  readonly meanBox: number
  readonly meanIo: number
  /** AUC of the CED up to `threshold`, normalised to [0, 1]. */
  readonly aucBox: number
  readonly aucIo: number
  /** Share of items with NME above `threshold` (misses count as failures). */
  readonly failureBox: number
  readonly failureIo: number
  readonly threshold: number
}

/** One stored evaluation of one tracker (table landmark_evals). */
export interface LandmarkEvalRecord {
  readonly id: string
  /** 'default' or 'dcrt:<runId>' / '<variant>:<runId>' (SequenceTracker.id). */
  readonly trackerId: string
  /** The training run, when the tracker is a trained one. */
  readonly runId: string | null
  /** What the legend shows, e.g. 'default (Human FaceMesh)', 'DCRT (run abc, denoiser on)'. */
  readonly label: string
  /** The ground-truth folder or dataset evaluated on (absolute path or dataset id). */
  readonly source: string
  readonly createdAt: string
  readonly sets: LandmarkEvalSet[]
}
