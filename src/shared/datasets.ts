/**
 * Registered datasets (Train page → Datasets): a folder in a supported label format, or one built from the app's own
 * annotated sessions, with its summary (subjects, clips, label coverage, the V-A histogram) and its editable,
 * subject-grouped folds. Plain JSON-safe data shared by main and renderer.
 */
import type { JobInfo } from './domain'

/** Label formats a dataset folder can be registered in (the layouts src/main/engine/data/dataset-dir.ts reads). */
export const DATASET_FORMATS = ['afew-va', 'sewa', 'aff-wild2'] as const
export type DatasetFormat = (typeof DATASET_FORMATS)[number]

/** Human names of the formats (form selects, CLI help). */
export const DATASET_FORMAT_LABELS: Readonly<Record<DatasetFormat, string>> = {
  'afew-va': 'AFEW-VA (JSON per clip, with landmarks)',
  sewa: 'SEWA / AVEC (CSV rows every 0.1 s)',
  'aff-wild2': 'Aff-Wild2 (VA text, one line per frame)'
}

export type DatasetSource = 'folder' | 'sessions'

/** Bins per axis of the V-A histogram. */
export const HISTOGRAM_BINS = 20

/**
 * 2-D histogram of the labelled frames over [−1, 1]² (labels divided by the format's range, clamped).
 * `counts` is row-major by arousal: counts[a * bins + v], arousal bin 0 = the lowest arousal, valence bin 0 = the
 * most negative valence. A value on a bin edge goes to the upper bin; +1 goes to the last bin.
 */
export interface VaHistogram {
  readonly bins: number
  readonly counts: readonly number[]
  readonly max: number
  readonly total: number
}

export interface DatasetClipSummary {
  readonly clipId: string
  readonly subjectId: string
  readonly frames: number
  /** Frames with both valence and arousal. */
  readonly labelled: number
  /** Frames with landmarks (a face). */
  readonly withFace: number
  /** Means over the labelled frames on [−1, 1] (null: none labelled). */
  readonly meanValence: number | null
  readonly meanArousal: number | null
}

export interface DatasetSubjectSummary {
  readonly subjectId: string
  readonly clipIds: readonly string[]
  readonly frames: number
  readonly labelled: number
  readonly meanValence: number | null
  readonly meanArousal: number | null
}

export interface DatasetSummary {
  readonly version: 1
  readonly fps: number
  readonly frames: number
  readonly labelled: number
  readonly clips: readonly DatasetClipSummary[]
  readonly subjects: readonly DatasetSubjectSummary[]
  readonly histogram: VaHistogram
  /** How each clip's label length was checked against its video: the manifest's frameCount, ffprobe, or not at all. */
  readonly frameCheck: 'manifest' | 'ffprobe' | 'none'
  /** Non-fatal findings (e.g. clips with no labelled frame). */
  readonly warnings: readonly string[]
}

/** One row of the dataset list. */
export interface DatasetInfo {
  readonly id: string
  readonly name: string
  readonly path: string
  readonly format: DatasetFormat
  readonly source: DatasetSource
  readonly dataHash: string
  readonly createdAt: string
  readonly updatedAt: string
  readonly subjects: number
  readonly clips: number
  readonly frames: number
  /** Labelled frames / frames (0 when empty). */
  readonly coverage: number
  readonly folds: number
}

/** One fold of the saved split: subject ids per split (the same shape as core/folds SplitFold). */
export interface DatasetFold {
  readonly name: string
  readonly train: readonly string[]
  readonly val: readonly string[]
  readonly test: readonly string[]
}

/** How the saved folds were made: a seeded subject k-fold, or edited by hand. */
export interface DatasetFoldsInfo {
  readonly kind: 'subject-kfold' | 'custom'
  readonly seed: number | null
  readonly folds: readonly DatasetFold[]
}

export interface DatasetDetail {
  readonly dataset: DatasetInfo
  readonly summary: DatasetSummary
  readonly folds: DatasetFoldsInfo
}

/** A registration or a build from sessions runs as a job; the dataset exists once the job is done. */
export interface DatasetJobStart {
  readonly datasetId: string
  readonly path: string
  readonly job: JobInfo
}

/** Whether a registered folder still has the content it had when registered (runs compare this before training). */
export interface DatasetCheck {
  readonly datasetId: string
  readonly same: boolean
  readonly registeredHash: string
  /** null when the folder (or its clip list) can no longer be read. */
  readonly currentHash: string | null
  readonly message: string | null
}

/** Which trace of each session becomes the labels of a dataset built from sessions. */
export type SessionTraceSource =
  | { readonly kind: 'gold' }
  | { readonly kind: 'annotator'; readonly annotatorId: string }
  | { readonly kind: 'traces'; readonly traceIds: Readonly<Record<string, string>> }

export interface FromSessionsRequest {
  readonly name: string
  readonly sessionIds: readonly string[]
  readonly source: SessionTraceSource
  /** Subject of each session (default: the session's name). */
  readonly subjects?: Readonly<Record<string, string>>
}

/**
 * The default split of a newly registered dataset, and what the "regenerate" button makes: subject-grouped k-fold
 * (k = min(5, subjects)) with a fifth of each fold's training subjects carved out as validation, seed 1.
 */
export const DEFAULT_FOLDS = { k: 5, seed: 1, valFraction: 0.2 } as const

/** Longest fold name the store accepts. */
export const MAX_FOLD_NAME = 100

/** Whether text holds a control character (U+0000–U+001F, U+007F): refused in subject ids. */
export function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x7f) return true
  }
  return false
}
