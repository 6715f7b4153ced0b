/**
 * 'model:train-sequence' job body (worker thread): stage-1 latents of the fold's clips from the latent cache
 * (computed first where absent or stale), then the whole curriculum of a sequence model on them
 * (engine/train/sequence-trainer.ts), a checkpoint per stage (`<runDir>/stage-<name>.ckpt`, written as each stage
 * ends), the run's record in `<runDir>/sequence.json` (rewritten after every stage, so a killed run keeps what it
 * finished), and finally every stage on the test subjects (sequence-eval.ts).
 *
 * Progress (done/total → ETA): latent frames to encode count 1/8 of a training step each, then training steps;
 * cancel stops between steps (CANCELLED; finished stages stay on disk). A re-run starts the curriculum again (the
 * trainer keeps no optimiser state across processes; on cached latents a stage takes seconds to minutes).
 */
import { renameSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import type { SplitFold } from '../../../core/folds'
import type { LabelFormat } from '../../engine/data/dataset-dir'
import { curriculumPlan, validateSequenceConfig, VARIANT_LABEL, type Modality, type SequenceConfig } from '../../engine/models/sequence/config'
import { targetWindows } from '../../engine/models/sequence/windows'
import { stageCheckpointPath, writeStageCheckpoint } from '../../engine/train/sequence-checkpoint'
import { trainSequence, type StageRecord } from '../../engine/train/sequence-trainer'
import { useBackend } from '../../engine/train/use-backend'
import type { JobHandler } from '../../jobs/protocol'
import { disposeStage1, loadStage1, type LoadedStage1, type Stage1Ref } from '../latents/latent-compute'
import { loadSequenceClips } from './sequence-data'
import { evaluateOnTest, type StageTest } from './sequence-eval'

export interface SequenceTrainJobArgs {
  readonly runId: string
  readonly config: SequenceConfig
  readonly dataDir: string
  readonly format: LabelFormat
  readonly fold: SplitFold
  readonly dataHash: string
  readonly stage1: Partial<Record<Modality, Stage1Ref>>
  readonly runDir: string
  readonly cacheDir: string
  readonly latentsRoot: string
}

export interface SequenceStageResult extends StageRecord {
  readonly checkpoint: string
  readonly test: StageTest | null
}

/** `<runDir>/sequence.json`: the run's record (also copied into the store's config_json). */
export interface SequenceHistory {
  readonly status: 'running' | 'done'
  readonly runId: string
  readonly variant: SequenceConfig['variant']
  readonly label: string
  readonly fold: string
  readonly dims: Readonly<Record<string, number>> | null
  readonly clips: Readonly<Record<'train' | 'val' | 'test', string[]>>
  readonly stages: readonly SequenceStageResult[]
  /** The stage inference uses by default (the last of the curriculum). */
  readonly final: string | null
  readonly latents: { readonly computedFrames: number; readonly wallS: number }
  readonly backend: string
}

export const SEQUENCE_HISTORY = 'sequence.json'
export const TEST_PREDICTIONS = 'test-predictions.json'

export type SequenceTrainJobResult = SequenceHistory

function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.tmp-${process.pid}`
  writeFileSync(tmp, JSON.stringify(value, null, 1))
  renameSync(tmp, path)
}

function isArgs(a: unknown): a is SequenceTrainJobArgs {
  const o = a as Record<string, unknown> | null
  return !!o && typeof o.runId === 'string' && typeof o.dataDir === 'string' && typeof o.runDir === 'string' && typeof o.config === 'object' && typeof o.stage1 === 'object'
}

export const sequenceTrainJob: JobHandler = async (raw, ctx) => {
  if (!isArgs(raw)) throw new AppError('INVALID_ARGUMENT', 'malformed sequence training job arguments')
  const a = raw
  const config = validateSequenceConfig(a.config)
  const backend = await useBackend('wasm')
  mkdirSync(a.runDir, { recursive: true })
  const loaded: Partial<Record<Modality, LoadedStage1>> = {}
  try {
    for (const m of config.modalities) {
      const ref = a.stage1[m]
      if (!ref) throw new AppError('INVALID_ARGUMENT', `${config.variant} reads ${m} latents but no ${m} stage-1 run was given`)
      loaded[m] = loadStage1(ref)
    }
    // Rough cost model for one ETA over both phases: a latent frame ≈ 1/8 of a training step.
    const plan = curriculumPlan(config)
    let trainUnits = 0
    let latentUnits = 0
    const t0 = Date.now()
    let encodeTotal = 0
    const clips = await loadSequenceClips({
      dataDir: a.dataDir,
      format: a.format,
      fold: a.fold,
      dataHash: a.dataHash,
      config,
      stage1: loaded,
      latentsRoot: a.latentsRoot,
      cacheDir: a.cacheDir,
      signal: ctx.signal,
      onProgress: (done, total) => {
        encodeTotal = total
        latentUnits = total / 8
        ctx.progress(done / 8, latentUnits + Math.max(1, trainUnits))
      }
    })
    const latentsWallS = (Date.now() - t0) / 1000
    const by = (s: 'train' | 'val' | 'test') => clips.filter((c) => c.split === s)
    const train = by('train').map((c) => c.session)
    const val = by('val').map((c) => c.session)
    trainUnits = plan.length * config.epochsPerStage * Math.floor(targetWindows(train).length / config.batch)
    const label = VARIANT_LABEL[config.variant]
    const stages: SequenceStageResult[] = []
    const names = { train: by('train').map((c) => c.clip.clipId), val: by('val').map((c) => c.clip.clipId), test: by('test').map((c) => c.clip.clipId) }
    const history = (status: SequenceHistory['status'], dims: SequenceHistory['dims']): SequenceHistory => ({
      status,
      runId: a.runId,
      variant: config.variant,
      label,
      fold: a.fold.name,
      dims,
      clips: names,
      stages,
      final: status === 'done' ? (stages.at(-1)?.name ?? null) : null,
      latents: { computedFrames: encodeTotal, wallS: latentsWallS },
      backend
    })
    const historyPath = join(a.runDir, SEQUENCE_HISTORY)
    writeJsonAtomic(historyPath, history('running', null))
    const provenance = { runId: a.runId, stage1: a.stage1, dataHash: a.dataHash, fold: a.fold.name, format: a.format }
    let dims: SequenceHistory['dims'] = null
    const result = await trainSequence({
      config,
      train,
      val,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(latentUnits + p.done, latentUnits + p.total),
      onStage: (rec, weights) => {
        const first = train[0]
        dims = { ...(first.image ? { image: first.image.length / first.frames } : {}), ...(first.audio ? { audio: first.audio.length / first.frames } : {}) }
        const checkpoint = stageCheckpointPath(a.runDir, rec.name)
        writeStageCheckpoint(checkpoint, { kind: 'sequence-stage', config, dims, stage: { name: rec.name, n: rec.n, attention: rec.attention, bestEpoch: rec.bestEpoch }, provenance }, weights)
        stages.push({ ...rec, checkpoint, test: null })
        writeJsonAtomic(historyPath, history('running', dims))
      }
    })
    const tests = await evaluateOnTest({
      runId: a.runId,
      label,
      fold: a.fold.name,
      stages: stages.map((s) => ({ name: s.name, checkpoint: s.checkpoint })),
      clips,
      predictionsPath: join(a.runDir, TEST_PREDICTIONS),
      signal: ctx.signal
    })
    if (tests) tests.forEach((t, i) => (stages[i] = { ...stages[i], test: t }))
    const done = history('done', { ...result.dims })
    writeJsonAtomic(historyPath, done)
    return done satisfies SequenceTrainJobResult
  } finally {
    for (const s of Object.values(loaded)) if (s) disposeStage1(s)
  }
}
