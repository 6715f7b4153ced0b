/**
 * AEG-CD-SZ (P002) training, main side: records the run (runs: model 'aeg-cd-sz', config_json = {kind, config,
 * dataset, format, fold}; run_epochs: one 'val' row per epoch with its phase, and after the last one a 'test' row of
 * the validation-selected checkpoint with degraded_ / clean_ / audio_degraded_ parts; run_checkpoints: last + best,
 * best = the one inference uses) and starts 'model:train-aeg'. Run id: `aeg-cd-sz-<preset>-` + a hash of (config,
 * dataset folder, format, data hash, fold): the same command (or the same settings in the app's New-run form) names
 * the same run, and its folder's last checkpoint resumes it (after a kill, Ctrl-C, a pause or a crash). Like the
 * ANCLaF runs it keeps its request in the folder (request.json, kind 'aeg-cd-sz': the app resumes from it), the
 * owner file while it trains (crash recovery) and why it stopped (paused / cancelled / crashed).
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import type { SplitFold } from '../../../core/folds'
import { replaceRunCheckpoints, replaceRunEpochs, setRunRegistryFields, setRunStatus, upsertRun, type EpochRow, type RunRow } from '../../db/queries/runs'
import { datasetHash, listClips, type LabelFormat } from '../../engine/data/dataset-dir'
import type { AegConfig } from '../../engine/models/aeg-cd-sz/config'
import { AEG_BEST, AEG_HISTORY, AEG_LAST, type AegEpochLog, type AegTestMetrics } from '../../engine/train/aeg-trainer'
import type { AppContext } from '../app-context'
import { activeRunJob, clearOwner, registerRunJob, runEnd, writeOwner } from '../training/run-jobs'
import { readRunRequest, writeRunRequest } from '../training/run-request'
import { startRunJob } from '../training/run-job'
import type { AegTrainJobArgs, AegTrainJobResult } from './aeg-train-job'

export interface AegTrainRequest {
  readonly config: AegConfig
  readonly dataDir: string
  readonly format: LabelFormat
  readonly fold: SplitFold
}

/** What it takes to start the run again (resume), kept in its folder. */
export type StoredAegRequest = AegTrainRequest & {
  readonly version: 1
  readonly kind: 'aeg-cd-sz'
  readonly dataHash: string
  readonly datasetId: string | null
}

export function readAegRequest(runDir: string): StoredAegRequest | null {
  return readRunRequest<StoredAegRequest>(runDir, (r) => r.version === 1 && r.kind === AEG_MODEL && typeof r.dataDir === 'string' && r.config?.model === AEG_MODEL)
}

/** The run's last completed epoch according to its folder (0: none). */
export function lastAegEpoch(runDir: string | null): number {
  if (!runDir) return 0
  try {
    const h = JSON.parse(readFileSync(join(runDir, AEG_HISTORY), 'utf8')) as { history?: { epoch: number }[] }
    return h.history?.at(-1)?.epoch ?? 0
  } catch {
    return 0
  }
}

export const AEG_MODEL = 'aeg-cd-sz'
/** Run ids of AEG-CD-SZ runs start with this (the CLI's infer dispatch reads it without opening the store). */
export const AEG_RUN_PREFIX = 'aeg-cd-sz-'

export function isAegRun(run: Pick<RunRow, 'model'>): boolean {
  return run.model === AEG_MODEL
}

export function aegRunIdOf(r: AegTrainRequest, dataHash: string): string {
  const key = JSON.stringify({ config: r.config, data: resolve(r.dataDir), format: r.format, dataHash, fold: r.fold })
  return `${AEG_RUN_PREFIX}${r.config.preset}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`
}

interface AegHistoryFile {
  readonly status: string
  readonly history: AegEpochLog[]
  readonly bestEpoch: number | null
  readonly test?: AegTestMetrics | null
}

const PHASE_INDEX: Record<string, number> = { disc: 0, 'aeg-cd': 1, 'aeg-cd-sz': 2 }

/** run_epochs rows of a history file. */
export function aegEpochRows(h: AegHistoryFile): EpochRow[] {
  const rows: EpochRow[] = h.history.map((e) => ({ epoch: e.epoch, split: 'val', metrics: { ...e.val, phase_index: PHASE_INDEX[e.phase] ?? null }, losses: e.losses, wallS: e.wallS }))
  if (h.test && h.bestEpoch !== null) {
    const m: Record<string, number | null> = { ...h.test.all }
    for (const [part, prefix] of [['degraded', 'degraded_'], ['clean', 'clean_'], ['audioDegraded', 'audio_degraded_']] as const) {
      for (const [k, v] of Object.entries(h.test[part] ?? {})) m[`${prefix}${k}`] = v
    }
    rows.push({ epoch: h.bestEpoch, split: 'test', metrics: m, losses: {}, wallS: null })
  }
  return rows
}

