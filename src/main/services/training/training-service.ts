/**
 * Training and inference services (main): wire the engine jobs to the store.
 * - train: one run per (model, config, dataset, format, data hash, fold): the run id is a hash of those, so
 *   re-running the same command finds the same run folder (`<data-dir>/runs/<run-id>/`) and resumes from its last
 *   checkpoint (e.g. after SIGKILL). When the job ends (any state) the per-epoch curves and checkpoints are synced
 *   from the run folder's history.json into run_epochs / run_checkpoints. The run is 'queued' while its job waits
 *   for the runner (one training at a time on small machines), 'running' once it starts; the request is kept in
 *   the run folder (request.json) so the app can resume it after a restart; a stopped run records why
 *   (stop_reason: paused / cancelled, or crashed when the worker died: its error says so, and resuming continues
 *   from the last checkpoint).
 * - infer: best checkpoint of a run (or a checkpoint path) on imported sessions → a prediction trace (V, A on the
 *   trace scale [−1, 1], meta.scale 'unit', meta.labelRange the model's native range) linked to the run + per-frame
 *   quadrant probabilities in trace_extras.
 */
import { onTraceScale, storePrediction } from './store-prediction'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { readRunRequest, writeRunRequest } from './run-request'
import { join, resolve } from 'node:path'
import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import type { SplitFold } from '../../../core/folds'
import { SUBJECT_METRIC_PREFIX } from '../../../shared/runs'
import { getFaceTrack } from '../../db/queries/faces'
import { getSession } from '../../db/queries/sessions'
import {
  getBestCheckpoint,
  getRun,
  replaceRunCheckpoints,
  replaceRunEpochs,
  setRunRegistryFields,
  setRunStatus,
  upsertRun,
  type EpochRow,
  type RunRow
} from '../../db/queries/runs'
import { datasetHash, listClips, type LabelFormat } from '../../engine/data/dataset-dir'
import type { AnclafConfig } from '../../engine/models/anclaf/config'
import { BEST, HISTORY, LAST, type EpochLog } from '../../engine/train/anclaf-trainer'
import type { AppContext } from '../app-context'
import type { InferJobArgs, InferJobResult } from './infer-job'
import type { TrainJobArgs, TrainJobResult } from './train-job'
import { SEQUENCE_HISTORY } from './sequence-train-job'
import { syncSequenceRun } from './sequence-sync'
import { activeRunJob, clearOwner, markRunWhenStarted, registerRunJob, runEnd, writeOwner } from './run-jobs'
import { trainingBackend } from './train-options'

export interface TrainRequest {
  readonly config: AnclafConfig
  readonly dataDir: string
  readonly format: LabelFormat
  readonly fold: SplitFold
  readonly epochs: number
  readonly restart?: boolean
}


/** What it takes to start a run again (resume), kept in its folder. */
export interface StoredTrainRequest {
  readonly version: 1
  readonly config: AnclafConfig
  readonly dataDir: string
  readonly format: LabelFormat
  readonly fold: SplitFold
  readonly epochs: number
  readonly dataHash: string
  readonly datasetId: string | null
}

export interface StartOptions {
  /** The data hash, when the caller has just checked it (the app hashes off the event loop); else hashed here. */
  readonly dataHash?: string
  /** The registered dataset it trains on (null: a folder given directly). */
  readonly datasetId?: string | null
}

export function readStoredRequest(runDir: string): StoredTrainRequest | null {
  return readRunRequest<StoredTrainRequest>(runDir, (r) => r.version === 1 && typeof r.dataDir === 'string' && r.config?.model === 'anclaf')
}

function writeStoredRequest(runDir: string, r: StoredTrainRequest): void {
  writeRunRequest(runDir, r)
}

/** The run's last completed epoch according to its folder (0: none). */
export function lastSavedEpoch(runDir: string | null): number {
  if (!runDir) return 0
  try {
    const h = JSON.parse(readFileSync(join(runDir, HISTORY), 'utf8')) as { history?: { epoch: number }[] }
    return h.history?.at(-1)?.epoch ?? 0
  } catch {
    return 0
  }
}

