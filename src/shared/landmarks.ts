/**
 * Landmark-tracker evaluations and trackers as the renderer sees them (issue #12): plain JSON-safe data.
 * Main's records (src/main/faces/trackers/types.ts: LandmarkEvalRecord) map onto these with every NaN
 * (no prediction, no mean) turned into null, since NaN does not survive JSON.
 */

/** Headline numbers of one tracker on one set, for one threshold (300-VW: 0.08). null: not defined (no item). */
export interface LandmarkEvalSummaryView {
  readonly meanBox: number | null
  readonly meanIo: number | null
  /** AUC of the CED up to `threshold`, normalised to [0, 1]. */
  readonly aucBox: number | null
  readonly aucIo: number | null
  /** Share of items above `threshold` (misses count as failures). */
  readonly failureBox: number | null
  readonly failureIo: number | null
  readonly threshold: number
}

/** Per-item errors of one tracker on one set; null = the tracker gave no prediction for that item. */
export interface LandmarkEvalSetView {
  readonly name: string
  /** 300-VW category or another grouping; null when the set has none. */
  readonly category: string | null
  readonly degraded: boolean
  readonly count: number
  /** NME normalised by the ground-truth box √(w·h) (the thesis's normalisation), all 68 points. */
  readonly nmeBox: ReadonlyArray<number | null>
  /** NME normalised by the outer eye corners (37/46, 1-based), all 68 points. */
  readonly nmeIo: ReadonlyArray<number | null>
  readonly summary: LandmarkEvalSummaryView
}

/** One stored evaluation of one tracker on one ground-truth source. */
export interface LandmarkEvalView {
  readonly id: string
  /** 'default' or the trained tracker's id, e.g. 'dcrt:<runId>'. */
  readonly trackerId: string
  readonly runId: string | null
  readonly label: string
  readonly source: string
  readonly createdAt: string
  readonly sets: readonly LandmarkEvalSetView[]
}

export interface LandmarkEvalsResult {
  /** Every ground-truth source with at least one stored evaluation, most recent first. */
  readonly sources: readonly string[]
  /** The evaluations (of the asked source, or of all), newest first. */
  readonly evals: readonly LandmarkEvalView[]
}

/** A tracker the import can use: the default one or a finished tracker training run. */
export interface TrackerOption {
  /** What `media:import`'s `tracker` takes and what face_tracks.detector stores for trained trackers. */
  readonly id: string
  readonly kind: 'default' | 'trained'
  readonly label: string
  readonly runId: string | null
  readonly denoise: boolean
}

/** Normalisations of the CED plot: the thesis's box √(w·h) or the outer eye corners. */
export type LandmarkNorm = 'box' | 'io'