/** Copies the run folder's curves and checkpoints into the store. */
export function syncAegRun(ctx: AppContext, run: RunRow): AegHistoryFile | null {
  if (!run.runDir) return null
  const p = join(run.runDir, AEG_HISTORY)
  if (!existsSync(p)) return null
  const h = JSON.parse(readFileSync(p, 'utf8')) as AegHistoryFile
  replaceRunEpochs(ctx.db, run.id, aegEpochRows(h))
  const cks: Array<{ epoch: number; path: string; isBest: boolean }> = []
  const last = h.history.at(-1)?.epoch
  if (last !== undefined && existsSync(join(run.runDir, AEG_LAST))) cks.push({ epoch: last, path: join(run.runDir, AEG_LAST), isBest: false })
  if (h.bestEpoch !== null && existsSync(join(run.runDir, AEG_BEST))) cks.push({ epoch: h.bestEpoch, path: join(run.runDir, AEG_BEST), isBest: true })
  replaceRunCheckpoints(ctx.db, run.id, cks)
  return h
}

export function aegTrainingService(ctx: AppContext) {
  /** `opts.dataHash`: the caller has just hashed the folder (the app, off the event loop); else it is hashed here. */
  function start(
    req: AegTrainRequest,
    onDone?: (run: RunRow, end: JobInfo, result: AegTrainJobResult | null) => void,
    opts: { readonly dataHash?: string; readonly datasetId?: string | null } = {}
  ): { job: JobInfo; run: RunRow } {
    const dataHash = opts.dataHash ?? datasetHash(listClips(req.dataDir), req.format)
    const id = aegRunIdOf(req, dataHash)
    const busy = activeRunJob(ctx, id)
    if (busy) throw new AppError('CONFLICT', `run ${id} is already ${ctx.jobs.get(busy).state === 'queued' ? 'queued' : 'training'} (job ${busy})`)
    const runDir = join(ctx.layout.root, 'runs', id)
    const configJson = JSON.stringify({ kind: AEG_MODEL, config: req.config, dataset: resolve(req.dataDir), format: req.format, fold: req.fold })
    const run = upsertRun(ctx.db, { id, model: AEG_MODEL, preset: req.config.preset, configJson, dataHash, fold: req.fold.name, runDir })
    const s = req.config.schedule
    setRunRegistryFields(ctx.db, id, { ...(opts.datasetId !== undefined ? { datasetId: opts.datasetId } : {}), stopReason: null, codeVersion: ctx.version, epochsPlanned: s.disc + s.aegCd + s.full })
    const stored: StoredAegRequest = { version: 1, kind: AEG_MODEL, config: req.config, dataDir: resolve(req.dataDir), format: req.format, fold: req.fold, dataHash, datasetId: opts.datasetId ?? null }
    writeRunRequest(runDir, stored)
    writeOwner(runDir)
    const args: AegTrainJobArgs = { runId: id, config: req.config, dataDir: resolve(req.dataDir), format: req.format, fold: req.fold, runDir, cacheDir: ctx.layout.cacheDir, dataHash }
    const job = startRunJob<AegTrainJobResult>(
      ctx,
      id,
      { kind: 'model:train-aeg', label: `Training AEG-CD-SZ (${req.config.preset}${req.config.audio ? '' : ', no audio'}) on ${req.fold.name}`, args },
      (r) => syncAegRun(ctx, r),
      {
        onEnd: (end) => {
          const { crashed, stopReason } = runEnd(ctx, id, end)
          setRunRegistryFields(ctx.db, id, { stopReason })
          if (crashed) {
            const last = lastAegEpoch(runDir)
            setRunStatus(ctx.db, id, { status: 'failed', error: `engine crashed: ${end.error?.message ?? 'the worker stopped'}. Resume continues from the last checkpoint (${last > 0 ? `epoch ${last}` : 'none yet: from the start'})` })
          }
          clearOwner(runDir)
        },
        onDone
      }
    )
    registerRunJob(ctx, id, job.id)
    return { job, run }
  }
  return { start }
}