export function runIdOf(r: Omit<TrainRequest, 'epochs' | 'restart'>, dataHash: string): string {
  const key = JSON.stringify({ config: r.config, data: resolve(r.dataDir), format: r.format, dataHash, fold: r.fold })
  return `${r.config.model}-${r.config.preset}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`
}

interface HistoryFile {
  status: string
  history: EpochLog[]
  bestEpoch: number | null
  test?: {
    all: Record<string, number>
    degraded: Record<string, number> | null
    clean: Record<string, number> | null
    bySubject?: Record<string, Record<string, number>>
  } | null
}

/** Copies the run folder's curves + checkpoints into the store. */
export function syncRunFromDisk(ctx: AppContext, run: RunRow): HistoryFile | null {
  if (!run.runDir) return null
  const hp = join(run.runDir, HISTORY)
  if (!existsSync(hp)) {
    // A sequence run keeps its record in sequence.json (stage by stage).
    if (existsSync(join(run.runDir, SEQUENCE_HISTORY))) syncSequenceRun(ctx, run)
    return null
  }
  const h = JSON.parse(readFileSync(hp, 'utf8')) as HistoryFile
  const rows: EpochRow[] = h.history.map((e) => ({ epoch: e.epoch, split: 'val', metrics: e.val, losses: e.losses, wallS: e.wallS }))
  if (h.test && h.bestEpoch !== null) {
    const m: Record<string, number | null> = { ...h.test.all }
    for (const [k, v] of Object.entries(h.test.degraded ?? {})) m[`degraded_${k}`] = v
    for (const [k, v] of Object.entries(h.test.clean ?? {})) m[`clean_${k}`] = v
    // Each test subject's metrics as `subject:<id>:<metric>` (the run page's held-out table reads them).
    for (const [sub, sm] of Object.entries(h.test.bySubject ?? {})) for (const [k, v] of Object.entries(sm)) m[`${SUBJECT_METRIC_PREFIX}${sub}:${k}`] = v
    rows.push({ epoch: h.bestEpoch, split: 'test', metrics: m, losses: {}, wallS: null })
  }
  replaceRunEpochs(ctx.db, run.id, rows)
  const last = h.history.at(-1)?.epoch
  const cks: Array<{ epoch: number; path: string; isBest: boolean }> = []
  if (last !== undefined && existsSync(join(run.runDir, LAST))) cks.push({ epoch: last, path: join(run.runDir, LAST), isBest: false })
  if (h.bestEpoch !== null && existsSync(join(run.runDir, BEST))) cks.push({ epoch: h.bestEpoch, path: join(run.runDir, BEST), isBest: true })
  replaceRunCheckpoints(ctx.db, run.id, cks)
  return h
}

export function trainingService(ctx: AppContext) {
  function start(
    req: TrainRequest,
    onDone?: (run: RunRow, end: JobInfo, result: TrainJobResult | null) => void,
    opts: StartOptions = {}
  ): { job: JobInfo; run: RunRow } {
    const dataHash = opts.dataHash ?? datasetHash(listClips(req.dataDir), req.format)
    const id = runIdOf(req, dataHash)
    const runDir = join(ctx.layout.root, 'runs', id)
    const busy = activeRunJob(ctx, id)
    if (busy) throw new AppError('CONFLICT', `run ${id} is already ${ctx.jobs.get(busy).state === 'queued' ? 'queued' : 'training'} (job ${busy})`)
    let run = upsertRun(ctx.db, {
      id,
      model: req.config.model,
      preset: req.config.preset,
      configJson: JSON.stringify(req.config),
      dataHash,
      fold: req.fold.name,
      runDir
    })
    if (run.status === 'running') {
      // A previous process was killed mid-run: the folder's last checkpoint is where we resume.
      run = { ...run, status: 'failed' }
    }
    writeStoredRequest(runDir, { version: 1, config: req.config, dataDir: resolve(req.dataDir), format: req.format, fold: req.fold, epochs: req.epochs, dataHash, datasetId: opts.datasetId ?? null })
    const args: TrainJobArgs = { config: req.config, dataDir: resolve(req.dataDir), format: req.format, fold: req.fold, epochs: req.epochs, runDir, cacheDir: ctx.layout.cacheDir, dataHash }
    const t0 = Date.now()
    let result: TrainJobResult | null = null
    const job = ctx.jobs.start({
      kind: 'model:train',
      label: `Training ${req.config.model} (${req.config.preset}) on ${req.fold.name}`,
      args,
      onResult: (r) => {
        result = r as TrainJobResult
      }
    })
    registerRunJob(ctx, id, job.id)
    writeOwner(runDir)
    setRunRegistryFields(ctx.db, id, {
      ...(opts.datasetId !== undefined ? { datasetId: opts.datasetId } : {}),
      stopReason: null,
      codeVersion: ctx.version,
      epochsPlanned: req.epochs
    })
    const off = markRunWhenStarted(ctx, id, job.id, trainingBackend(ctx.env).name)
    void ctx.jobs.wait(job.id).then((end) => {
      off()
      const wallS = (Date.now() - t0) / 1000
      const { status, crashed, stopReason } = runEnd(ctx, id, end)
      const last = lastSavedEpoch(runDir)
      const error = !end.error
        ? null
        : crashed
          ? `engine crashed: ${end.error.message}. Resume continues from the last checkpoint (${last > 0 ? `epoch ${last}` : 'none yet: from the start'})`
          : `${end.error.code}: ${end.error.message}`
      setRunStatus(ctx.db, id, { status, backend: result?.backend ?? null, finished: true, wallS, error })
      setRunRegistryFields(ctx.db, id, { stopReason })
      clearOwner(runDir)
      const stored = getRun(ctx.db, id)!
      try {
        syncRunFromDisk(ctx, stored)
      } catch {
        // a history.json cut short by the crash: the store keeps the curves it had
      }
      onDone?.(stored, end, result)
    })
    return { job, run }
  }

  return { start }
}

