/**
 * Training from the app: start a run on a registered dataset and fold, pause (stop, keep the checkpoints, resumable),
 * resume (the same request again: the same run id continues from its last checkpoint, also after an app restart —
 * the request is in the run folder), cancel, the run's job with its phase, and the sample reconstructions.
 *
 * The data hash is checked before a job starts, streamed off the event loop: at start against the hash the dataset
 * was registered with, at resume against the hash the run trained on. A mismatch is a CONFLICT that names both
 * hashes and changes nothing (the run and its checkpoints stay as they are).
 */
import { existsSync } from 'node:fs'
import type { JobInfo } from '../../../shared/domain'
import type { DatasetFormat } from '../../../shared/datasets'
import { AppError } from '../../../shared/ipc/errors'
import type { RunSummary } from '../../../shared/runs'
import type { FamilyCheck, RunJob, RunSamples, Stage1Choice, Stage1Modality, TrainFamily, TrainStartRequest } from '../../../shared/training'
import { getDataset } from '../../db/queries/datasets'
import { getRun, listRuns, setRunRegistryFields, setRunStatus, type RunRow } from '../../db/queries/runs'
import { LABEL_RANGE, LABEL_FORMATS, listClips, type LabelFormat } from '../../engine/data/dataset-dir'
import { readSampleFile, sampleEpochs } from '../../engine/train/samples'
import type { AppContext } from '../app-context'
import { datasetHashStreamed } from '../datasets/dataset-hash'
import { datasetsService } from '../datasets/datasets-service'
import { runsService } from '../runs/runs-service'
import { stage1Input, type AnclafConfig } from '../../engine/models/anclaf/config'
import type { SequenceConfig } from '../../engine/models/sequence/config'
import { anclafConfigFromParams } from './anclaf-params'
import { apConfigFromParams } from '../ap/ap-params'
import { mtlConfigFromParams } from '../mtl/mtl-params'
import { aegConfigFromParams } from '../aeg/aeg-params'
import { aegTrainingService, isAegRun, lastAegEpoch, readAegRequest, syncAegRun, type AegTrainRequest } from '../aeg/aeg-service'
import type { AegTrainJobResult } from '../aeg/aeg-train-job'
import { abawProblem, isRestartingRun, readModelRequest, startModelRun, type ModelRunDone, type ModelRunRequest } from './model-runs'
import { sequenceConfigFromParams } from './sequence-params'
import { finishedStageCount, isSequenceRun, readSequenceRequest, sequenceTrainingService, type SequenceTrainRequest } from './sequence-service'
import type { SequenceTrainJobResult } from './sequence-train-job'
import { activeRunJob, ownerAlive, readOwner, runJobId, setStopIntent } from './run-jobs'
import type { TrainJobResult } from './train-job'
import { lastSavedEpoch, readStoredRequest, syncRunFromDisk, trainingService, type StoredTrainRequest, type TrainRequest } from './training-service'

/** Called when a run's job has ended and the store has it (for a caller that waits, e.g. the CLI). */
export type RunDone = (run: RunRow, end: JobInfo, result: TrainJobResult | null) => void

/** The same for an AEG-CD-SZ run. */
export type AegDone = (run: RunRow, end: JobInfo, result: AegTrainJobResult | null) => void

/** The same for a sequence run. */
export type SequenceDone = (run: RunRow, end: JobInfo, result: SequenceTrainJobResult | null) => void

const short = (h: string): string => `${h.slice(0, 12)}…`

/** The stage-1 run ids a sequence config reads (one per modality; extra ones refused). */
function stage1Of(config: SequenceConfig, given: Readonly<Partial<Record<Stage1Modality, string>>>): Partial<Record<Stage1Modality, string>> {
  for (const m of Object.keys(given) as Stage1Modality[]) {
    if (!config.modalities.includes(m)) throw new AppError('INVALID_ARGUMENT', `stage1.${m}: ${config.variant} does not read ${m} latents (it reads ${config.modalities.join(' + ')})`)
  }
  const out: Partial<Record<Stage1Modality, string>> = {}
  for (const m of config.modalities) {
    const id = given[m]
    if (!id) throw new AppError('INVALID_ARGUMENT', `stage1.${m}: ${config.variant} reads ${m === 'image' ? 'face' : 'audio'} latents: choose a finished stage-1 run trained on ${m === 'image' ? 'face crops' : 'spectrogram windows'} (train a stage-1 run first)`)
    out[m] = id
  }
  return out
}

