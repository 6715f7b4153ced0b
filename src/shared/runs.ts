/** The run registry (Train page): model runs with their per-epoch curves, as plain JSON-safe data. */

export type RunState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled'

export interface RunSummary {
  readonly id: string
  readonly model: string
  readonly preset: string
  readonly fold: string | null
  readonly status: RunState
  readonly backend: string | null
  readonly dataHash: string
  readonly createdAt: string
  readonly startedAt: string | null
  readonly finishedAt: string | null
  readonly wallS: number | null
  readonly error: string | null
  /** Epochs with a validation record, and the best validation mean CCC with its epoch (null: none yet). */
  readonly epochs: number
  readonly best: { readonly epoch: number; readonly cccMean: number } | null
  /** Prediction traces made from this run. */
  readonly predictions: number
  /** The registered dataset it trained on (null: a folder given on the command line, or an older run). */
  readonly datasetId: string | null
  /** Why a run that did not finish stopped: paused by the user (resumable), cancelled, or the engine crashed. */
  readonly stopReason: 'paused' | 'cancelled' | 'crashed' | null
  readonly codeVersion: string | null
  readonly epochsPlanned: number | null
  readonly tags: readonly string[]
}

/** A test row's per-subject metrics are stored as `subject:<subject id>:<metric>` (e.g. subject:S05:ccc_v). */
export const SUBJECT_METRIC_PREFIX = 'subject:'

export interface RunEpochPoint {
  readonly epoch: number
  readonly split: 'train' | 'val' | 'test'
  readonly metrics: Readonly<Record<string, number | null>>
  readonly losses: Readonly<Record<string, number>>
  readonly wallS: number | null
}

export interface RunDetail {
  readonly run: RunSummary
  readonly config: unknown
  readonly epochs: readonly RunEpochPoint[]
  readonly checkpoints: readonly { readonly epoch: number; readonly path: string; readonly isBest: boolean }[]
}