/** Resolves `--run`: a run id (its best checkpoint) or a checkpoint file path. */
export function resolveCheckpoint(ctx: AppContext, ref: string, cwd: string): { path: string; runId: string | null } {
  const run = getRun(ctx.db, ref)
  if (run) {
    const best = getBestCheckpoint(ctx.db, run.id)
    if (!best) throw new AppError('NOT_FOUND', `run ${ref} has no best checkpoint yet (status ${run.status})`)
    return { path: best.path, runId: run.id }
  }
  const p = resolve(cwd, ref)
  if (existsSync(p)) return { path: p, runId: null }
  throw new AppError('NOT_FOUND', `'${ref}' is neither a run id nor a checkpoint file`)
}

export function inferenceService(ctx: AppContext) {
  /** Runs the model on an imported session; stores the trace + quadrant probabilities; resolves with the trace id. */
  function start(sessionId: string, checkpoint: { path: string; runId: string | null }, onStored?: (traceId: string, r: InferJobResult) => void): JobInfo {
    const session = getSession(ctx.db, sessionId)
    if (!session?.video) throw new AppError('NOT_FOUND', `no session ${sessionId} with a video`)
    const track = getFaceTrack(ctx.db, sessionId)
    if (!track) throw new AppError('NOT_FOUND', `session ${sessionId} has no face track: import it with faces (landmarks feed the crops)`)
    const video = session.video
    const args: InferJobArgs = { checkpoint: checkpoint.path, video: video.path, frameCount: track.frameCount, landmarks: track.landmarks }
    return ctx.jobs.start({
      kind: 'model:infer',
      label: `Predicting V/A on ${session.name}`,
      args,
      onResult: (raw) => {
        const r = raw as InferJobResult
        const traceId = storePrediction(
          ctx.db,
          {
            sessionId,
            runId: checkpoint.runId,
            name: `ANCLaF ${checkpoint.runId ?? checkpoint.path} (epoch ${r.epoch})`,
            meta: { checkpoint: checkpoint.path, epoch: r.epoch, labelRange: r.labelRange, scale: 'unit', extras: ['quadrant_probs'] }
          },
          // On the trace scale [−1, 1] like every other trace (Review's axes, the exchange formats' scaling); the
          // model's native scale is meta.labelRange. Older stage-1 traces held native values (migration 0007 rescales them).
          onTraceScale(r, r.labelRange),
          [{ kind: 'quadrant_probs', dims: 4, data: r.quadrantProbs }]
        )
        ctx.events.emit('sessions:changed', { sessionId })
        onStored?.(traceId, r)
      }
    })
  }
  return { start }
}
