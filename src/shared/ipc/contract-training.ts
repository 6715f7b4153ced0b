/**
 * IPC channels of the training part of the Train/Compare pages (issue #10), merged into the one contract
 * (contract.ts: InvokeMap extends TrainingInvokeMap; INVOKE_CHANNELS spreads TRAINING_CHANNELS).
 * Channel names are `domain:verb`; argument and result types are plain JSON-safe data.
 */
import type { JobInfo } from '../domain'
import type { RunSummary } from '../runs'
import type { FamilyCheck, RunJob, RunSamples, Stage1Choice, TrainFamily, TrainingOptions, TrainStartRequest } from '../training'

export interface TrainingInvokeMap {
  /** Model families, presets and hyper-parameters (defaults + limits), epochs, and the backend training would use. */
  'training:options': { args: Record<string, never>; result: TrainingOptions }
  /** Starts a run on a registered dataset's fold (the same settings again continue the same run); queued behind a running job. */
  'training:start': { args: TrainStartRequest; result: { job: JobInfo; run: RunSummary } }
  /** Finished ANCLaF stage-1 runs on a registered dataset (image / spectrogram input) that sequence models, the AP and MTL can read. */
  'training:stage1Runs': { args: { datasetId: string }; result: Stage1Choice[] }
  /** Whether a family can train on a registered dataset (MTL: its ABAW AU / expression labels), with the fix when not. */
  'training:check': { args: { family: TrainFamily; datasetId: string }; result: FamilyCheck }
  /** The run's latest training job in this app, with its phase (null: none here). */
  'training:job': { args: { runId: string }; result: RunJob | null }
  /** Stops the run's job, keeping its checkpoints (status 'cancelled', stop reason 'paused'); resolves once stopped. */
  'runs:pause': { args: { runId: string }; result: RunSummary }
  /** Starts a paused, cancelled or crashed run again from its last checkpoint (checks the data hash first); AP / MTL runs train again from the start. */
  'runs:resume': { args: { runId: string }; result: { job: JobInfo; run: RunSummary } }
  /** Stops the run's job for good (stop reason 'cancelled'); gives up a paused or crashed run. */
  'runs:cancel': { args: { runId: string }; result: RunSummary }
  /** Sample reconstructions (clean / degraded / generated) of an epoch, default the latest. */
  'runs:samples': { args: { runId: string; epoch?: number }; result: RunSamples }
}

export const TRAINING_CHANNELS = [
  'training:options',
  'training:start',
  'training:stage1Runs',
  'training:check',
  'training:job',
  'runs:pause',
  'runs:resume',
  'runs:cancel',
  'runs:samples'
] as const satisfies readonly (keyof TrainingInvokeMap)[]
