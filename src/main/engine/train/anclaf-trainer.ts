/**
 * The ANCLaF stage-1 training loop: seeded and deterministic, progress + cancel (AbortSignal), validation each
 * epoch, selection on the validation split only (core/folds selectCheckpoint), checkpoints (last + best) written
 * atomically after every epoch, resume from the last checkpoint, and a clean stop on a non-finite loss that keeps
 * the last good checkpoint. Every epoch also writes sample reconstructions of a few fixed validation frames
 * (samples.ts: clean | degraded | G(degraded)) before its history entry, so a watcher that sees epoch N in
 * history.json finds its samples too. With `lrSchedule` the lr follows train/schedule.ts; with `emaDecay` an
 * exponential moving average of the weights is what gets validated, selected and saved as best (config.ts).
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Tensor, Tensor4D } from '../tf'
import { getTf } from '../tf'
import { AppError } from '../../../shared/ipc/errors'
import { deriveSeed, selectCheckpoint, shuffled, type EpochRecord } from '../../../core/folds'
import type { AnclafConfig } from '../models/anclaf/config'
import { cropsToTensor, predictCrops } from '../models/anclaf/infer'
import { normaliseInput } from '../models/anclaf/input-norm'
import { createAnclaf, disposeAnclaf, NET_NAMES, type AnclafNets } from '../models/anclaf/model'
import { createAdamState, disposeAdamState } from './adam'
import { anclafTrainStep, type OptimiserStates, type StepLosses } from './anclaf-step'
import { divergedError, entriesToTensors, readCheckpointFile, tensorsToEntries, writeCheckpointFile, type CheckpointData } from './checkpoint'
import { degradeBatch } from './degradations'
import { augmentCrops } from './crop-jitter'
import { affectMetrics, epochTrainFrames, gatherCrops, minEpochTrainFrames, strided, subjectMetrics, type FrameSet, type Metrics, type TrainData } from './frame-set'
import { classCounts, inverseFrequencyWeights, quadrantOf } from './losses'
import { createSampleWriter, type SampleWriter } from './samples'
import { cloneParams, emaUpdate, emaWeight, scheduledLr } from './schedule'

export interface EpochLog {
  readonly epoch: number
  readonly wallS: number
  readonly losses: Record<string, number>
  readonly val: Metrics
  /** Learning rate of the epoch's last step (written when the config has an `lrSchedule`). */
  readonly lr?: number
  /** Milliseconds spent writing the epoch's sample reconstructions (included in wallS; absent: none written). */
  readonly samplesMs?: number
}

export interface CheckpointMeta {
  readonly kind: 'anclaf-stage1'
  readonly config: AnclafConfig
  readonly dataHash: string
  /** Last completed epoch (1-based). */
  readonly epoch: number
  readonly history: readonly EpochLog[]
  readonly bestEpoch: number | null
  readonly adamSteps: Record<string, number>
}

export interface TrainProgress {
  readonly epoch: number
  readonly epochs: number
  readonly step: number
  readonly steps: number
  readonly losses: StepLosses | null
}

export interface TrainOptions {
  readonly config: AnclafConfig
  readonly data: TrainData
  readonly runDir: string
  readonly epochs: number
  readonly signal?: AbortSignal
  /** Resume from runDir/last.ckpt when it exists (default true). */
  readonly resume?: boolean
  /** Write sample reconstructions every epoch (default true). */
  readonly samples?: boolean
  readonly onProgress?: (done: number, total: number, p: TrainProgress) => void
  readonly onEpoch?: (log: EpochLog) => void
}

export interface TrainResult {
  readonly epochs: number
  readonly resumedFrom: number
  readonly bestEpoch: number
  readonly bestVal: Metrics
  readonly history: readonly EpochLog[]
  /**
   * Test metrics of the best (validation-selected) checkpoint: all frames, degraded-segment frames, clean frames, and
   * each test subject's frames (with the mean bias of V and A; when the data came from a dataset).
   */
  readonly test: { all: Metrics; degraded: Metrics | null; clean: Metrics | null; bySubject?: Record<string, Metrics> } | null
  readonly checkpoints: { last: string; best: string }
  readonly backend: string
}

export const LAST = 'last.ckpt'
export const BEST = 'best.ckpt'
export const HISTORY = 'history.json'

