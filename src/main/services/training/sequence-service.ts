/**
 * Sequence-model training (main side): resolves the stage-1 runs (best checkpoint + its weights hash + what it was
 * trained on), records the run (runs: model = the variant, config_json = {config, stage1, dataset, fold, then the
 * curriculum stage records}; run_epochs: every epoch of every stage as one row, numbered across stages, with the
 * stage's name / window / attention in its metrics; one 'test' row per stage; run_checkpoints: one per stage, the
 * final stage marked best = the one inference uses), and starts the 'model:train-sequence' job.
 * Run id: a hash of (config, dataset, format, data hash, fold, stage-1 runs + weights hashes), so the same command
 * names the same run; other stage-1 weights make another run. A re-run of the same run id resumes per stage
 * (sequence-train-job.ts: finished stages are kept); the request is kept in the run folder (request.json, kind
 * 'sequence') so the app can resume it after a restart (run-control.ts).
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import type { SplitFold } from '../../../core/folds'
import { getBestCheckpoint, getRun, setRunConfigJson, setRunRegistryFields, setRunStatus, upsertRun, type RunRow } from '../../db/queries/runs'
import { syncSequenceRun } from './sequence-sync'
import { datasetHash, listClips, type LabelFormat } from '../../engine/data/dataset-dir'
import { stage1Input, type AnclafConfig } from '../../engine/models/anclaf/config'
import { curriculumPlan, SEQUENCE_VARIANTS, VARIANT_LABEL, type Modality, type SequenceConfig, type SequenceVariant } from '../../engine/models/sequence/config'
import { checkpointWeightsHash } from '../../engine/train/checkpoint'
import type { AppContext } from '../app-context'
import type { Stage1Ref } from '../latents/latent-compute'
import { activeRunJob, clearOwner, markRunWhenStarted, registerRunJob, runEnd, writeOwner } from './run-jobs'
import { readRunRequest, writeRunRequest } from './run-request'
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

export { sequenceEpochRows, syncSequenceRun } from './sequence-sync'

export interface SequenceStartOptions {
  /** The data hash, when the caller has just checked it (the app hashes off the event loop); else hashed here. */
  readonly dataHash?: string
  /** The registered dataset it trains on (null: a folder given directly). */
  readonly datasetId?: string | null
}

/** What it takes to start a sequence run again (resume), kept in its folder as request.json. */
export interface StoredSequenceRequest {
  readonly version: 1
  readonly kind: 'sequence'
  readonly config: SequenceConfig
  readonly dataDir: string
  readonly format: LabelFormat
  readonly fold: SplitFold
  readonly stage1: Partial<Record<Modality, string>>
  readonly dataHash: string
  readonly datasetId: string | null
}

export function readSequenceRequest(runDir: string): StoredSequenceRequest | null {
  return readRunRequest<StoredSequenceRequest>(runDir, (r) => r.version === 1 && r.kind === 'sequence' && typeof r.dataDir === 'string' && r.config?.model === 'sequence' && typeof r.stage1 === 'object')
}

function writeSequenceRequest(runDir: string, r: StoredSequenceRequest): void {
  writeRunRequest(runDir, r)
}

/** Curriculum stages finished according to the run folder (0: none). */
export function finishedStageCount(runDir: string | null): number {
  if (!runDir) return 0
  try {
    const h = JSON.parse(readFileSync(join(runDir, SEQUENCE_HISTORY), 'utf8')) as Partial<SequenceHistory>
    return h.stages?.length ?? 0
  } catch {
    return 0
  }
}

export function sequenceTrainingService(ctx: AppContext) {
  /**
   * Starts (or resumes: the same request names the same run, whose finished stages are kept) a sequence run as a
   * job. Registered like an ANCLaF run (run-jobs.ts): pause / cancel intent, owner file, stop reason, crash.
   */
  function start(
    req: SequenceTrainRequest,
    onDone?: (run: RunRow, end: JobInfo, result: SequenceTrainJobResult | null) => void,
    opts: SequenceStartOptions = {}
  ): { job: JobInfo; run: RunRow } {
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
    const dataHash = opts.dataHash ?? datasetHash(listClips(req.dataDir), req.format)
    const id = sequenceRunIdOf(req, dataHash, stage1)
    const busy = activeRunJob(ctx, id)
    if (busy) throw new AppError('CONFLICT', `run ${id} is already ${ctx.jobs.get(busy).state === 'queued' ? 'queued' : 'training'} (job ${busy})`)
    const runDir = join(ctx.layout.root, 'runs', id)
    const preset = stage1.image ? (JSON.parse(getRun(ctx.db, stage1.image.runId)!.configJson) as AnclafConfig).preset : 'latent'
    const configJson = JSON.stringify({ kind: 'sequence', config: req.config, stage1, dataset: resolve(req.dataDir), format: req.format, dataHash, fold: req.fold })
    upsertRun(ctx.db, { id, model: req.config.variant, preset, configJson, dataHash, fold: req.fold.name, runDir })
    setRunConfigJson(ctx.db, id, configJson)
    // The stages a resume keeps stay in the record while the rest trains.
    syncSequenceRun(ctx, getRun(ctx.db, id)!)
    const stageIds = Object.fromEntries(Object.entries(stage1).map(([m, r]) => [m, r.runId])) as Partial<Record<Modality, string>>
    writeSequenceRequest(runDir, { version: 1, kind: 'sequence', config: req.config, dataDir: resolve(req.dataDir), format: req.format, fold: req.fold, stage1: stageIds, dataHash, datasetId: opts.datasetId ?? null })
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
    const job = ctx.jobs.start({
      kind: 'model:train-sequence',
      label: `Training ${VARIANT_LABEL[req.config.variant]} on ${req.fold.name}`,
      args,
      onResult: (r) => {
        result = r as SequenceTrainJobResult
      }
    })
    registerRunJob(ctx, id, job.id)
    writeOwner(runDir)
    setRunRegistryFields(ctx.db, id, {
      ...(opts.datasetId !== undefined ? { datasetId: opts.datasetId } : {}),
      stopReason: null,
      codeVersion: ctx.version,
      epochsPlanned: curriculumPlan(req.config).length * req.config.epochsPerStage
    })
    const off = markRunWhenStarted(ctx, id, job.id, 'wasm')
    void ctx.jobs.wait(job.id).then((end) => {
      off()
      const { status, crashed, stopReason } = runEnd(ctx, id, end)
      const kept = finishedStageCount(runDir)
      const error = !end.error
        ? null
        : crashed
          ? `engine crashed: ${end.error.message}. Resume keeps the finished stages (${kept > 0 ? `${kept} of ${curriculumPlan(req.config).length}` : 'none yet: from the first'})`
          : `${end.error.code}: ${end.error.message}`
      setRunStatus(ctx.db, id, { status, backend: result?.backend ?? null, finished: true, wallS: (Date.now() - t0) / 1000, error })
      setRunRegistryFields(ctx.db, id, { stopReason })
      clearOwner(runDir)
      try {
        syncSequenceRun(ctx, getRun(ctx.db, id)!)
      } catch {
        // a sequence.json cut short: the store keeps the record it had
      }
      onDone?.(getRun(ctx.db, id)!, end, result)
    })
    return { job, run: getRun(ctx.db, id)! }
  }
  return { start }
}
