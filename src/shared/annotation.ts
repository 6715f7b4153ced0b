/** Annotation domain types shared by main, preload and renderer (plain JSON-safe data). */
import type { AgreementReport } from './agreement'

export type RatingMode = '1d-valence' | '1d-arousal' | '2d'
export const RATING_MODES: readonly RatingMode[] = ['1d-valence', '1d-arousal', '2d']

export type EditKind = 'rate' | 'accept' | 'reject' | 'redraw' | 'shift' | 'smooth' | 'replace' | 'fuse' | 'import'
export const EDIT_KINDS: readonly EditKind[] = ['rate', 'accept', 'reject', 'redraw', 'shift', 'smooth', 'replace', 'fuse', 'import']

export type ReviewStatus = 'unreviewed' | 'accepted' | 'corrected'
export const REVIEW_STATUSES: readonly ReviewStatus[] = ['unreviewed', 'accepted', 'corrected']

export type EditAuthorType = 'annotator' | 'model_run' | 'system'

/** Export/import formats of `circumplex export` / `import-trace` and `annotations:export` / `annotations:import`. */
export type ExchangeFormat = 'circumplex' | 'sewa' | 'aff-wild2' | 'nova' | 'darma' | 'carma' | 'afew-va'
export const EXCHANGE_FORMATS: readonly ExchangeFormat[] = ['circumplex', 'sewa', 'aff-wild2', 'nova', 'darma', 'carma', 'afew-va']

export interface Annotator {
  readonly id: string
  readonly name: string
  readonly createdAt: string
}

export interface Project {
  readonly id: string
  readonly name: string
  readonly createdAt: string
  /** Default blind mode of the project's annotators (predictions and other annotators hidden). */
  readonly blind: boolean
  readonly sessionIds: readonly string[]
}

export interface Assignment {
  readonly annotatorId: string
  readonly sessionId: string
  readonly projectId: string | null
  readonly createdAt: string
}

export interface RatingPass {
  readonly id: string
  readonly sessionId: string
  readonly annotatorId: string
  readonly traceId: string
  readonly mode: RatingMode
  /** Seconds the rater's input trails the picture; the UI writes frame = displayed frame − lag. */
  readonly inputLagS: number
  /** Playback speed of the pass (1 = real time). */
  readonly speed: number
  readonly startedAt: string
  readonly finishedAt: string | null
}

/** One rated sample: [frame (lag already applied), valence, arousal]; null = not rated in this sample. */
export type RateSample = readonly [number, number | null, number | null]

export interface AppendResult {
  readonly passId: string
  readonly traceId: string
  /** Frames written by this batch. */
  readonly written: number
  /** Edit-log entry of this batch (null for an empty batch). */
  readonly editId: number | null
}

export interface TraceEdit {
  readonly id: number
  readonly traceId: string
  /** 1-based, per trace. */
  readonly seq: number
  readonly kind: EditKind
  readonly fromFrame: number
  readonly toFrame: number
  readonly params: Readonly<Record<string, unknown>>
  readonly authorType: EditAuthorType
  readonly authorId: string | null
  readonly passId: string | null
  readonly createdAt: string
  readonly undone: boolean
}

export interface EditResult {
  readonly traceId: string
  /** The entry written, undone or redone; null when there was nothing to undo/redo. */
  readonly edit: TraceEdit | null
  /** Undo/redo availability after the operation. */
  readonly canUndo: boolean
  readonly canRedo: boolean
}

export interface SegmentReview {
  readonly traceId: string
  readonly fromFrame: number
  readonly toFrame: number
  readonly status: ReviewStatus
}

/** Which edit last changed each frame's value (null: never changed by a logged edit). */
export interface PointProvenance {
  readonly traceId: string
  readonly fromFrame: number
  readonly editIds: readonly (number | null)[]
}

export interface AnnotatorProgress {
  readonly annotatorId: string
  readonly annotatorName: string
  readonly sessionId: string
  readonly projectId: string | null
  readonly traceId: string | null
  readonly frameCount: number
  readonly valenceRated: number
  readonly arousalRated: number
  readonly passesStarted: number
  readonly passesFinished: number
  readonly framesReviewed: number
}

export interface ImportPreview {
  readonly format: ExchangeFormat
  /** Detected columns (header names, or positional names for header-less formats). */
  readonly columns: readonly string[]
  /** The first rows as text cells. */
  readonly firstRows: readonly (readonly string[])[]
  readonly rowCount: number
  /** Time of the first and last sample (seconds) after the mapping. */
  readonly startS: number
  readonly endS: number
  /** Source rate (Hz) used for the mapping. */
  readonly rateHz: number
  readonly stats: {
    readonly valence: { readonly min: number; readonly max: number; readonly mean: number; readonly missing: number } | null
    readonly arousal: { readonly min: number; readonly max: number; readonly mean: number; readonly missing: number } | null
  }
  /** Frames of the session the samples map onto, and how many got a value. */
  readonly sessionFrames: number
  readonly coveredFrames: number
  readonly warnings: readonly string[]
}

