/**
 * Apply a run to sessions, and complete a session from its annotated part (issue #10), as plain JSON-safe data.
 */
import type { JobInfo } from './domain'

/** How a session is completed; 'ridge-ensemble' is the one method so far (see engine/models/completion). */
export type CompletionMethod = 'ridge-ensemble'
export const COMPLETION_METHODS: readonly CompletionMethod[] = ['ridge-ensemble']
export const DEFAULT_ENSEMBLE_SIZE = 5
export const MAX_ENSEMBLE_SIZE = 20
/** Most sessions one 'Apply' batch takes. */
export const MAX_APPLY_SESSIONS = 500

export interface CompletionRequestOptions {
  /** Ensemble members (default 5; 1 gives no confidence band). */
  readonly ensemble?: number
  readonly method?: CompletionMethod
}

/** How well a proposal matches a reference trace (gold or synthetic ground truth) on the proposed frames. */
export interface ProposalCheck {
  readonly traceId: string
  readonly name: string
  /** Frames compared (proposed frames where the reference has a value). */
  readonly frames: number
  /** Lin's CCC per dimension; null where a dimension was not proposed or has < 2 frames. */
  readonly cccValence: number | null
  readonly cccArousal: number | null
}

/** A stored completion proposal: a prediction trace (source model_run, no run) with meta.proposal = true. */
export interface ProposalSummary {
  readonly traceId: string
  readonly sessionId: string
  readonly name: string
  readonly createdAt: string
  /** The annotation it was learned from. */
  readonly fromTraceId: string
  readonly fromName: string
  readonly annotatedFrames: number
  readonly proposedFrames: { readonly valence: number; readonly arousal: number }
  readonly method: CompletionMethod
  readonly ensemble: number
  readonly featureGroups: readonly string[]
  /** Job that made it (to find the proposal a finished job stored). */
  readonly jobId: string | null
  /** Against the session's gold / synthetic trace when there is one, else null. */
  readonly check: ProposalCheck | null
}

export type ApplyKind = 'stage1' | 'sequence' | 'ap' | 'mtl' | 'aeg'

/** One session of an apply batch and the job that predicts it. */
export interface ApplyItem {
  readonly sessionId: string
  readonly sessionName: string
  readonly job: JobInfo
}

export interface ApplyBatch {
  readonly runId: string
  /** Which inference path: ANCLaF stage 1, a sequence model, Affective Processes or the multi-task model. */
  readonly kind: ApplyKind
  readonly items: readonly ApplyItem[]
}