function requireRun(ctx: AppContext, runId: string): RunRow {
  const run = getRun(ctx.db, runId)
  if (!run) throw new AppError('NOT_FOUND', `no run ${runId}`)
  return run
}

function summary(ctx: AppContext, runId: string): RunSummary {
  return runsService(ctx).get(runId).run
}

async function folderHash(dir: string, format: LabelFormat): Promise<string> {
  try {
    return await datasetHashStreamed(listClips(dir), format as DatasetFormat)
  } catch (e) {
    if (e instanceof AppError && e.code !== 'INTERNAL') throw new AppError(e.code, `the dataset folder ${dir} cannot be read: ${e.message}`)
    throw new AppError('NOT_FOUND', `the dataset folder ${dir} cannot be read: ${(e as Error).message}`)
  }
}

/** The CONFLICT of a registered dataset whose folder no longer has the content it was registered with. */
export function datasetChanged(name: string, registered: string, now: string): AppError {
  return new AppError(
    'CONFLICT',
    `dataset ${name} changed on disk since it was registered: registered data hash ${short(registered)}, the folder now hashes to ${short(now)}. ` +
      'Check it on the Datasets tab and register it again to train on the new content'
  )
}

function notTrainingHere(ctx: AppContext, run: RunRow, verb: string): AppError {
  if (run.status === 'running' || run.status === 'queued') {
    const owner = run.runDir ? readOwner(run.runDir) : null
    const where = owner && owner.pid !== process.pid ? ` by process ${owner.pid} on ${owner.host}` : ' by another process'
    return new AppError('CONFLICT', `run ${run.id} is being trained${where}, not by this app: ${verb} it there (Ctrl+C stops circumplex train, keeping the last checkpoint)`)
  }
  const why = run.stopReason ? ` (${run.stopReason})` : ''
  return new AppError('CONFLICT', `run ${run.id} is not training: it is ${run.status}${why}`)
}

/**
 * After a job: the job trained on the data as loaded at its start; if the folder has changed since, the run's
 * record says so (its error, whatever the status) — resuming it will be refused with both hashes.
 */
export async function reportChangedData(ctx: AppContext, runId: string, dir: string, format: LabelFormat, dataHash: string): Promise<boolean> {
  let now: string
  try {
    now = await folderHash(dir, format)
  } catch {
    now = 'unreadable'
  }
  if (now === dataHash) return false
  const run = getRun(ctx.db, runId)
  // A newer job of the run (resumed meanwhile) owns the record now.
  if (!run || activeRunJob(ctx, runId)) return false
  const note =
    now === 'unreadable'
      ? `the dataset folder ${dir} could not be read after training`
      : `the dataset folder changed during training: the run trained on data hash ${short(dataHash)} as loaded at its start, the folder now hashes to ${short(now)}`
  setRunStatus(ctx.db, runId, { status: run.status, error: run.error ? `${run.error} · ${note}` : note })
  return true
}

