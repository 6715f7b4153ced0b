/**
 * 'model:train-ap' job body (worker thread): the backbone's features and predictions for the fold's clips (latent
 * cache, computed first where absent or stale), then AP training (engine/train/ap-trainer.ts) with the best
 * validation epoch written to `<runDir>/best.ckpt` as it improves, the run's record in `<runDir>/ap.json`
 * (rewritten after every epoch, so a killed run keeps what it finished), and finally the held-out report on the test
 * subjects (ap-eval.ts) with per-frame outputs in `<runDir>/test-predictions.json`.
 *
 * Progress (done/total → ETA): a latent frame to encode counts as half a training step, then training steps and
 * one unit per validation. Cancel stops between steps (CANCELLED; the best checkpoint so far stays on disk).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import type { SplitFold } from '../../../core/folds'
import type { LabelFormat } from '../../engine/data/dataset-dir'
import { validateApConfig, type ApConfig } from '../../engine/models/ap/config'
import { disposeApModel } from '../../engine/models/ap/model'
import { apModelFromCheckpoint, writeApCheckpoint, type ApCheckpointMeta } from '../../engine/train/ap-checkpoint'
import { evaluateAp, trainAp, type ApEpochLog } from '../../engine/train/ap-trainer'
import type { Metrics } from '../../engine/train/frame-set'
import { jobBackend } from '../../engine/train/use-backend'
import type { JobHandler } from '../../jobs/protocol'
import { disposeStage1, loadStage1, type Stage1Ref } from '../latents/latent-compute'
import { loadApClips } from './ap-data'
import { evaluateApOnTest, type ApTestReport } from './ap-eval'

export interface ApTrainJobArgs {
  readonly runId: string
  readonly config: ApConfig
  readonly dataDir: string
  readonly format: LabelFormat
  readonly fold: SplitFold
  readonly dataHash: string
  readonly backbone: Stage1Ref
  readonly runDir: string
  readonly cacheDir: string
  readonly latentsRoot: string
}

/** `<runDir>/ap.json`: the run's record (also copied into the store). */
export interface ApHistory {
  readonly status: 'running' | 'done'
  readonly runId: string
  readonly fold: string
  readonly featureDim: number | null
  readonly backbone: { readonly runId: string; readonly weightsHash: string }
  readonly clips: Readonly<Record<'train' | 'val' | 'test', string[]>>
  readonly epochs: readonly ApEpochLog[]
  readonly bestEpoch: number | null
  readonly bestVal: Metrics | null
  /** The backbone's own predictions on the validation frames. */
  readonly backboneVal: Metrics | null
  readonly checkpoint: string
  readonly test: ApTestReport | null
  readonly latents: { readonly computedFrames: number; readonly wallS: number }
  readonly steps: number
  readonly backend: string
}

export const AP_HISTORY = 'ap.json'
export const AP_CHECKPOINT = 'best.ckpt'
export const AP_TEST_PREDICTIONS = 'test-predictions.json'
export type ApTrainJobResult = ApHistory

