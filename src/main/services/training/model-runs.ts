/**
 * AP and MTL runs from the app (training:start family 'ap' | 'mtl'): starts them through their own services
 * (services/ap/ap-service.ts, services/mtl/mtl-service.ts) and adds what the app's other families have — the registry
 * fields (dataset, code version, epochs planned, why it stopped), the job ↔ run table for cancel, the owner file for
 * crash recovery, and the request in the run folder (request.json, kind 'ap' | 'mtl').
 *
 * Neither trainer resumes from a checkpoint (a re-run trains again from the start: ap-service / mtl-train-job), so
 * these runs are not paused; "resume" of a stopped one trains it again from the start with the stored request.
 * MTL needs the ABAW AU / expression label files in the dataset folder: `abawProblem` says what is missing and how
 * to add them.
 */
import { existsSync } from 'node:fs'
import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import type { SplitFold } from '../../../core/folds'
import { getRun, setRunRegistryFields, type RunRow } from '../../db/queries/runs'
import { listClips, type LabelFormat } from '../../engine/data/dataset-dir'
import type { ApConfig } from '../../engine/models/ap/config'
import type { MtlConfig } from '../../engine/models/mtl/config'
import type { AppContext } from '../app-context'
import { apTrainingService, isApRun } from '../ap/ap-service'
import { clipLabelFiles } from '../mtl/mtl-data'
import { isMtlRun, mtlTrainingService } from '../mtl/mtl-service'
import { mtlEpochsPlanned } from '../mtl/mtl-params'
import { clearOwner, registerRunJob, writeOwner } from './run-jobs'
import { readRunRequest, writeRunRequest } from './run-request'

interface Common {
  readonly dataDir: string
  readonly format: LabelFormat
  readonly fold: SplitFold
  /** The ANCLaF stage-1 image run whose features the model reads. */
  readonly backbone: string
}

export type ModelRunRequest = Common & ({ readonly kind: 'ap'; readonly config: ApConfig } | { readonly kind: 'mtl'; readonly config: MtlConfig })

/** What it takes to train an AP / MTL run again, kept in its folder as request.json. */
export type StoredModelRequest = ModelRunRequest & {
  readonly version: 1
  /** The dataset folder's hash as the app registers it (format-specific), when the run started. */
  readonly dataHash: string
  readonly datasetId: string | null
}

/** Runs whose trainer restarts instead of resuming (pause is not offered for them). */
export function isRestartingRun(run: Pick<RunRow, 'model'>): boolean {
  return isApRun(run) || isMtlRun(run)
}

export function readModelRequest(runDir: string): StoredModelRequest | null {
  return readRunRequest<StoredModelRequest>(runDir, (r) => r.version === 1 && (r.kind === 'ap' || r.kind === 'mtl') && typeof r.dataDir === 'string' && typeof r.backbone === 'string' && r.config?.model === r.kind)
}

function writeModelRequest(runDir: string, r: StoredModelRequest): void {
  writeRunRequest(runDir, r)
}

/** Why the multi-task model cannot train on a dataset folder (no ABAW AU / EXPR labels), or null. */
export function abawProblem(dataDir: string): string | null {
  const clips = listClips(dataDir)
  const labelled = clips.filter((c) => {
    const f = clipLabelFiles(dataDir, c)
    return existsSync(f.au) || existsSync(f.expr)
  })
  if (clips.length > 0 && labelled.length > 0) return null
  return (
    `the dataset folder ${dataDir} has no ABAW AU / expression labels (abaw/AU/<clip>.txt, abaw/EXPR/<clip>.txt), which the multi-task model trains on. ` +
    `A synthetic dataset made before they existed gets them with: circumplex synth --add-abaw --out ${dataDir} (then register it again)`
  )
}

export type ModelRunDone = (run: RunRow, end: JobInfo) => void

/** Starts an AP / MTL run as a job with the registry fields, the job table entry, the owner file and request.json. */
export function startModelRun(ctx: AppContext, req: ModelRunRequest, dataHash: string, datasetId: string | null, onDone?: ModelRunDone): { job: JobInfo; run: RunRow } {
  const finish = (stored: RunRow, end: JobInfo) => {
    const crashed = end.state === 'failed' && ctx.jobs.crashed(end.id)
    setRunRegistryFields(ctx.db, stored.id, { stopReason: end.state === 'cancelled' ? 'cancelled' : crashed ? 'crashed' : null })
    if (stored.runDir) clearOwner(stored.runDir)
    onDone?.(getRun(ctx.db, stored.id) ?? stored, end)
  }
  if (req.kind === 'mtl') {
    const problem = abawProblem(req.dataDir)
    if (problem) throw new AppError('INVALID_ARGUMENT', problem)
  }
  const { job, run } =
    req.kind === 'ap'
      ? apTrainingService(ctx).start({ config: req.config, dataDir: req.dataDir, format: req.format, fold: req.fold, backbone: req.backbone }, (r, end) => finish(r, end))
      : mtlTrainingService(ctx).start({ config: req.config, dataDir: req.dataDir, fold: req.fold, stage1: req.backbone }, (r, end) => finish(r, end))
  registerRunJob(ctx, run.id, job.id)
  const epochsPlanned = req.kind === 'ap' ? req.config.epochs : mtlEpochsPlanned(req.config)
  setRunRegistryFields(ctx.db, run.id, { datasetId, codeVersion: ctx.version, epochsPlanned, stopReason: null })
  if (run.runDir) {
    writeOwner(run.runDir)
    writeModelRequest(run.runDir, { ...req, version: 1, dataHash, datasetId })
  }
  return { job, run: getRun(ctx.db, run.id) ?? run }
}
