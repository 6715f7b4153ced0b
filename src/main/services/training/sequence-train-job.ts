/**
 * 'model:train-sequence' job body (worker thread): stage-1 latents of the fold's clips from the latent cache
 * (computed first where absent or stale), then the whole curriculum of a sequence model on them
 * (engine/train/sequence-trainer.ts), a checkpoint per stage (`<runDir>/stage-<name>.ckpt`, written as each stage
 * ends), the run's record in `<runDir>/sequence.json` (rewritten after every stage, so a killed run keeps what it
 * finished), and finally every stage on the test subjects (sequence-eval.ts).
 *
 * Progress in phases (each with its own ETA): 'latents' (frames to encode), 'training' (steps over all stages,
 * those of stages kept by a resume counted as done), 'testing'; cancel stops between steps (CANCELLED; finished
 * stages stay on disk).
 *
 * Resume (a re-run of the same run id: pause/resume, a crash, the same command again) is per STAGE: a stage whose
 * record is in sequence.json and whose checkpoint reads back complete (checksummed) with this run's config, stage
 * and latent sizes is kept as it is (record, checkpoint file untouched) and its weights start the next stage; the
 * curriculum continues with the first stage that is not finished. A stage cut short is trained again from its
 * start: the trainer writes no per-epoch state (Adam moments, best-so-far weights) to disk, and each stage starts
 * with a fresh Adam state anyway, so a stage restart gives the same stage a clean run. Test metrics are computed
 * again for every stage at the end (they depend only on the checkpoints).
 */
import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import type { SplitFold } from '../../../core/folds'
import type { LabelFormat } from '../../engine/data/dataset-dir'
import { curriculumPlan, validateSequenceConfig, VARIANT_LABEL, type Modality, type SequenceConfig } from '../../engine/models/sequence/config'
import { targetWindows } from '../../engine/models/sequence/windows'
import { readStageCheckpoint, stageCheckpointPath, writeStageCheckpoint } from '../../engine/train/sequence-checkpoint'
import { trainSequence, type CompletedStage, type SequenceEpochLog, type StageRecord } from '../../engine/train/sequence-trainer'
import { jobBackend } from '../../engine/train/use-backend'
import type { JobHandler } from '../../jobs/protocol'
import { disposeStage1, loadStage1, silenceLatent, type LoadedStage1, type Stage1Ref } from '../latents/latent-compute'
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
  /** The stage being trained (its epochs so far; live curves), absent once it ends. Never resumed from. */
  readonly current?: { readonly name: string; readonly n: number; readonly attention: boolean; readonly epochs: readonly SequenceEpochLog[] } | null
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

/**
 * The finished stages of an earlier job of this run, in curriculum order from the first, each with its record (as
 * written, `test` cleared: recomputed at the end) and its checkpoint's weights. Stops at the first stage that is
 * missing, cut short or does not match (config, stage, latent sizes); later stages are trained again.
 */
export function finishedStages(runDir: string, config: SequenceConfig): { results: SequenceStageResult[]; completed: CompletedStage[] } {
  const results: SequenceStageResult[] = []
  const completed: CompletedStage[] = []
  const p = join(runDir, SEQUENCE_HISTORY)
  if (!existsSync(p)) return { results, completed }
  let h: SequenceHistory
  try {
    h = JSON.parse(readFileSync(p, 'utf8')) as SequenceHistory
  } catch {
    return { results, completed }
  }
  const plan = curriculumPlan(config)
  const want = JSON.stringify(config)
  let dims: string | null = null
  for (let i = 0; i < plan.length && i < (h.stages?.length ?? 0); i++) {
    const rec = h.stages[i]
    if (rec.name !== plan[i].name || rec.n !== plan[i].n || rec.epochs?.length !== config.epochsPerStage) break
    const path = stageCheckpointPath(runDir, rec.name)
    if (!existsSync(path)) break
    let ck: ReturnType<typeof readStageCheckpoint>
    try {
      ck = readStageCheckpoint(path)
    } catch {
      break
    }
    const d = JSON.stringify(ck.meta.dims)
    if (JSON.stringify(ck.meta.config) !== want || ck.meta.stage.name !== rec.name || ck.meta.stage.bestEpoch !== rec.bestEpoch || (dims !== null && d !== dims)) break
    dims = d
    results.push({ ...rec, checkpoint: path, test: null })
    const { checkpoint: _c, test: _t, ...record } = rec
    completed.push({ record, weights: ck.weights })
  }
  return { results, completed }
}