export function netsToCheckpoint(nets: AnclafNets, opt: OptimiserStates | null, meta: CheckpointMeta, ema: AnclafNets | null = null): CheckpointData<CheckpointMeta> {
  const tensors = new Map<string, { shape: readonly number[]; values: Float32Array }>()
  for (const k of NET_NAMES) {
    tensorsToEntries(`${k}/`, nets[k], tensors)
    if (ema) tensorsToEntries(`ema/${k}/`, ema[k], tensors)
    if (opt) {
      tensorsToEntries(`adam/${k}/m/`, opt[k].m, tensors)
      tensorsToEntries(`adam/${k}/v/`, opt[k].v, tensors)
    }
  }
  return { meta, tensors }
}

/** Loads nets (and optimiser states) from a checkpoint; caller disposes. */
export function netsFromCheckpoint(data: CheckpointData<CheckpointMeta>): { nets: AnclafNets; opt: OptimiserStates } {
  const nets = { g: entriesToTensors('g/', data), d: entriesToTensors('d/', data), c: entriesToTensors('c/', data) }
  const opt = { g: createAdamState(), d: createAdamState(), c: createAdamState() }
  for (const k of NET_NAMES) {
    for (const [n, t] of entriesToTensors(`adam/${k}/m/`, data)) opt[k].m.set(n, t)
    for (const [n, t] of entriesToTensors(`adam/${k}/v/`, data)) opt[k].v.set(n, t)
    opt[k].step = data.meta.adamSteps[k] ?? 0
  }
  return { nets, opt }
}

/** The weight averages a last.ckpt carries (null: none, e.g. a best.ckpt or a run without `emaDecay`); caller disposes. */
export function emaFromCheckpoint(data: CheckpointData<CheckpointMeta>): AnclafNets | null {
  const ema = { g: entriesToTensors('ema/g/', data), d: entriesToTensors('ema/d/', data), c: entriesToTensors('ema/c/', data) }
  if (NET_NAMES.every((k) => ema[k].size > 0)) return ema
  disposeAnclaf(ema)
  return null
}

const cloneNets = (n: AnclafNets): AnclafNets => ({ g: cloneParams(n.g), d: cloneParams(n.d), c: cloneParams(n.c) })

