/**
 * Training and inference services (main): wire the engine jobs to the store.
 * - train: one run per (model, config, dataset, format, data hash, fold): the run id is a hash of those, so
 *   re-running the same command finds the same run folder (`<data-dir>/runs/<run-id>/`) and resumes from its last
 *   checkpoint (e.g. after SIGKILL). When the job ends (any state) the per-epoch curves and checkpoints are synced
 *   from the run folder's history.json into run_epochs / run_checkpoints.
 * - infer: best checkpoint of a run (or a checkpoint path) on imported sessions → a prediction trace (V, A) linked
 *   to the run + per-frame quadrant probabilities in trace_extras.
 */
import { storePrediction } from './store-prediction'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import type { SplitFold } from '../../../core/folds'
import { getFaceTrack } from '../../db/queries/faces'
import { getSession } from '../../db/queries/sessions'
import {
  getBestCheckpoint,
  getRun,
  replaceRunCheckpoints,
  replaceRunEpochs,
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

export interface TrainRequest {
  readonly config: AnclafConfig
  readonly dataDir: string
  readonly format: LabelFormat
  readonly fold: SplitFold
  readonly epochs: number
  readonly restart?: boolean
}

export function runIdOf(r: Omit<TrainRequest, 'epochs' | 'restart'>, dataHash: string): string {
  const key = JSON.stringify({ config: r.config, data: resolve(r.dataDir), format: r.format, dataHash, fold: r.fold })
  return `${r.config.model}-${r.config.preset}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`
}

interface HistoryFile {
  status: string
  history: EpochLog[]
  bestEpoch: number | null
  test?: { all: Record<string, number>; degraded: Record<string, number> | null; clean: Record<string, number> | null } | null
}

/** Copies the run folder's curves + checkpoints into the store. */
export function syncRunFromDisk(ctx: AppContext, run: RunRow): HistoryFile | null {
  if (!run.runDir) return null
  const hp = join(run.runDir, HISTORY)
  if (!existsSync(hp)) return null
  const h = JSON.parse(readFileSync(hp, 'utf8')) as HistoryFile
  const rows: EpochRow[] = h.history.map((e) => ({ epoch: e.epoch, split: 'val', metrics: e.val, losses: e.losses, wallS: e.wallS }))
  if (h.test && h.bestEpoch !== null) {
    const m: Record<string, number | null> = { ...h.test.all }
    for (const [k, v] of Object.entries(h.test.degraded ?? {})) m[`degraded_${k}`] = v
    for (const [k, v] of Object.entries(h.test.clean ?? {})) m[`clean_${k}`] = v
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
  function start(req: TrainRequest, onDone?: (run: RunRow, end: JobInfo, result: TrainJobResult | null) => void): { job: JobInfo; run: RunRow } {
    const clips = listClips(req.dataDir)
    const dataHash = datasetHash(clips, req.format)
    const id = runIdOf(req, dataHash)
    const runDir = join(ctx.layout.root, 'runs', id)
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
    const args: TrainJobArgs = { config: req.config, dataDir: resolve(req.dataDir), format: req.format, fold: req.fold, epochs: req.epochs, runDir, cacheDir: ctx.layout.cacheDir, dataHash }
    const t0 = Date.now()
    let result: TrainJobResult | null = null
    setRunStatus(ctx.db, id, { status: 'running', started: true })
    const job = ctx.jobs.start({
      kind: 'model:train',
      label: `Training ${req.config.model} (${req.config.preset}) on ${req.fold.name}`,
      args,
      onResult: (r) => {
        result = r as TrainJobResult
      }
    })
    void ctx.jobs.wait(job.id).then((end) => {
      const wallS = (Date.now() - t0) / 1000
      const status = end.state === 'done' ? 'done' : end.state === 'cancelled' ? 'cancelled' : 'failed'
      setRunStatus(ctx.db, id, { status, backend: result?.backend ?? null, finished: true, wallS, error: end.error ? `${end.error.code}: ${end.error.message}` : null })
      const stored = getRun(ctx.db, id)!
      syncRunFromDisk(ctx, stored)
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
            meta: { checkpoint: checkpoint.path, epoch: r.epoch, labelRange: r.labelRange, extras: ['quadrant_probs'] }
          },
          { valence: r.valence, arousal: r.arousal },
          [{ kind: 'quadrant_probs', dims: 4, data: r.quadrantProbs }]
        )
        ctx.events.emit('sessions:changed', { sessionId })
        onStored?.(traceId, r)
      }
    })
  }
  return { start }
}
