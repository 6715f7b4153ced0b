/**
 * Sequence-model training (main side): resolves the stage-1 runs (best checkpoint + its weights hash + what it was
 * trained on), records the run (runs: model = the variant, config_json = {config, stage1, dataset, fold, then the
 * curriculum stage records}; run_epochs: every epoch of every stage as one row, numbered across stages, with the
 * stage's name / window / attention in its metrics; one 'test' row per stage; run_checkpoints: one per stage, the
 * final stage marked best = the one inference uses), and starts the 'model:train-sequence' job.
 * Run id: a hash of (config, dataset, format, data hash, fold, stage-1 runs + weights hashes), so the same command
 * names the same run; other stage-1 weights make another run.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import type { SplitFold } from '../../../core/folds'
import { getBestCheckpoint, getRun, replaceRunCheckpoints, replaceRunEpochs, setRunConfigJson, setRunStatus, upsertRun, type EpochRow, type RunRow } from '../../db/queries/runs'
import { datasetHash, listClips, type LabelFormat } from '../../engine/data/dataset-dir'
import { stage1Input, type AnclafConfig } from '../../engine/models/anclaf/config'
import { SEQUENCE_VARIANTS, type Modality, type SequenceConfig, type SequenceVariant } from '../../engine/models/sequence/config'
import { checkpointWeightsHash } from '../../engine/train/checkpoint'
import type { AppContext } from '../app-context'
import type { Stage1Ref } from '../latents/latent-compute'
import { SEQUENCE_HISTORY, type SequenceHistory, type SequenceTrainJobArgs, type SequenceTrainJobResult } from './sequence-train-job'

export interface SequenceTrainRequest {
  readonly config: SequenceConfig
  readonly dataDir: string
  readonly format: LabelFormat
  readonly fold: SplitFold
  /** Stage-1 run ids per modality. */
  readonly stage1: Partial<Record<Modality, string>>
}

export function isSequenceRun(run: Pick<RunRow, 'model'>): boolean {
  return (SEQUENCE_VARIANTS as readonly string[]).includes(run.model)
}

export function latentsRoot(ctx: AppContext): string {
  return join(ctx.layout.root, 'latents')
}

/** A stage-1 run as the given modality's latent source; clear errors for a wrong, unfinished or mismatched run. */
export function resolveStage1(ctx: AppContext, runId: string, modality: Modality): Stage1Ref {
  const run = getRun(ctx.db, runId)
  if (!run) throw new AppError('NOT_FOUND', `no run '${runId}' (list runs with the store, or train one: circumplex train --model anclaf${modality === 'audio' ? ' --input spectrogram' : ''} …)`)
  if (run.model !== 'anclaf') throw new AppError('INVALID_ARGUMENT', `run ${runId} is a '${run.model}' run; the ${modality} latents come from an ANCLaF stage-1 run`)
  const config = JSON.parse(run.configJson) as AnclafConfig
  const want = modality === 'image' ? 'image' : 'spectrogram'
  if (stage1Input(config) !== want) {
    throw new AppError(
      'INVALID_ARGUMENT',
      modality === 'audio'
        ? `run ${runId} was trained on face crops; --stage1-audio needs a run trained on spectrogram windows (circumplex train --model anclaf --input spectrogram …)`
        : `run ${runId} was trained on spectrogram windows; --stage1 needs a run trained on face crops`
    )
  }
  const best = getBestCheckpoint(ctx.db, runId)
  if (!best || !existsSync(best.path)) throw new AppError('NOT_FOUND', `run ${runId} has no best checkpoint yet (status ${run.status})`)
  return { runId, checkpoint: best.path, weightsHash: checkpointWeightsHash(best.path), modality }
}

export function sequenceRunIdOf(r: SequenceTrainRequest, dataHash: string, stage1: Partial<Record<Modality, Stage1Ref>>): string {
  const s1 = Object.fromEntries(Object.entries(stage1).map(([k, v]) => [k, { run: v.runId, weights: v.weightsHash }]))
  const key = JSON.stringify({ config: r.config, data: resolve(r.dataDir), format: r.format, dataHash, fold: r.fold, stage1: s1 })
  return `${r.config.variant}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`
}

/** run_epochs rows of a sequence record: epochs numbered across stages; test rows at each stage's selected epoch. */
export function sequenceEpochRows(h: SequenceHistory): EpochRow[] {
  const rows: EpochRow[] = []
  let offset = 0
  h.stages.forEach((st, i) => {
    const tag = { stage_index: i, window: st.n, attention: st.attention ? 1 : 0 }
    for (const e of st.epochs) rows.push({ epoch: offset + e.epoch, split: 'val', metrics: { ...e.val, ...tag }, losses: { affect: e.loss }, wallS: e.wallS })
    if (st.test) rows.push({ epoch: offset + st.bestEpoch, split: 'test', metrics: { ...st.test.all, ...tag }, losses: {}, wallS: null })
    offset += st.epochs.length
  })
  return rows
}

