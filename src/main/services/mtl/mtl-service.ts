/**
 * Multi-task (P003) training, main side: resolves the stage-1 run whose latents are the frozen backbone, records the
 * run (runs: model 'mtl', config_json = {kind 'mtl', config, stage1, dataset, hashes, fold, then the phase records,
 * final validation / test metrics and the AU-graph files}; run_epochs: every epoch of every phase as one 'val' row,
 * numbered across phases, with the phase's index in its metrics, and one 'test' row with the final model's held-out
 * metrics; run_checkpoints: the one `mtl.ckpt`, marked best = the one inference uses) and starts 'model:train-mtl'.
 * Run id: `mtl-` + a hash of (config, dataset, data hash incl. the ABAW AU / EXPR files, fold, stage-1 run + weights
 * hash): the same command names the same run.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { JobInfo } from '../../../shared/domain'
import type { SplitFold } from '../../../core/folds'
import { replaceRunCheckpoints, replaceRunEpochs, setRunConfigJson, upsertRun, type EpochRow, type RunRow } from '../../db/queries/runs'
import type { MtlConfig } from '../../engine/models/mtl/config'
import type { MtlMetrics } from '../../engine/models/mtl/metrics'
import type { AppContext } from '../app-context'
import { startRunJob } from '../training/run-job'
import { latentsRoot, resolveStage1 } from '../training/sequence-service'
import { mtlDataHashes } from './mtl-data'
import { MTL_HISTORY, type MtlHistory, type MtlTrainJobArgs, type MtlTrainJobResult } from './mtl-train-job'

export interface MtlTrainRequest {
  readonly config: MtlConfig
  readonly dataDir: string
  readonly fold: SplitFold
  /** The ANCLaF stage-1 image run whose enc_C latents are the backbone features. */
  readonly stage1: string
}

export const MTL_MODEL = 'mtl'

export function isMtlRun(run: Pick<RunRow, 'model'>): boolean {
  return run.model === MTL_MODEL
}

/** Run ids of MTL runs start with this (the CLI's infer dispatch reads it without opening the store). */
export const MTL_RUN_PREFIX = 'mtl-'

export function mtlRunIdOf(r: MtlTrainRequest, dataHash: string, stage1: { runId: string; weightsHash: string }): string {
  const key = JSON.stringify({ config: r.config, data: resolve(r.dataDir), dataHash, fold: r.fold, stage1: { run: stage1.runId, weights: stage1.weightsHash } })
  return `${MTL_RUN_PREFIX}${createHash('sha256').update(key).digest('hex').slice(0, 12)}`
}

/** The scalar metrics of a record (arrays such as per-AU F1 stay in config_json). */
export function scalarMetrics(m: MtlMetrics): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  for (const [k, v] of Object.entries(m)) if (typeof v === 'number') out[k] = Number.isFinite(v) ? v : null
  // The generic run views read ccc_v / ccc_a / ccc_mean: P_VA is their mean.
  out.ccc_mean = Number.isFinite(m.p_va) ? m.p_va : null
  return out
}

/** run_epochs rows: every phase's epochs numbered across phases; the final test row after the last epoch. */
export function mtlEpochRows(h: MtlHistory): EpochRow[] {
  const rows: EpochRow[] = []
  let offset = 0
  h.phases.forEach((p, i) => {
    for (const e of p.epochs) rows.push({ epoch: offset + e.epoch, split: 'val', metrics: { ...scalarMetrics(e.val), phase_index: i, lr: e.lr }, losses: { [p.phase]: e.loss }, wallS: e.wallS })
    offset += p.epochs.length
  })
  if (h.test) rows.push({ epoch: offset, split: 'test', metrics: scalarMetrics(h.test), losses: {}, wallS: null })
  return rows
}

/** Copies `<runDir>/mtl.json` into the store (epochs, the checkpoint, config_json with the records). */
export function syncMtlRun(ctx: AppContext, run: RunRow): MtlHistory | null {
  if (!run.runDir) return null
  const p = join(run.runDir, MTL_HISTORY)
  if (!existsSync(p)) return null
  const h = JSON.parse(readFileSync(p, 'utf8')) as MtlHistory
  replaceRunEpochs(ctx.db, run.id, mtlEpochRows(h))
  const epochs = h.phases.reduce((n, ph) => n + ph.epochs.length, 0)
  replaceRunCheckpoints(ctx.db, run.id, existsSync(h.checkpoint) && h.phases.length ? [{ epoch: epochs, path: h.checkpoint, isBest: true }] : [])
  const cfg = JSON.parse(run.configJson) as Record<string, unknown>
  const phases = h.phases.map((ph) => ({ phase: ph.phase, frames: ph.frames, epochs: ph.epochs.length, bestEpoch: ph.bestEpoch, selectedBy: ph.selectedBy, val: ph.val, wallS: ph.wallS }))
  setRunConfigJson(ctx.db, run.id, JSON.stringify({ ...cfg, status: h.status, dims: h.dims, clips: h.clips, labelled: h.labelled, lossWeights: h.lossWeights, phases, val: h.val, test: h.test, adjacency: h.adjacency }))
  return h
}

export function mtlTrainingService(ctx: AppContext) {
  function start(req: MtlTrainRequest, onDone?: (run: RunRow, end: JobInfo, result: MtlTrainJobResult | null) => void): { job: JobInfo; run: RunRow } {
    const stage1 = resolveStage1(ctx, req.stage1, 'image')
    const { latentHash, dataHash } = mtlDataHashes(req.dataDir)
    const id = mtlRunIdOf(req, dataHash, stage1)
    const runDir = join(ctx.layout.root, 'runs', id)
    const configJson = JSON.stringify({ kind: 'mtl', config: req.config, stage1, dataset: resolve(req.dataDir), dataHash, latentHash, fold: req.fold })
    const preset = `${req.config.schedule}${req.config.optimiser.name === 'sgd-sam' ? '' : '-sgd'}`
    const run = upsertRun(ctx.db, { id, model: MTL_MODEL, preset, configJson, dataHash, fold: req.fold.name, runDir })
    setRunConfigJson(ctx.db, id, configJson) // a re-run trains again: drop the old records
    const args: MtlTrainJobArgs = { runId: id, config: req.config, dataDir: resolve(req.dataDir), fold: req.fold, latentHash, dataHash, stage1, runDir, cacheDir: ctx.layout.cacheDir, latentsRoot: latentsRoot(ctx) }
    // Queued behind another job until the runner starts it; while it runs, the finished phases are copied into the
    // store (mtl.json is rewritten after every phase).
    const job = startRunJob<MtlTrainJobResult>(ctx, id, { kind: 'model:train-mtl', label: `Training MTL (${req.config.schedule}) on ${req.fold.name}`, args }, (r) => syncMtlRun(ctx, r), { onDone })
    return { job, run }
  }
  return { start }
}