function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.tmp-${process.pid}`
  writeFileSync(tmp, JSON.stringify(value, null, 1))
  renameSync(tmp, path)
}

function isArgs(a: unknown): a is ApTrainJobArgs {
  const o = a as Record<string, unknown> | null
  return !!o && typeof o.runId === 'string' && typeof o.dataDir === 'string' && typeof o.runDir === 'string' && typeof o.config === 'object' && typeof o.backbone === 'object' && !!o.backbone
}

export const apTrainJob: JobHandler = async (raw, ctx) => {
  if (!isArgs(raw)) throw new AppError('INVALID_ARGUMENT', 'malformed AP training job arguments')
  const a = raw
  const config = validateApConfig(a.config)
  const backend = await jobBackend()
  mkdirSync(a.runDir, { recursive: true })
  let st
  try {
    st = loadStage1(a.backbone)
  } catch (e) {
    if (e instanceof AppError && e.code === 'CONFLICT') throw new AppError('CONFLICT', `${e.message}: the AP run is keyed by the backbone's weights — start it again to make a new run`)
    throw e
  }
  try {
    const trainSteps = config.epochs * config.itersPerEpoch
    let latentUnits = 0
    let encodeTotal = 0
    const t0 = Date.now()
    const clips = await loadApClips({
      dataDir: a.dataDir,
      format: a.format,
      fold: a.fold,
      dataHash: a.dataHash,
      labelRange: config.labelRange,
      backbone: st,
      latentsRoot: a.latentsRoot,
      cacheDir: a.cacheDir,
      signal: ctx.signal,
      onProgress: (done, total) => {
        encodeTotal = total
        latentUnits = total / 2
        ctx.progress(done / 2, latentUnits + trainSteps + config.epochs)
      }
    })
    const latentsWallS = (Date.now() - t0) / 1000
    const by = (s: 'train' | 'val' | 'test') => clips.filter((c) => c.split === s)
    const names = { train: by('train').map((c) => c.clip.clipId), val: by('val').map((c) => c.clip.clipId), test: by('test').map((c) => c.clip.clipId) }
    const checkpoint = join(a.runDir, AP_CHECKPOINT)
    const historyPath = join(a.runDir, AP_HISTORY)
    const epochs: ApEpochLog[] = []
    let best: { epoch: number; val: Metrics } | null = null
    let backboneVal: Metrics | null = null
    let featureDim: number | null = null
    let steps = 0
    const history = (status: ApHistory['status'], test: ApTestReport | null): ApHistory => ({
      status,
      runId: a.runId,
      fold: a.fold.name,
      featureDim,
      backbone: { runId: a.backbone.runId, weightsHash: a.backbone.weightsHash },
      clips: names,
      epochs,
      bestEpoch: best?.epoch ?? null,
      bestVal: best?.val ?? null,
      backboneVal,
      checkpoint,
      test,
      latents: { computedFrames: encodeTotal, wallS: latentsWallS },
      steps,
      backend
    })
    const train = by('train').map((c) => c.session)
    const val = by('val').map((c) => c.session)
    backboneVal = await evaluateAp(null, val, config.labelRange, ctx.signal)
    writeJsonAtomic(historyPath, history('running', null))
    const provenance = { runId: a.runId, backbone: a.backbone, dataHash: a.dataHash, fold: a.fold.name, format: a.format }
    const result = await trainAp({
      config,
      train,
      val,
      signal: ctx.signal,
      onProgress: (p) => {
        steps = p.done
        ctx.progress(latentUnits + p.done + (p.epoch - 1), latentUnits + p.total + config.epochs)
      },
      onBest: (epoch, v, weights) => {
        featureDim = weights['dec.l1.w'].shape[0] - config.zDim
        best = { epoch, val: v }
        const meta: ApCheckpointMeta = { kind: 'ap', config, featureDim, epoch, provenance }
        writeApCheckpoint(checkpoint, meta, weights)
      },
      onEpoch: (log) => {
        epochs.push(log)
        ctx.progress(latentUnits + steps + log.epoch, latentUnits + trainSteps + config.epochs)
        writeJsonAtomic(historyPath, history('running', null))
      }
    })
    featureDim = result.featureDim
    const m = apModelFromCheckpoint({ kind: 'ap', config, featureDim: result.featureDim, epoch: result.bestEpoch, provenance }, result.weights)
    let test: ApTestReport | null
    try {
      test = await evaluateApOnTest(m, clips, { predictionsPath: join(a.runDir, AP_TEST_PREDICTIONS), signal: ctx.signal })
    } finally {
      disposeApModel(m)
    }
    const done = history('done', test)
    writeJsonAtomic(historyPath, done)
    return done satisfies ApTrainJobResult
  } finally {
    disposeStage1(st)
  }
}
