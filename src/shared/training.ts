/**
 * Training from the app (issue #10): what the New-run form can choose (families, presets, hyper-parameters with
 * their defaults and limits), the backend training would use, a start request, and the sample reconstructions a
 * run writes every epoch. Plain JSON-safe data shared by main and renderer.
 */

/** Model families the app can train (ap: Affective Processes, mtl: the multi-task AU / expression / V-A model, aeg-cd-sz: P002's AEG-CD-SZ). */
export type TrainFamily = 'anclaf' | 'sequence' | 'ap' | 'mtl' | 'aeg-cd-sz'

/** Families whose trainer does not resume from a checkpoint: pause is not offered, resume trains them again from the start. */
export const RESTARTING_MODELS: readonly string[] = ['ap', 'mtl']

/** Which stage-1 latents a sequence model reads. */
export type Stage1Modality = 'image' | 'audio'

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
  readonly group: 'data' | 'model' | 'optimiser' | 'loss' | 'degradation'
  /** The `circumplex train` flag that sets it (booleans: `--no-<flag>` turns it off). */
  readonly cliFlag: string
}

export interface PresetOptions {
  readonly id: string
  readonly label: string
  readonly description: string
  readonly params: readonly ParamSpec[]
  /** Sequence models: the curriculum of window lengths (null for other families). */
  readonly curriculum: CurriculumSpec | null
  /** Sequence models: the stage-1 runs they read latents from (image = face crops, audio = spectrogram windows). */
  readonly stage1: readonly Stage1Modality[]
}

/** A curriculum of window lengths: its default and limits (the model's validation: ≥ minWindow, increasing). */
export interface CurriculumSpec {
  readonly default: readonly number[]
  /** The variant's default epochs per stage. */
  readonly epochsPerStage: number
  readonly minWindow: number
  /** App limits (not the model's): the longest window and the most stages the form accepts. */
  readonly maxWindow: number
  readonly maxStages: number
  /** Each stage's name for a curriculum, e.g. "Vi-DeS-2"; attention-after-S models add the SA stages. */
  readonly attentionAfter: boolean
  readonly label: string
}

/** Limits of a curriculum request (the IPC schema and the form share these). */
export const CURRICULUM_LIMITS = { maxWindow: 1024, maxStages: 10 } as const

/** A finished ANCLaF stage-1 run a sequence model can read latents from. */
export interface Stage1Choice {
  readonly runId: string
  readonly modality: Stage1Modality
  readonly fold: string | null
  readonly preset: string
  /** Validation CCC mean of its best epoch (null: none recorded). */
  readonly valCcc: number | null
  readonly finishedAt: string | null
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
  /** ANCLaF and AP: epochs; sequence models: epochs per curriculum stage; MTL: epochs per task. */
  readonly epochs: number
  /** Hyper-parameters by ParamSpec key; absent = the preset's default. */
  readonly params: Readonly<Record<string, ParamValue>>
  /** Sequence models: window lengths of the curriculum (absent = the variant's default). */
  readonly curriculum?: readonly number[]
  /** Sequence models: the stage-1 run ids per modality the variant reads; AP and MTL: `image` = the backbone run. */
  readonly stage1?: Readonly<Partial<Record<Stage1Modality, string>>>
}

/** Whether a family can train on a dataset (training:check); `problem` says why not and how to fix it. */
export interface FamilyCheck {
  readonly ok: boolean
  readonly problem: string | null
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