function isArgs(a: unknown): a is SequenceTrainJobArgs {
  const o = a as Record<string, unknown> | null
  return !!o && typeof o.runId === 'string' && typeof o.dataDir === 'string' && typeof o.runDir === 'string' && typeof o.config === 'object' && typeof o.stage1 === 'object'
}

export const sequenceTrainJob: JobHandler = async (raw, ctx) => {
  if (!isArgs(raw)) throw new AppError('INVALID_ARGUMENT', 'malformed sequence training job arguments')
  const a = raw
  const config = validateSequenceConfig(a.config)
  const backend = await jobBackend()
  mkdirSync(a.runDir, { recursive: true })
  const loaded: Partial<Record<Modality, LoadedStage1>> = {}
  try {
    for (const m of config.modalities) {
      const ref = a.stage1[m]
      if (!ref) throw new AppError('INVALID_ARGUMENT', `${config.variant} reads ${m} latents but no ${m} stage-1 run was given`)
      loaded[m] = loadStage1(ref)
    }
    const plan = curriculumPlan(config)
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
        ctx.progress(done, total, 'latents')
      }
    })
    const latentsWallS = (Date.now() - t0) / 1000
    const by = (s: 'train' | 'val' | 'test') => clips.filter((c) => c.split === s)
    const train = by('train').map((c) => c.session)
    const val = by('val').map((c) => c.session)
    const trainSteps = plan.length * config.epochsPerStage * Math.floor(targetWindows(train).length / config.batch)
    const label = VARIANT_LABEL[config.variant]
    const resumed = finishedStages(a.runDir, config)
    const stages: SequenceStageResult[] = [...resumed.results]
    const names = { train: by('train').map((c) => c.clip.clipId), val: by('val').map((c) => c.clip.clipId), test: by('test').map((c) => c.clip.clipId) }
    let current: SequenceHistory['current'] = null
    const history = (status: SequenceHistory['status'], dims: SequenceHistory['dims']): SequenceHistory => ({
      status,
      runId: a.runId,
      variant: config.variant,
      label,
      fold: a.fold.name,
      dims,
      clips: names,
      stages,
      current,
      final: status === 'done' ? (stages.at(-1)?.name ?? null) : null,
      latents: { computedFrames: encodeTotal, wallS: latentsWallS },
      backend
    })
    const historyPath = join(a.runDir, SEQUENCE_HISTORY)
    writeJsonAtomic(historyPath, history('running', null))
    const provenance = { runId: a.runId, stage1: a.stage1, dataHash: a.dataHash, fold: a.fold.name, format: a.format }
    let dims: SequenceHistory['dims'] = null
    const audioSilence = config.audioDropout > 0 && loaded.audio ? await silenceLatent(loaded.audio) : undefined
    const result = await trainSequence({
      config,
      train,
      val,
      ...(audioSilence ? { audioSilence } : {}),
      completed: resumed.completed,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(p.done, p.total, 'training'),
      onEpoch: (stage, log) => {
        const st = plan.find((x) => x.name === stage)!
        current = { name: stage, n: st.n, attention: st.attention, epochs: [...(current?.name === stage ? current.epochs : []), log] }
        writeJsonAtomic(historyPath, history('running', dims))
      },
      onStage: (rec, weights) => {
        current = null
        const first = train[0]
        dims = { ...(first.image ? { image: first.image.length / first.frames } : {}), ...(first.audio ? { audio: first.audio.length / first.frames } : {}) }
        const checkpoint = stageCheckpointPath(a.runDir, rec.name)
        writeStageCheckpoint(checkpoint, { kind: 'sequence-stage', config, dims, stage: { name: rec.name, n: rec.n, attention: rec.attention, bestEpoch: rec.bestEpoch }, provenance }, weights)
        stages.push({ ...rec, checkpoint, test: null })
        writeJsonAtomic(historyPath, history('running', dims))
      }
    })
    ctx.progress(trainSteps, trainSteps, 'testing')
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