export function runControl(ctx: AppContext) {
  const training = trainingService(ctx)
  const sequence = sequenceTrainingService(ctx)

  /** Calls `onDone`, then records in the run whether its data folder changed during training. */
  const reportingDone =
    <R>(req: { dataDir: string; format: TrainRequest['format'] }, dataHash: string, onDone?: (run: RunRow, end: JobInfo, result: R | null) => void) =>
    (stored: RunRow, end: JobInfo, result: R | null): void => {
      onDone?.(stored, end, result)
      // After an app shutdown the store may be closed by the time the hash is known: nothing to report then.
      reportChangedData(ctx, stored.id, req.dataDir, req.format, dataHash).catch(() => undefined)
    }

  const launch = (req: TrainRequest, dataHash: string, datasetId: string | null, onDone?: RunDone): { job: JobInfo; run: RunSummary } => {
    const { job, run } = training.start(req, reportingDone(req, dataHash, onDone), { dataHash, datasetId })
    return { job, run: summary(ctx, run.id) }
  }

  const launchSequence = (req: SequenceTrainRequest, dataHash: string, datasetId: string | null, onDone?: SequenceDone): { job: JobInfo; run: RunSummary } => {
    const { job, run } = sequence.start(req, reportingDone(req, dataHash, onDone), { dataHash, datasetId })
    return { job, run: summary(ctx, run.id) }
  }

  const launchAeg = (req: AegTrainRequest, dataHash: string, datasetId: string | null, onDone?: AegDone): { job: JobInfo; run: RunSummary } => {
    const { job, run } = aegTrainingService(ctx).start(req, reportingDone(req, dataHash, onDone), { dataHash, datasetId })
    return { job, run: summary(ctx, run.id) }
  }

  /** Stops the run's job and waits until the run records why (pause: resumable). */
  const stop = async (runId: string, intent: 'paused' | 'cancelled'): Promise<RunSummary> => {
    const run = requireRun(ctx, runId)
    if (intent === 'paused' && isRestartingRun(run)) {
      throw new AppError('CONFLICT', `run ${runId} (${run.model.toUpperCase()}) cannot be paused: this model restarts when resumed (its trainer keeps no resumable checkpoint). Cancel it instead; Resume trains it again from the start`)
    }
    const jobId = activeRunJob(ctx, runId)
    if (!jobId) {
      // Cancelling a paused or crashed run gives it up (it stays in the registry with its checkpoints).
      const resumable = run.status === 'failed' || (run.status === 'cancelled' && run.stopReason === 'paused')
      if (intent === 'cancelled' && resumable) {
        setRunRegistryFields(ctx.db, runId, { stopReason: 'cancelled' })
        if (run.status === 'failed') setRunStatus(ctx.db, runId, { status: 'cancelled', error: run.error })
        return summary(ctx, runId)
      }
      throw notTrainingHere(ctx, run, intent === 'paused' ? 'pause' : 'cancel')
    }
    setStopIntent(ctx, runId, intent)
    ctx.jobs.cancel(jobId)
    await ctx.jobs.wait(jobId)
    return summary(ctx, runId)
  }

  /**
   * Before a run trains again on the folder its request names: the registration (when there still is one) and the
   * folder must still hold the data the run trained on, else a CONFLICT naming both hashes (NOT_FOUND: folder gone).
   * `kept` names what stays ("checkpoints", "stage checkpoints"), `keptNow` the same with where it stands.
   */
  const dataStillThere = async (run: RunRow, req: { readonly dataDir: string; readonly format: LabelFormat; readonly datasetId: string | null }, kept: string, keptNow: string) => {
    // The registration may have been removed since (the run keeps training on the folder it names).
    const ds = req.datasetId ? getDataset(ctx.db, req.datasetId) : null
    if (ds && ds.dataHash !== run.dataHash) {
      throw new AppError(
        'CONFLICT',
        `dataset ${ds.name} was registered again with other content: run ${run.id} trained on data hash ${short(run.dataHash)}, the dataset is now ${short(ds.dataHash)}. The run and its ${kept} are kept; start a new run to train on the new content`
      )
    }
    if (!existsSync(req.dataDir)) throw new AppError('NOT_FOUND', `the dataset folder ${req.dataDir} of run ${run.id} is gone (moved or deleted)`)
    const now = await folderHash(req.dataDir, req.format)
    if (now !== run.dataHash) {
      throw new AppError(
        'CONFLICT',
        `the dataset folder ${req.dataDir} changed since run ${run.id} started: the run trained on data hash ${short(run.dataHash)}, the folder now hashes to ${short(now)}. ` +
          `The run and its ${keptNow} are kept; to train on the new content, register the dataset again and start a new run`
      )
    }
    return { now, datasetId: ds ? ds.id : null }
  }

  /** A sequence run again with its stored request: its finished stages are kept (per-stage resume). */
  const resumeSequence = async (run: RunRow, onDone?: SequenceDone): Promise<{ job: JobInfo; run: RunSummary }> => {
    const req = run.runDir ? readSequenceRequest(run.runDir) : null
    if (!req) throw new AppError('NOT_FOUND', `run ${run.id} cannot be resumed from the app: its folder has no request.json (run the circumplex train command that started it again: it resumes after the finished stages)`)
    if (run.status === 'done') throw new AppError('CONFLICT', `run ${run.id} has finished all the stages of its curriculum`)
    const { now, datasetId } = await dataStillThere(run, req, 'stage checkpoints', `${finishedStageCount(run.runDir)} finished stage(s)`)
    const out = launchSequence({ config: req.config, dataDir: req.dataDir, format: req.format, fold: req.fold, stage1: req.stage1 }, now, datasetId, onDone)
    if (out.run.id !== run.id) {
      throw new AppError('CONFLICT', `resuming ${run.id} made run ${out.run.id}: a stage-1 run it reads was retrained since (other weights make another run); ${out.run.id} trains from the first stage`)
    }
    return out
  }

  /** An AEG-CD-SZ run again with its stored request: it continues from its last checkpoint. */
  const resumeAeg = async (run: RunRow, onDone?: AegDone): Promise<{ job: JobInfo; run: RunSummary }> => {
    const req = run.runDir ? readAegRequest(run.runDir) : null
    if (!req) throw new AppError('NOT_FOUND', `run ${run.id} cannot be resumed from the app: its folder has no request.json (run the circumplex train command that started it again: it resumes)`)
    const { now, datasetId } = await dataStillThere(run, req, 'checkpoints', `checkpoints (epoch ${lastAegEpoch(run.runDir)})`)
    const out = launchAeg({ config: req.config, dataDir: req.dataDir, format: req.format, fold: req.fold }, now, datasetId, onDone)
    if (out.run.id !== run.id) throw new AppError('INTERNAL', `resuming ${run.id} made run ${out.run.id}: the run id scheme changed`)
    return out
  }

  /** An AP / MTL run again with its stored request: these trainers do not resume, so it trains from the start. */
  const restartModel = async (run: RunRow, onDone?: ModelRunDone): Promise<{ job: JobInfo; run: RunSummary }> => {
    const req = run.runDir ? readModelRequest(run.runDir) : null
    if (!req) throw new AppError('NOT_FOUND', `run ${run.id} cannot be trained again from the app: its folder has no request.json (run the circumplex train command that started it again)`)
    if (!existsSync(req.dataDir)) throw new AppError('NOT_FOUND', `the dataset folder ${req.dataDir} of run ${run.id} is gone (moved or deleted)`)
    const now = await folderHash(req.dataDir, req.format)
    if (now !== req.dataHash) {
      throw new AppError(
        'CONFLICT',
        `the dataset folder ${req.dataDir} changed since run ${run.id} started: it hashed to ${short(req.dataHash)}, now ${short(now)}. The run is kept; to train on the new content, register the dataset again and start a new run`
      )
    }
    const { version: _v, dataHash: _h, datasetId, ...r } = req
    const out = startModelRun(ctx, r as ModelRunRequest, now, datasetId, onDone)
    if (out.run.id !== run.id) throw new AppError('CONFLICT', `training ${run.id} again made run ${out.run.id}: its backbone run was retrained since (other weights make another run)`)
    return { job: out.job, run: summary(ctx, out.run.id) }
  }

  return {
    /** Whether a family can train on a dataset (MTL: the ABAW labels); the problem names the fix. */
    check(family: TrainFamily, datasetId: string): FamilyCheck {
      const ds = getDataset(ctx.db, datasetId)
      if (!ds) throw new AppError('NOT_FOUND', `no dataset ${datasetId}`)
      if (family !== 'mtl') return { ok: true, problem: null }
      if (!existsSync(ds.path)) return { ok: false, problem: `the dataset folder ${ds.path} is gone (moved or deleted)` }
      const problem = abawProblem(ds.path)
      return { ok: problem === null, problem }
    },

    /** A new run (or the same settings again: the same run, continued) on a registered dataset's fold. */
    async start(r: TrainStartRequest): Promise<{ job: JobInfo; run: RunSummary }> {
      const ds = getDataset(ctx.db, r.datasetId)
      if (!ds) throw new AppError('NOT_FOUND', `no dataset ${r.datasetId}`)
      if (!(LABEL_FORMATS as readonly string[]).includes(ds.format)) throw new AppError('INVALID_ARGUMENT', `dataset ${ds.name} has the format '${ds.format}', which training does not read`)
      const format = ds.format as LabelFormat
      const detail = datasetsService(ctx).get(ds.id)
      const fold = detail.folds.folds.find((f) => f.name === r.fold)
      if (!fold) {
        const names = detail.folds.folds.map((f) => f.name)
        throw new AppError('INVALID_ARGUMENT', `dataset ${ds.name} has no fold '${r.fold}' (${names.length ? `folds: ${names.join(', ')}` : 'it has no folds yet: make them on the Datasets tab'})`)
      }
      if (fold.val.length === 0) throw new AppError('INVALID_ARGUMENT', `fold '${fold.name}' has no validation subjects: checkpoints are selected on validation only`)
      if (r.family === 'sequence') {
        const config = sequenceConfigFromParams(r.preset, r.params, r.curriculum, LABEL_RANGE[format], r.epochs)
        const stage1 = stage1Of(config, r.stage1 ?? {})
        if (!existsSync(ds.path)) throw new AppError('NOT_FOUND', `the dataset folder ${ds.path} is gone (moved or deleted)`)
        const now = await folderHash(ds.path, format)
        if (now !== ds.dataHash) throw datasetChanged(ds.name, ds.dataHash, now)
        const req: SequenceTrainRequest = { config, dataDir: ds.path, format, fold: { name: fold.name, train: fold.train, val: fold.val, test: fold.test }, stage1 }
        return launchSequence(req, now, ds.id)
      }
      if (r.family === 'aeg-cd-sz') {
        if (r.curriculum !== undefined || r.stage1 !== undefined) throw new AppError('INVALID_ARGUMENT', 'curriculum and stage1 are not settings of AEG-CD-SZ (it trains on the face crops and audio of the dataset itself)')
        if (r.preset !== 'compact' && r.preset !== 'thesis') throw new AppError('INVALID_ARGUMENT', `preset: AEG-CD-SZ has the presets 'compact' and 'thesis', got '${r.preset}'`)
        const config = aegConfigFromParams(r.preset, r.params, LABEL_RANGE[format], r.epochs)
        if (!existsSync(ds.path)) throw new AppError('NOT_FOUND', `the dataset folder ${ds.path} is gone (moved or deleted)`)
        const now = await folderHash(ds.path, format)
        if (now !== ds.dataHash) throw datasetChanged(ds.name, ds.dataHash, now)
        return launchAeg({ config, dataDir: ds.path, format, fold: { name: fold.name, train: fold.train, val: fold.val, test: fold.test } }, now, ds.id)
      }
      if (r.family === 'ap' || r.family === 'mtl') {
        if (r.curriculum !== undefined) throw new AppError('INVALID_ARGUMENT', 'curriculum is for sequence models only')
        if (r.stage1?.audio !== undefined) throw new AppError('INVALID_ARGUMENT', `stage1.audio: the ${r.family.toUpperCase()} reads one image backbone (stage1.image)`)
        const backbone = r.stage1?.image
        if (!backbone) throw new AppError('INVALID_ARGUMENT', `stage1.image: the ${r.family.toUpperCase()} reads the features of a finished stage-1 run on face crops (the backbone): choose one (train a stage-1 run first)`)
        if (r.preset !== 'paper') throw new AppError('INVALID_ARGUMENT', `preset: the ${r.family.toUpperCase()} has one preset, 'paper'`)
        const req: ModelRunRequest =
          r.family === 'ap'
            ? { kind: 'ap', config: apConfigFromParams(r.params, LABEL_RANGE[format], r.epochs), dataDir: ds.path, format, fold: { name: fold.name, train: fold.train, val: fold.val, test: fold.test }, backbone }
            : { kind: 'mtl', config: mtlConfigFromParams(r.params, r.epochs), dataDir: ds.path, format, fold: { name: fold.name, train: fold.train, val: fold.val, test: fold.test }, backbone }
        if (!existsSync(ds.path)) throw new AppError('NOT_FOUND', `the dataset folder ${ds.path} is gone (moved or deleted)`)
        const now = await folderHash(ds.path, format)
        if (now !== ds.dataHash) throw datasetChanged(ds.name, ds.dataHash, now)
        const out = startModelRun(ctx, req, now, ds.id, (stored) => {
          reportChangedData(ctx, stored.id, req.dataDir, req.format, now).catch(() => undefined)
        })
        return { job: out.job, run: summary(ctx, out.run.id) }
      }
      if (r.curriculum !== undefined || r.stage1 !== undefined) throw new AppError('INVALID_ARGUMENT', 'curriculum and stage1 are for sequence models only')
      const config = anclafConfigFromParams(r.preset, r.params, LABEL_RANGE[format])
      if (!existsSync(ds.path)) throw new AppError('NOT_FOUND', `the dataset folder ${ds.path} is gone (moved or deleted)`)
      const now = await folderHash(ds.path, format)
      if (now !== ds.dataHash) throw datasetChanged(ds.name, ds.dataHash, now)
      return launch({ config, dataDir: ds.path, format, fold: { name: fold.name, train: fold.train, val: fold.val, test: fold.test }, epochs: r.epochs }, now, ds.id)
    },

    /** Starts a paused, cancelled or crashed run again from its last checkpoint (sequence runs: after their finished stages), with the request it was started with. */
    async resume(runId: string, onDone?: RunDone | SequenceDone): Promise<{ job: JobInfo; run: RunSummary }> {
      const run = requireRun(ctx, runId)
      if (activeRunJob(ctx, runId)) throw new AppError('CONFLICT', `run ${runId} is already training`)
      if (run.status === 'running' || run.status === 'queued') throw notTrainingHere(ctx, run, 'resume')
      if (run.status === 'done' && isRestartingRun(run)) {
        throw new AppError('CONFLICT', `run ${runId} has finished; this model does not continue from a checkpoint: start the same settings from New run to train it again from the start`)
      }
      if (run.status === 'done' && isAegRun(run)) {
        throw new AppError('CONFLICT', `run ${runId} has finished its schedule (${run.epochsPlanned ?? '?'} epochs over Disc, AEG-CD and AEG-CD-SZ); other epochs are other settings, so they make a new run from New run`)
      }
      if (run.status === 'done') {
        const n = run.epochsPlanned !== null ? `${run.epochsPlanned} ` : ''
        throw new AppError('CONFLICT', `run ${runId} has finished all its ${n}epochs; to train it longer, start the same settings from New run with more epochs (it continues from its last checkpoint)`)
      }
      if (isSequenceRun(run)) return resumeSequence(run, onDone as SequenceDone | undefined)
      if (isAegRun(run)) return resumeAeg(run, onDone as AegDone | undefined)
      if (isRestartingRun(run)) return restartModel(run)
      const req: StoredTrainRequest | null = run.runDir ? readStoredRequest(run.runDir) : null
      if (!req) throw new AppError('NOT_FOUND', `run ${runId} cannot be resumed from the app: its folder has no request.json (run the circumplex train command that started it again: it resumes)`)
      const { now, datasetId } = await dataStillThere(run, req, 'checkpoints', `checkpoints (epoch ${lastSavedEpoch(run.runDir)})`)
      const out = launch({ config: req.config, dataDir: req.dataDir, format: req.format, fold: req.fold, epochs: req.epochs }, now, datasetId, onDone as RunDone | undefined)
      if (out.run.id !== runId) throw new AppError('INTERNAL', `resuming ${runId} made run ${out.run.id}: the run id scheme changed`)
      return out
    },

    pause: (runId: string) => stop(runId, 'paused'),
    cancel: (runId: string) => stop(runId, 'cancelled'),

    /** Finished ANCLaF stage-1 runs on a registered dataset (its registration or the same data), for sequence models. */
    stage1Runs(datasetId: string): Stage1Choice[] {
      const ds = getDataset(ctx.db, datasetId)
      if (!ds) throw new AppError('NOT_FOUND', `no dataset ${datasetId}`)
      const out: Stage1Choice[] = []
      for (const r of listRuns(ctx.db)) {
        if (r.model !== 'anclaf' || r.status !== 'done' || (r.datasetId !== ds.id && r.dataHash !== ds.dataHash)) continue
        let input: string
        try {
          input = stage1Input(JSON.parse(r.configJson) as AnclafConfig)
        } catch {
          continue
        }
        const s = runsService(ctx).get(r.id).run
        out.push({ runId: r.id, modality: input === 'spectrogram' ? 'audio' : 'image', fold: r.fold, preset: r.preset, valCcc: s.best?.cccMean ?? null, finishedAt: r.finishedAt })
      }
      return out
    },

    /** The run's latest job in this process, with its phase (null: none here). */
    job(runId: string): RunJob | null {
      requireRun(ctx, runId)
      const jobId = runJobId(ctx, runId)
      if (!jobId) return null
      const j = ctx.jobs.list().find((x) => x.id === jobId)
      if (!j) return null
      return { runId, jobId, state: j.state, phase: ctx.jobs.phase(jobId), done: j.done, total: j.total, etaS: j.etaS }
    },

    /** Sample reconstructions of `epoch` (default: the latest written). */
    samples(runId: string, epoch?: number): RunSamples {
      const run = requireRun(ctx, runId)
      const epochs = run.runDir ? sampleEpochs(run.runDir) : []
      const empty: RunSamples = { runId, epoch: null, epochs, size: 0, frames: [] }
      if (epochs.length === 0) {
        if (epoch !== undefined) throw new AppError('NOT_FOUND', `run ${runId} has no sample reconstructions`)
        return empty
      }
      const e = epoch ?? epochs[epochs.length - 1]
      if (!epochs.includes(e)) throw new AppError('NOT_FOUND', `run ${runId} has no samples for epoch ${e} (epochs ${epochs[0]}–${epochs[epochs.length - 1]})`)
      let f
      try {
        f = readSampleFile(run.runDir!, e)
      } catch (err) {
        throw new AppError('PARSE_ERROR', `the samples of run ${runId}, epoch ${e} cannot be read: ${(err as Error).message}`)
      }
      const url = (b64: string) => `data:image/png;base64,${b64}`
      return {
        runId,
        epoch: e,
        epochs,
        size: f.size,
        frames: f.frames.map((x) => ({ index: x.index, valence: x.valence, arousal: x.arousal, degradation: x.degradation, clean: url(x.clean), degraded: url(x.degraded), generated: url(x.generated) }))
      }
    }
  }
}