export interface ImportMapping {
  /** Scale of the file's values; mapped onto [-1, 1]. Default: the format's own scale. */
  readonly scale?: '-1,1' | '-10,10' | '0,1'
  /** Source sampling rate (Hz) for formats without times (NOVA, SEWA per-dimension); default the format's. */
  readonly rateHz?: number
  /** Seconds added to every source time (positive = the file starts later in the video). */
  readonly offsetS?: number
  /** Column holding the values for a single-dimension file / which dimension a single column is. */
  readonly column?: string
  /** Dimension of a single-value format (CARMA, NOVA, SEWA per-dimension). Default 'valence'. */
  readonly dimension?: 'valence' | 'arousal'
}

export interface ImportResult {
  readonly traceId: string
  readonly editId: number
  readonly preview: ImportPreview
}

export interface ExportedFile {
  readonly sessionId: string
  readonly traceId: string
  readonly fileName: string
  readonly text: string
  readonly rows: number
  readonly warnings: readonly string[]
}

export type EditDimension = 'valence' | 'arousal' | 'both'

export type SmoothSpec =
  | { readonly method: 'gaussian'; readonly sigma: number }
  | { readonly method: 'moving-average'; readonly window: number }
  | { readonly method: 'exponential'; readonly alpha: number }

export type EditOp =
  | { readonly op: 'accept' }
  | { readonly op: 'reject' }
  | { readonly op: 'redraw'; readonly valence?: readonly (number | null)[]; readonly arousal?: readonly (number | null)[] }
  | { readonly op: 'shift'; readonly frames: number }
  | { readonly op: 'smooth'; readonly smoothing: SmoothSpec }
  | { readonly op: 'replace'; readonly sourceTraceId: string }

/** One review edit of frames [fromFrame, toFrame] of a trace. */
export type EditRequest = EditOp & {
  readonly traceId: string
  readonly fromFrame: number
  readonly toFrame: number
  readonly dimension?: EditDimension
  /** The annotator making the edit (omitted: a system edit, allowed on gold traces only). */
  readonly annotatorId?: string
}

export interface EditHistory {
  readonly edits: readonly TraceEdit[]
  readonly canUndo: boolean
  readonly canRedo: boolean
}

export interface AgreementRequest {
  readonly sessionId?: string
  readonly projectId?: string
  /** Traces to compare (a project groups them by annotator across its sessions). */
  readonly traceIds: readonly string[]
  readonly dimension: 'valence' | 'arousal'
  readonly lagCorrect?: boolean
  /** Largest lag searched when lag-correcting, seconds (default 5). */
  readonly maxLagS?: number
  readonly confidence?: number
}

export interface RaterLag {
  readonly rater: string
  readonly lagFrames: number
  readonly lagS: number
  readonly correlation: number
}

export interface AgreementResult {
  readonly dimension: 'valence' | 'arousal'
  readonly raters: readonly { readonly name: string; readonly traceIds: readonly string[] }[]
  readonly frames: number
  readonly raw: AgreementReport
  readonly lagCorrected: { readonly lags: readonly RaterLag[]; readonly report: AgreementReport } | null
}

export interface FuseRequest {
  readonly traceIds: readonly string[]
  readonly method: 'mean' | 'ewe' | 'dba'
  readonly name?: string
  readonly minRaters?: number
  /** DBA: Sakoe–Chiba band in frames. */
  readonly band?: number
}

export interface FuseResult {
  readonly traceId: string
  /** Per dimension: core/traces FusionRecipe (method, params, weights). */
  readonly recipe: { readonly valence: unknown; readonly arousal: unknown }
}

/** A rating pass with the frames it wrote (from its logged batches). */
export interface PassSummary extends RatingPass {
  /** Frames covered by the pass's batches (null: nothing written yet). */
  readonly fromFrame: number | null
  readonly toFrame: number | null
  /** Batches written (undone batches excluded). */
  readonly batches: number
}

/** The annotator's own annotation trace on a session (created on first use), their passes, and where to resume. */
export interface OwnTrace {
  readonly trace: import('./domain').TraceSummary
  /** Newest first. */
  readonly passes: readonly PassSummary[]
  /** The frame after the last frame the newest pass wrote (where rating resumes after a restart); null: none. */
  readonly resumeFrame: number | null
}