/** Copies `<runDir>/sequence.json` into the store (epochs, checkpoints, config_json with the stage records). */
export function syncSequenceRun(ctx: AppContext, run: RunRow): SequenceHistory | null {
  if (!run.runDir) return null
  const p = join(run.runDir, SEQUENCE_HISTORY)
  if (!existsSync(p)) return null
  const h = JSON.parse(readFileSync(p, 'utf8')) as SequenceHistory
  replaceRunEpochs(ctx.db, run.id, sequenceEpochRows(h))
  let offset = 0
  const cks = h.stages.map((st, i) => {
    const row = { epoch: offset + st.bestEpoch, path: st.checkpoint, isBest: i === h.stages.length - 1 }
    offset += st.epochs.length
    return row
  })
  replaceRunCheckpoints(ctx.db, run.id, cks.filter((c) => existsSync(c.path)))
  const cfg = JSON.parse(run.configJson) as Record<string, unknown>
  const stages = h.stages.map((s) => ({
    name: s.name,
    n: s.n,
    attention: s.attention,
    initFrom: s.initFrom,
    bestEpoch: s.bestEpoch,
    epochs: s.epochs.length,
    windows: s.windows,
    wallS: s.wallS,
    initialValCcc: s.initialVal.ccc_mean,
    val: s.val,
    test: s.test?.all ?? null,
    testByCondition: s.test?.byCondition ?? null,
    checkpoint: s.checkpoint
  }))
  setRunConfigJson(ctx.db, run.id, JSON.stringify({ ...cfg, status: h.status, dims: h.dims, clips: h.clips, final: h.final, stages }))
  return h
}

export function sequenceTrainingService(ctx: AppContext) {
  function start(req: SequenceTrainRequest, onDone?: (run: RunRow, end: JobInfo, result: SequenceTrainJobResult | null) => void): { job: JobInfo; run: RunRow } {
    if (!(SEQUENCE_VARIANTS as readonly SequenceVariant[]).includes(req.config.variant)) throw new AppError('INVALID_ARGUMENT', `unknown sequence variant ${req.config.variant}`)
    const stage1: Partial<Record<Modality, Stage1Ref>> = {}
    for (const m of req.config.modalities) {
      const id = req.stage1[m]
      if (!id) {
        throw new AppError(
          m === 'audio' ? 'MEDIA_NO_AUDIO' : 'INVALID_ARGUMENT',
          m === 'audio'
            ? `${req.config.variant} reads audio latents: give --stage1-audio <run trained with --input spectrogram>`
            : `${req.config.variant} reads image latents: give --stage1 <ANCLaF image run>`
        )
      }
      stage1[m] = resolveStage1(ctx, id, m)
    }
    const clips = listClips(req.dataDir)
    const dataHash = datasetHash(clips, req.format)
    const id = sequenceRunIdOf(req, dataHash, stage1)
    const runDir = join(ctx.layout.root, 'runs', id)
    const preset = stage1.image ? (JSON.parse(getRun(ctx.db, stage1.image.runId)!.configJson) as AnclafConfig).preset : 'latent'
    const configJson = JSON.stringify({ kind: 'sequence', config: req.config, stage1, dataset: resolve(req.dataDir), format: req.format, dataHash, fold: req.fold })
    const run = upsertRun(ctx.db, { id, model: req.config.variant, preset, configJson, dataHash, fold: req.fold.name, runDir })
    setRunConfigJson(ctx.db, id, configJson) // a re-run starts the curriculum again: drop the old stage records
    const args: SequenceTrainJobArgs = {
      runId: id,
      config: req.config,
      dataDir: resolve(req.dataDir),
      format: req.format,
      fold: req.fold,
      dataHash,
      stage1,
      runDir,
      cacheDir: ctx.layout.cacheDir,
      latentsRoot: latentsRoot(ctx)
    }
    const t0 = Date.now()
    let result: SequenceTrainJobResult | null = null
    setRunStatus(ctx.db, id, { status: 'running', started: true })
    const job = ctx.jobs.start({
      kind: 'model:train-sequence',
      label: `Training ${req.config.variant} on ${req.fold.name}`,
      args,
      onResult: (r) => {
        result = r as SequenceTrainJobResult
      }
    })
    void ctx.jobs.wait(job.id).then((end) => {
      const status = end.state === 'done' ? 'done' : end.state === 'cancelled' ? 'cancelled' : 'failed'
      setRunStatus(ctx.db, id, { status, backend: result?.backend ?? null, finished: true, wallS: (Date.now() - t0) / 1000, error: end.error ? `${end.error.code}: ${end.error.message}` : null })
      const stored = getRun(ctx.db, id)!
      syncSequenceRun(ctx, stored)
      onDone?.(getRun(ctx.db, id)!, end, result)
    })
    return { job, run }
  }
  return { start }
}