/**
 * At app start: runs left 'running' / 'queued' by a process that is gone (the app crashed or was killed mid-run) are
 * marked failed + crashed, with their curves synced from the folder; they resume from their last checkpoint. Runs
 * whose owner is alive (e.g. `circumplex train` in a terminal) and runs without an owner file are left alone.
 */
export function recoverInterruptedRuns(ctx: AppContext): string[] {
  const recovered: string[] = []
  for (const run of listRuns(ctx.db)) {
    if ((run.status !== 'running' && run.status !== 'queued') || !run.runDir) continue
    const owner = readOwner(run.runDir)
    if (!owner || ownerAlive(owner) || activeRunJob(ctx, run.id)) continue
    const last = isSequenceRun(run) ? finishedStageCount(run.runDir) : isAegRun(run) ? lastAegEpoch(run.runDir) : lastSavedEpoch(run.runDir)
    const where = isSequenceRun(run) ? (last > 0 ? `after ${last} finished stage(s)` : 'none finished yet: from the first stage') : last > 0 ? `epoch ${last}` : 'none yet: from the start'
    setRunStatus(ctx.db, run.id, {
      status: 'failed',
      finished: true,
      error: isRestartingRun(run)
        ? `engine crashed: the process training it (pid ${owner.pid}) stopped. This model restarts when resumed: Resume trains it again from the start`
        : `engine crashed: the process training it (pid ${owner.pid}) stopped. Resume continues from the last checkpoint (${where})`
    })
    setRunRegistryFields(ctx.db, run.id, { stopReason: 'crashed' })
    try {
      const row = getRun(ctx.db, run.id)!
      if (isAegRun(row)) syncAegRun(ctx, row)
      else syncRunFromDisk(ctx, row)
    } catch {
      // a history.json cut short: the store keeps the curves it had
    }
    recovered.push(run.id)
  }
  return recovered
}

export type RunControl = ReturnType<typeof runControl>