function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.tmp-${process.pid}`
  writeFileSync(tmp, JSON.stringify(value, null, 1))
  renameSync(tmp, path)
}

/** Validation / test metrics of `nets` on the frames of `set` picked by `idx`. */
export async function evaluateSet(nets: AnclafNets, c: AnclafConfig, set: FrameSet, idx: readonly number[], signal?: AbortSignal) {
  const pred = await predictCrops(nets, c, gatherCrops(set, idx), idx.length, { batch: 64, signal })
  const gv = Float32Array.from(idx, (i) => set.valence[i])
  const ga = Float32Array.from(idx, (i) => set.arousal[i])
  const all = affectMetrics(pred.valence, pred.arousal, gv, ga)
  const degIdx = idx.map((f, j) => (set.degraded[f] ? j : -1)).filter((j) => j >= 0)
  const cleanIdx = idx.map((f, j) => (set.degraded[f] ? -1 : j)).filter((j) => j >= 0)
  return {
    all,
    degraded: degIdx.length >= 2 ? affectMetrics(pred.valence, pred.arousal, gv, ga, degIdx) : null,
    clean: cleanIdx.length >= 2 ? affectMetrics(pred.valence, pred.arousal, gv, ga, cleanIdx) : null,
    ...(set.subjects ? { bySubject: subjectMetrics(pred.valence, pred.arousal, gv, ga, set, idx) } : {})
  }
}

function makeBatch(c: AnclafConfig, set: FrameSet, idx: readonly number[], weights: Float32Array | null, seed: number) {
  const tf = getTf()
  const crops = gatherCrops(set, idx)
  augmentCrops(c, crops, idx.length, set.size, seed)
  const raw = cropsToTensor(crops, idx.length, set.size)
  const degraded = c.degrade.enabled ? degradeBatch(raw, { seed, probability: c.degrade.probability, kinds: c.degrade.kinds }).images : raw
  // With an input normalisation, G's target, D's real images and G's input are all normalised (after the degradation).
  const clean = normaliseInput(raw, c.inputNorm)
  const input = degraded === raw ? clean : normaliseInput(degraded, c.inputNorm)
  if (clean !== raw) tf.dispose([raw, degraded])
  const r = c.labelRange
  const tgt = new Float32Array(idx.length * 2)
  const q = new Int32Array(idx.length)
  idx.forEach((f, j) => {
    tgt[2 * j] = set.valence[f] / r
    tgt[2 * j + 1] = set.arousal[f] / r
    q[j] = quadrantOf(set.valence[f], set.arousal[f])
  })
  return {
    clean,
    input: input as Tensor4D,
    target: tf.tensor2d(tgt, [idx.length, 2]),
    quadrant: tf.tensor1d(q, 'int32'),
    weights: weights ? tf.tensor1d(Float32Array.from(idx, (f) => weights[f])) : null
  }
}

/** Trains (or resumes) ANCLaF stage 1 and evaluates the validation-selected checkpoint on the test split. */
export async function trainAnclafStage1(o: TrainOptions): Promise<TrainResult> {
  const tf = getTf()
  const c = o.config
  const { train, val, test } = o.data
  if (train.size !== c.inputSize) throw new AppError('INVALID_ARGUMENT', `training crops are ${train.size}² but the model expects ${c.inputSize}²`)
  if (val.count < 2) throw new AppError('INVALID_ARGUMENT', 'the validation split has fewer than 2 frames: checkpoints are selected on validation only')
  mkdirSync(o.runDir, { recursive: true })
  const lastPath = join(o.runDir, LAST)
  const bestPath = join(o.runDir, BEST)
  let nets: AnclafNets
  let opt: OptimiserStates
  let ema: AnclafNets | null = null
  let history: EpochLog[] = []
  let bestEpoch: number | null = null
  let startEpoch = 1
  if ((o.resume ?? true) && existsSync(lastPath)) {
    const ck = readCheckpointFile<CheckpointMeta>(lastPath)
    if (JSON.stringify(ck.meta.config) !== JSON.stringify(c)) throw new AppError('CONFLICT', `${lastPath} was trained with another config: use a new run directory`)
    if (ck.meta.dataHash !== o.data.dataHash) throw new AppError('CONFLICT', `${lastPath} was trained on other data (hash ${ck.meta.dataHash.slice(0, 12)} ≠ ${o.data.dataHash.slice(0, 12)})`)
    ;({ nets, opt } = netsFromCheckpoint(ck))
    if (c.emaDecay !== undefined) ema = emaFromCheckpoint(ck) ?? cloneNets(nets)
    history = [...ck.meta.history]
    bestEpoch = ck.meta.bestEpoch
    startEpoch = ck.meta.epoch + 1
  } else {
    nets = createAnclaf(c)
    opt = { g: createAdamState(), d: createAdamState(), c: createAdamState() }
    if (c.emaDecay !== undefined) ema = cloneNets(nets)
  }
  const resumedFrom = startEpoch - 1
  const weights =
    c.classWeights.form === 'inverse-frequency'
      ? inverseFrequencyWeights(train.valence, train.arousal, classCounts(train.valence, train.arousal, c.labelRange, c.classWeights.bins), c.labelRange, c.classWeights.bins)
      : null
  const cycle = c.strideCycle === true
  const trainFrames = minEpochTrainFrames(train.count, c.frameStride, cycle)
  const valIdx = strided(val.count, c.evalStride)
  const stepsPerEpoch = Math.floor(trainFrames / c.batch)
  if (stepsPerEpoch < 1) throw new AppError('INVALID_ARGUMENT', `${trainFrames} training frames make no batch of ${c.batch}`)
  const total = o.epochs * stepsPerEpoch
  const meta = (epoch: number): CheckpointMeta => ({
    kind: 'anclaf-stage1',
    config: c,
    dataHash: o.data.dataHash,
    epoch,
    history,
    bestEpoch,
    adamSteps: { g: opt.g.step, d: opt.d.step, c: opt.c.step }
  })
  let sampler: SampleWriter | null = null
  const dispose = () => {
    disposeAnclaf(nets)
    if (ema) disposeAnclaf(ema)
    for (const k of NET_NAMES) disposeAdamState(opt[k])
    sampler?.dispose()
  }
  try {
    if (o.samples ?? true) sampler = await createSampleWriter(c, val, o.runDir)
    // The phase's starting point (steps already done before a resume), before the first step.
    o.onProgress?.(resumedFrom * stepsPerEpoch, total, { epoch: startEpoch, epochs: o.epochs, step: 0, steps: stepsPerEpoch, losses: null })
    for (let epoch = startEpoch; epoch <= o.epochs; epoch++) {
      const t0 = Date.now()
      const order = shuffled(epochTrainFrames(train.count, c.frameStride, epoch, cycle), deriveSeed(c.seed, epoch))
      const sums: Record<string, number> = {}
      let lr = c.optimiser.lr
      for (let s = 0; s < stepsPerEpoch; s++) {
        if (o.signal?.aborted) throw new AppError('CANCELLED', `training cancelled in epoch ${epoch}; the last checkpoint (epoch ${epoch - 1}) is kept`)
        const idx = order.slice(s * c.batch, (s + 1) * c.batch)
        const b = makeBatch(c, train, idx, weights, deriveSeed(deriveSeed(c.seed, epoch), s + 1))
        let L: StepLosses
        try {
          lr = scheduledLr(c.lrSchedule ?? 'constant', c.optimiser.lr, (epoch - 1) * stepsPerEpoch + s, total)
          L = anclafTrainStep(nets, opt, c, b, lr)
        } finally {
          tf.dispose([b.clean, b.input, b.target, b.quadrant, ...(b.weights ? [b.weights] : [])] as Tensor[])
        }
        const bad = Object.entries(L).find(([, v]) => !Number.isFinite(v))
        if (bad) {
          writeJsonAtomic(join(o.runDir, HISTORY), { status: 'diverged', epoch, step: s + 1, history, bestEpoch })
          throw divergedError(bad[0], bad[1], epoch, s + 1, lastPath)
        }
        if (ema && c.emaDecay !== undefined) {
          const w = emaWeight(c.emaDecay, opt.c.step)
          for (const k of NET_NAMES) emaUpdate(ema[k], nets[k], w)
        }
        for (const [k, v] of Object.entries(L)) sums[k] = (sums[k] ?? 0) + v
        o.onProgress?.((epoch - 1) * stepsPerEpoch + s + 1, total, { epoch, epochs: o.epochs, step: s + 1, steps: stepsPerEpoch, losses: L })
        await new Promise((r) => setImmediate(r))
      }
      // With weight averaging, the average is the model: validated, sampled and saved as best.
      const evalNets = ema ?? nets
      const valMetrics = (await evaluateSet(evalNets, c, val, valIdx, o.signal)).all
      const losses = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / stepsPerEpoch]))
      const samplesMs = sampler ? await writeSamplesSafely(sampler, evalNets, epoch) : null
      const log: EpochLog = {
        epoch,
        wallS: (Date.now() - t0) / 1000,
        losses,
        val: valMetrics,
        ...(c.lrSchedule !== undefined ? { lr } : {}),
        ...(samplesMs !== null ? { samplesMs } : {})
      }
      history.push(log)
      const records: EpochRecord[] = history.map((h) => ({ epoch: h.epoch, split: 'val', metrics: { ccc_mean: h.val.ccc_mean } }))
      const sel = safeSelect(records)
      if (sel === epoch || (sel === null && bestEpoch === null)) {
        bestEpoch = epoch
        writeCheckpointFile(bestPath, netsToCheckpoint(evalNets, null, meta(epoch)))
      }
      writeCheckpointFile(lastPath, netsToCheckpoint(nets, opt, meta(epoch), ema))
      writeJsonAtomic(join(o.runDir, HISTORY), { status: 'running', epoch, history, bestEpoch })
      o.onEpoch?.(log)
    }
  } finally {
    dispose()
  }
  if (bestEpoch === null) throw new AppError('JOB_FAILED', 'no epoch was completed')
  // Test: the validation-selected checkpoint, never chosen on test.
  let testRes: TrainResult['test'] = null
  if (test && test.count >= 2) {
    const best = netsFromCheckpoint(readCheckpointFile<CheckpointMeta>(bestPath))
    try {
      testRes = await evaluateSet(best.nets, c, test, strided(test.count, c.evalStride), o.signal)
    } finally {
      disposeAnclaf(best.nets)
      for (const k of NET_NAMES) disposeAdamState(best.opt[k])
    }
  }
  const bestVal = history.find((h) => h.epoch === bestEpoch)!.val
  writeJsonAtomic(join(o.runDir, HISTORY), { status: 'done', epoch: o.epochs, history, bestEpoch, test: testRes })
  return { epochs: o.epochs, resumedFrom, bestEpoch, bestVal, history, test: testRes, checkpoints: { last: lastPath, best: bestPath }, backend: tf.getBackend() }
}

/** Samples are for watching: a failure to write them (e.g. a full disk) must not stop the training. */
async function writeSamplesSafely(sampler: SampleWriter, nets: AnclafNets, epoch: number): Promise<number | null> {
  try {
    return await sampler.write(nets, epoch)
  } catch {
    return null
  }
}

function safeSelect(records: EpochRecord[]): number | null {
  try {
    return selectCheckpoint(records, { metric: 'ccc_mean', mode: 'max' }).epoch
  } catch {
    return null
  }
}

