/**
 * Training from the app (issue #10): what the New-run form can choose (families, presets, hyper-parameters with
 * their defaults and limits), the backend training would use, a start request, and the sample reconstructions a
 * run writes every epoch. Plain JSON-safe data shared by main and renderer.
 */

/** Model families the app can train. */
export type TrainFamily = 'anclaf'

/** A value a hyper-parameter can take. */
export type ParamValue = number | boolean | string

/** One hyper-parameter of the form, with its default for the preset and the limits of the model's validation. */
export interface ParamSpec {
  /** Key in `TrainStartRequest.params`. */
  readonly key: string
  readonly label: string
  readonly kind: 'int' | 'number' | 'boolean' | 'choice'
  readonly default: ParamValue
  /** Numeric limits found by asking the config's validate function (null: no limit there). */
  readonly min: number | null
  readonly max: number | null
  /** The bound itself is refused (e.g. the learning rate must be > 0 and < 1). */
  readonly minExclusive: boolean
  readonly maxExclusive: boolean
  readonly choices: readonly { readonly value: string; readonly label: string }[]
  readonly help: string
  readonly group: 'data' | 'optimiser' | 'loss' | 'degradation'
  /** The `circumplex train` flag that sets it (booleans: `--no-<flag>` turns it off). */
  readonly cliFlag: string
}

export interface PresetOptions {
  readonly id: string
  readonly label: string
  readonly description: string
  readonly params: readonly ParamSpec[]
}

export interface FamilyOptions {
  readonly id: string
  readonly label: string
  readonly description: string
  /** Trainable from the form here; otherwise `reason` says why (and the CLI way when there is one). */
  readonly available: boolean
  readonly reason: string | null
  readonly presets: readonly PresetOptions[]
}

export type BackendKind = 'gpu' | 'cpu' | 'wasm'

export interface TrainingBackend {
  /** The tfjs backend a training job would use (engine/backend.ts names). */
  readonly name: 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu'
  readonly kind: BackendKind
  readonly reason: string
  /** A faster backend that could be installed, and how; null when the fastest one is in use. */
  readonly hint: string | null
  /** Native backend packages and whether they are installed. */
  readonly packages: readonly { readonly name: string; readonly installed: boolean }[]
}

export interface TrainingOptions {
  readonly families: readonly FamilyOptions[]
  readonly epochs: { readonly min: number; readonly max: number; readonly default: number }
  readonly backend: TrainingBackend
}

/** Epochs a run may ask for (the form, the IPC schema and the CLI share these). */
export const EPOCH_LIMITS = { min: 1, max: 10000 } as const

export interface TrainStartRequest {
  readonly family: TrainFamily
  readonly preset: string
  readonly datasetId: string
  /** Fold name of the dataset's split. */
  readonly fold: string
  readonly epochs: number
  /** Hyper-parameters by ParamSpec key; absent = the preset's default. */
  readonly params: Readonly<Record<string, ParamValue>>
}

/** A few fixed validation frames of one epoch: clean, degraded (the model's input) and G(degraded). */
export interface SampleFrame {
  /** Index in the validation split. */
  readonly index: number
  readonly valence: number
  readonly arousal: number
  /** The degradation applied to make the input (null: left clean). */
  readonly degradation: string | null
  /** PNG data URLs. */
  readonly clean: string
  readonly degraded: string
  readonly generated: string
}

export interface RunSamples {
  readonly runId: string
  /** The epoch shown (null: no epoch has written samples yet). */
  readonly epoch: number | null
  /** Every epoch with samples, ascending. */
  readonly epochs: readonly number[]
  readonly size: number
  readonly frames: readonly SampleFrame[]
}

/** The training job of a run in this app process (null when it trains nowhere here). */
export interface RunJob {
  readonly runId: string
  readonly jobId: string
  readonly state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled'
  /** 'loading' (clips), 'training' (steps over all epochs), 'testing'; null before the first report. */
  readonly phase: string | null
  readonly done: number
  readonly total: number
  readonly etaS: number | null
}
