/**
 * Tracker training (main side): records the run (runs: model 'tracker', preset = variant, config_json = {kind,
 * config, data, then the record: epochs, best, pseudo flag, gtSources}; run_epochs: one 'val' row per trained epoch,
 * numbered across phases, metrics with `phase_index` (0 denoiser, 1 estimator, 2 tracker-<L> curriculum steps, 3 joint); run_checkpoints:
 * the final weights, marked best) and starts the 'model:train-tracker' job. Run id: `trk-` + a hash of (config,
 * data spec, data hash): the same command names the same run (a re-run trains it again from scratch).
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { JobInfo } from '../../../shared/domain'
import { replaceRunCheckpoints, replaceRunEpochs, setRunConfigJson, setRunRegistryFields, upsertRun, type EpochRow, type RunRow } from '../../db/queries/runs'
import { datasetHash, listClips } from '../../engine/data/dataset-dir'
import type { TrackerConfig } from '../../engine/models/tracker'
import { TRACKER_MODEL } from '../../faces/trackers/registry'
import type { TrackerDataSpec } from '../../faces/trackers/tracker-data'
import type { AppContext } from '../app-context'
import { startRunJob } from '../training/run-job'
import { TRACKER_HISTORY, type TrackerHistory, type TrackerTrainJobArgs, type TrackerTrainJobResult } from './tracker-train-job'

export interface TrackerTrainRequest {
  readonly config: TrackerConfig
  readonly data: TrackerDataSpec
  readonly maxSide?: number
  readonly frameStride?: number
  readonly maxFrames?: number
}

const PHASES = ['denoiser', 'estimator', 'tracker', 'joint']

/** Content hash of the training data: the synthetic dataset's hash, ground-truth folder listings, video sizes. */
export function trackerDataHash(d: TrackerDataSpec): string {
  const h = createHash('sha256')
  if (d.synth) h.update(`synth:${datasetHash(listClips(d.synth.dataDir), 'afew-va')}:${JSON.stringify(d.synth.fold)}\n`)
  for (const g of d.gt ?? []) h.update(`gt:${resolve(g)}\n`)
  for (const v of d.pseudo ?? []) h.update(`pseudo:${resolve(v)}:${existsSync(v) ? statSync(v).size : -1}\n`)
  return h.digest('hex')
}

export function trackerRunIdOf(r: TrackerTrainRequest, dataHash: string): string {
  const key = JSON.stringify({ config: r.config, data: r.data, dataHash, maxSide: r.maxSide, frameStride: r.frameStride, maxFrames: r.maxFrames })
  return `trk-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`
}

/** Epochs the trainer will run: the denoiser and joint phases need a denoiser, the tracker phase repeats per curriculum length. */
export function plannedEpochs(c: TrackerConfig): number {
  const e = c.train.epochs
  const den = c.denoiser.kind !== 'none'
  return (den ? e.denoiser + e.joint : 0) + e.estimator + (c.variant !== 'fll' ? e.tracker * new Set(c.train.curriculum).size : 0)
}

/** run_epochs rows of a tracker record (epochs numbered 1.. across phases). */
export function trackerEpochRows(h: TrackerHistory): EpochRow[] {
  return h.epochs.map((e, i) => ({
    epoch: i + 1,
    split: 'val',
    metrics: { ...e.metrics, phase_index: PHASES.findIndex((p) => e.phase === p || e.phase.startsWith(`${p}-`)), phase_epoch: e.epoch },
    losses: e.losses,
    wallS: e.wallS
  }))
}

/** Copies `<runDir>/tracker.json` into the store. */
export function syncTrackerRun(ctx: AppContext, run: RunRow): TrackerHistory | null {
  if (!run.runDir) return null
  const p = join(run.runDir, TRACKER_HISTORY)
  if (!existsSync(p)) return null
  const h = JSON.parse(readFileSync(p, 'utf8')) as TrackerHistory
  replaceRunEpochs(ctx.db, run.id, trackerEpochRows(h))
  replaceRunCheckpoints(ctx.db, run.id, h.weightsPath && existsSync(h.weightsPath) ? [{ epoch: h.epochs.length, path: h.weightsPath, isBest: true }] : [])
  const cfg = JSON.parse(run.configJson) as Record<string, unknown>
  setRunConfigJson(ctx.db, run.id, JSON.stringify({ ...cfg, status: h.status, epochs: h.epochs.length, best: h.best, pseudo: h.pseudo, gtSources: h.gtSources, sizes: h.data, weightsPath: h.weightsPath }))
  return h
}

export function trackerTrainingService(ctx: AppContext) {
  function start(req: TrackerTrainRequest, onDone?: (run: RunRow, end: JobInfo, result: TrackerTrainJobResult | null) => void): { job: JobInfo; run: RunRow } {
    const dataHash = trackerDataHash(req.data)
    const id = trackerRunIdOf(req, dataHash)
    const runDir = join(ctx.layout.root, 'runs', id)
    const configJson = JSON.stringify({ kind: 'tracker', config: req.config, data: req.data, dataHash, pseudo: (req.data.pseudo ?? []).length > 0 })
    const run = upsertRun(ctx.db, { id, model: TRACKER_MODEL, preset: req.config.variant, configJson, dataHash, fold: req.data.synth?.fold.name ?? null, runDir })
    setRunConfigJson(ctx.db, id, configJson) // a re-run trains again from scratch: drop the old record
    setRunRegistryFields(ctx.db, id, { epochsPlanned: plannedEpochs(req.config), codeVersion: ctx.version, stopReason: null })
    const args: TrackerTrainJobArgs = {
      runId: id,
      config: req.config,
      data: req.data,
      runDir,
      maxSide: req.maxSide ?? 256,
      frameStride: req.frameStride ?? 1,
      maxFrames: req.maxFrames ?? 200
    }
    const label = `Training tracker ${req.config.variant.toUpperCase()}${req.data.synth ? ` on ${req.data.synth.fold.name}` : ''}`
    const job = startRunJob<TrackerTrainJobResult>(ctx, id, { kind: 'model:train-tracker', label, args }, (r) => syncTrackerRun(ctx, r), {
      onEnd: (end) => setRunRegistryFields(ctx.db, id, { stopReason: end.state === 'cancelled' ? 'cancelled' : null }),
      onDone
    })
    return { job, run }
  }
  return { start }
}
