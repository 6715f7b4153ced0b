/**
 * AP training (main side): resolves the backbone (a finished ANCLaF stage-1 image run: its best checkpoint and
 * weights hash), records the run (runs: model 'ap', config_json = {kind, config, backbone, dataset, fold, then the
 * record: epochs, selection, backbone-vs-AP test report}; run_epochs: one 'val' row per epoch with the loss terms and
 * the lr, one 'test' row at the selected epoch with the AP's test metrics, the backbone's as `backbone_*` and the
 * σ contrast as `sigma_*`; run_checkpoints: best.ckpt, marked best) and starts the 'model:train-ap' job.
 * Run id: `ap-` + a hash of (config, dataset, format, data hash, fold, backbone run + weights hash): the same command
 * names the same run; another backbone (or retrained weights) makes another run.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import type { SplitFold } from '../../../core/folds'
import { getRun, replaceRunCheckpoints, replaceRunEpochs, setRunConfigJson, setRunRegistryFields, upsertRun, type EpochRow, type RunRow } from '../../db/queries/runs'
import { datasetHash, listClips, type LabelFormat } from '../../engine/data/dataset-dir'
import type { AnclafConfig } from '../../engine/models/anclaf/config'
import type { ApConfig } from '../../engine/models/ap/config'
import type { AppContext } from '../app-context'
import type { Stage1Ref } from '../latents/latent-compute'
import { startRunJob } from '../training/run-job'
import { latentsRoot } from '../training/sequence-service'
import { AP_HISTORY, type ApHistory, type ApTrainJobArgs, type ApTrainJobResult } from './ap-train-job'
import { resolveBackbone } from './backbone'

export interface ApTrainRequest {
  readonly config: ApConfig
  readonly dataDir: string
  readonly format: LabelFormat
  readonly fold: SplitFold
  /** The backbone: an ANCLaF stage-1 run trained on face crops. */
  readonly backbone: string
}

export const AP_MODEL = 'ap'

export function isApRun(run: Pick<RunRow, 'model'>): boolean {
  return run.model === AP_MODEL
}

export function apRunIdOf(r: ApTrainRequest, dataHash: string, backbone: Stage1Ref): string {
  const key = JSON.stringify({ config: r.config, data: resolve(r.dataDir), format: r.format, dataHash, fold: r.fold, backbone: { run: backbone.runId, weights: backbone.weightsHash } })
  return `ap-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`
}

const num = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x)

/** run_epochs rows of an AP record. */
export function apEpochRows(h: ApHistory): EpochRow[] {
  const rows: EpochRow[] = h.epochs.map((e) => ({
    epoch: e.epoch,
    split: 'val',
    metrics: { ...e.val, lr: e.lr, ...(h.backboneVal ? { backbone_ccc_mean: num(h.backboneVal.ccc_mean) } : {}) },
    losses: { total: e.loss.total, nll: e.loss.nll, ...(e.loss.kl !== null ? { kl: e.loss.kl } : {}), ...(e.loss.reg !== null ? { reg: e.loss.reg } : {}) },
    wallS: e.wallS
  }))
  if (h.test && h.bestEpoch !== null) {
    const t = h.test
    const b = t.backbone.all
    rows.push({
      epoch: h.bestEpoch,
      split: 'test',
      metrics: {
        ...t.ap.all,
        backbone_ccc_v: num(b.ccc_v),
        backbone_ccc_a: num(b.ccc_a),
        backbone_ccc_mean: num(b.ccc_mean),
        sigma_clean: num(t.sigma.clean.mean),
        sigma_degraded: num(t.sigma.degraded.mean),
        sigma_cohens_d: num(t.sigma.cohensD)
      },
      losses: {},
      wallS: null
    })
  }
  return rows
}

/** Copies `<runDir>/ap.json` into the store (epochs, the best checkpoint, config_json with the record). */
export function syncApRun(ctx: AppContext, run: RunRow): ApHistory | null {
  if (!run.runDir) return null
  const p = join(run.runDir, AP_HISTORY)
  if (!existsSync(p)) return null
  const h = JSON.parse(readFileSync(p, 'utf8')) as ApHistory
  replaceRunEpochs(ctx.db, run.id, apEpochRows(h))
  replaceRunCheckpoints(ctx.db, run.id, h.bestEpoch !== null && existsSync(h.checkpoint) ? [{ epoch: h.bestEpoch, path: h.checkpoint, isBest: true }] : [])
  const cfg = JSON.parse(run.configJson) as Record<string, unknown>
  setRunConfigJson(
    ctx.db,
    run.id,
    JSON.stringify({ ...cfg, status: h.status, featureDim: h.featureDim, clips: h.clips, bestEpoch: h.bestEpoch, bestVal: h.bestVal, backboneVal: h.backboneVal, test: h.test, checkpoint: h.checkpoint, steps: h.steps })
  )
  return h
}

export function apTrainingService(ctx: AppContext) {
  function start(req: ApTrainRequest, onDone?: (run: RunRow, end: JobInfo, result: ApTrainJobResult | null) => void): { job: JobInfo; run: RunRow } {
    if (!req.backbone) throw new AppError('INVALID_ARGUMENT', 'the AP needs a backbone: --backbone <ANCLaF stage-1 image run>')
    const backbone = resolveBackbone(ctx, req.backbone)
    const clips = listClips(req.dataDir)
    const dataHash = datasetHash(clips, req.format)
    const id = apRunIdOf(req, dataHash, backbone)
    const runDir = join(ctx.layout.root, 'runs', id)
    const preset = (JSON.parse(getRun(ctx.db, backbone.runId)!.configJson) as AnclafConfig).preset
    const configJson = JSON.stringify({ kind: 'ap', config: req.config, backbone, dataset: resolve(req.dataDir), format: req.format, dataHash, fold: req.fold })
    const run = upsertRun(ctx.db, { id, model: AP_MODEL, preset, configJson, dataHash, fold: req.fold.name, runDir })
    setRunConfigJson(ctx.db, id, configJson) // a re-run trains again from scratch: drop the old record
    setRunRegistryFields(ctx.db, id, { epochsPlanned: req.config.epochs, codeVersion: ctx.version, stopReason: null })
    const args: ApTrainJobArgs = {
      runId: id,
      config: req.config,
      dataDir: resolve(req.dataDir),
      format: req.format,
      fold: req.fold,
      dataHash,
      backbone,
      runDir,
      cacheDir: ctx.layout.cacheDir,
      latentsRoot: latentsRoot(ctx)
    }
    // Queued behind another job until the runner starts it; while it runs, the curves are copied into the store as
    // epochs end (ap.json is rewritten after every epoch).
    const job = startRunJob<ApTrainJobResult>(ctx, id, { kind: 'model:train-ap', label: `Training AP on ${req.fold.name} (backbone ${backbone.runId})`, args }, (r) => syncApRun(ctx, r), {
      onEnd: (end) => setRunRegistryFields(ctx.db, id, { stopReason: end.state === 'cancelled' ? 'cancelled' : null }),
      onDone
    })
    return { job, run }
  }
  return { start }
}
