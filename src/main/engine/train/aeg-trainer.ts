/**
 * The AEG-CD-SZ training loop (P002's progressive schedule, models/aeg-cd-sz/schedule.ts), in the shape of the
 * ANCLaF trainer: seeded and deterministic, progress + cancel (AbortSignal), validation every epoch, checkpoints
 * (last + best) written atomically after every epoch, resume from the last checkpoint (same config and data, else
 * CONFLICT), and a clean stop on a non-finite loss that keeps the last good checkpoint.
 * - Selection: validation CCC mean among the epochs of the schedule's LAST phase only (the earlier phases pre-train
 *   it with other inputs; a Disc-phase model is not AEG-CD-SZ). Never on test.
 * - Audio: the sets carry raw eGeMAPS features; they are z-scored with the TRAINING split's statistics, which the
 *   checkpoints keep (`audioStats`) so inference normalises a new session the same way.
 * - Test: the best checkpoint on all test frames, the video-degraded ones, the clean ones (no video degradation)
 *   and the audio-degraded ones.
 * - `lrSchedule` / `emaDecay` (config.ts): the lr curve and the weight average restart at each phase
 *   (phaseSpan); with an average, IT is validated, selected and written to best.ckpt, and last.ckpt keeps the raw
 *   weights, Adam's state and the average, so a resume continues all three.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Tensor } from '../tf'
import { getTf } from '../tf'
import { AppError } from '../../../shared/ipc/errors'
import { deriveSeed, selectCheckpoint, shuffled, type EpochRecord } from '../../../core/folds'
import type { AudioFrameSet } from '../data/load-training-data'
import { audioFeatureStats, normaliseAudioFeatures, type AudioFeatureStats } from '../../media/audio/egemaps/frame-features'
import type { AegConfig } from '../models/aeg-cd-sz/config'
import { predictAeg } from '../models/aeg-cd-sz/infer'
import { AEG_NET_NAMES, createAeg, disposeAeg, type AegNets } from '../models/aeg-cd-sz/model'
import { aegSchedule, phaseForEpoch, phaseSpan, type AegPhase, type AegPhaseName } from '../models/aeg-cd-sz/schedule'
import { cropsToTensor } from '../models/anclaf/infer'
import { createAdamState, disposeAdamState } from './adam'
import { aegTrainStep, type AegOptimiserStates } from './aeg-step'
import { divergedError, entriesToTensors, readCheckpointFile, tensorsToEntries, writeCheckpointFile, type CheckpointData } from './checkpoint'
import { degradeBatch } from './degradations'
import { augmentCrops } from './crop-jitter'
import { affectMetrics, epochTrainFrames, gatherCrops, minEpochTrainFrames, strided, type Metrics } from './frame-set'
import { classCounts, inverseFrequencyWeights } from './losses'
import { cloneParams, emaUpdate, emaWeight, scheduledLr } from './schedule'

export interface AegTrainData {
  readonly train: AudioFrameSet
  readonly val: AudioFrameSet
  readonly test: AudioFrameSet | null
  readonly dataHash: string
}

export interface AegEpochLog {
  readonly epoch: number
  readonly phase: AegPhaseName
  readonly wallS: number
  readonly losses: Record<string, number>
  readonly val: Metrics
  /** Learning rate of the epoch's last step (written when the config has an `lrSchedule`). */
  readonly lr?: number
}

export interface AegCheckpointMeta {
  readonly kind: 'aeg-cd-sz'
  readonly config: AegConfig
  readonly dataHash: string
  /** Last completed epoch (1-based). */
  readonly epoch: number
  readonly phase: AegPhaseName
  readonly history: readonly AegEpochLog[]
  readonly bestEpoch: number | null
  readonly adamSteps: Record<string, number>
  /** z-score statistics of the training split's audio features (arrays of audioDim). */
  readonly audioStats: { readonly mean: number[]; readonly std: number[] }
}

export interface AegTestMetrics {
  readonly all: Metrics
  /** Frames in video-degraded segments / with no video degradation / in audio-degraded segments (null: < 2 frames). */
  readonly degraded: Metrics | null
  readonly clean: Metrics | null
  readonly audioDegraded: Metrics | null
}

export interface AegTrainOptions {
  readonly config: AegConfig
  readonly data: AegTrainData
  readonly runDir: string
  readonly signal?: AbortSignal
  /** Resume from runDir/last.ckpt when it exists (default true). */
  readonly resume?: boolean
  readonly onProgress?: (done: number, total: number) => void
  readonly onEpoch?: (log: AegEpochLog) => void
}

export interface AegTrainResult {
  readonly epochs: number
  readonly resumedFrom: number
  readonly bestEpoch: number
  readonly bestVal: Metrics
  readonly history: readonly AegEpochLog[]
  readonly test: AegTestMetrics | null
  readonly checkpoints: { readonly last: string; readonly best: string }
  readonly backend: string
}

export const AEG_LAST = 'last.ckpt'
export const AEG_BEST = 'best.ckpt'
export const AEG_HISTORY = 'aeg-history.json'

export function aegNetsToCheckpoint(nets: AegNets, opt: AegOptimiserStates | null, meta: AegCheckpointMeta, ema: AegNets | null = null): CheckpointData<AegCheckpointMeta> {
  const tensors = new Map<string, { shape: readonly number[]; values: Float32Array }>()
  for (const k of AEG_NET_NAMES) {
    tensorsToEntries(`${k}/`, nets[k], tensors)
    if (ema) tensorsToEntries(`ema/${k}/`, ema[k], tensors)
    if (opt) {
      tensorsToEntries(`adam/${k}/m/`, opt[k].m, tensors)
      tensorsToEntries(`adam/${k}/v/`, opt[k].v, tensors)
    }
  }
  return { meta, tensors }
}

/** Nets and optimiser states from a checkpoint (the states are empty for a best.ckpt); caller disposes both. */
export function aegNetsFromCheckpoint(data: CheckpointData<AegCheckpointMeta>): { nets: AegNets; opt: AegOptimiserStates } {
  const nets = { g: entriesToTensors('g/', data), cd: entriesToTensors('cd/', data) }
  const opt = { g: createAdamState(), cd: createAdamState() }
  for (const k of AEG_NET_NAMES) {
    for (const [n, t] of entriesToTensors(`adam/${k}/m/`, data)) opt[k].m.set(n, t)
    for (const [n, t] of entriesToTensors(`adam/${k}/v/`, data)) opt[k].v.set(n, t)
    opt[k].step = data.meta.adamSteps[k] ?? 0
  }
  return { nets, opt }
}

/** The weight average a last.ckpt carries (null: none, e.g. a best.ckpt or a run without `emaDecay`); caller disposes. */
export function aegEmaFromCheckpoint(data: CheckpointData<AegCheckpointMeta>): AegNets | null {
  const ema = { g: entriesToTensors('ema/g/', data), cd: entriesToTensors('ema/cd/', data) }
  if (AEG_NET_NAMES.every((k) => ema[k].size > 0)) return ema
  disposeAeg(ema)
  return null
}

const cloneAeg = (n: AegNets): AegNets => ({ g: cloneParams(n.g), cd: cloneParams(n.cd) })

export function statsFromMeta(m: Pick<AegCheckpointMeta, 'audioStats'>): AudioFeatureStats {
  return { mean: Float32Array.from(m.audioStats.mean), std: Float32Array.from(m.audioStats.std) }
}

function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.tmp-${process.pid}`
  writeFileSync(tmp, JSON.stringify(value, null, 1))
  renameSync(tmp, path)
}

function gatherRows(src: Float32Array, idx: readonly number[], width: number): Float32Array {
  const out = new Float32Array(idx.length * width)
  idx.forEach((f, j) => out.set(src.subarray(f * width, (f + 1) * width), j * width))
  return out
}

/** Metrics of `nets` (with the phase's inputs) on the frames `idx` of a set whose audio is already normalised. */
export async function evaluateAeg(nets: AegNets, c: AegConfig, phase: AegPhase, set: AudioFrameSet, audio: Float32Array, idx: readonly number[]): Promise<AegTestMetrics> {
  const pred = predictAeg(nets, c, gatherCrops(set, idx), gatherRows(audio, idx, c.audioDim), idx.length, { batch: 64, inputs: phase.inputs })
  await new Promise((r) => setImmediate(r))
  const gv = Float32Array.from(idx, (i) => set.valence[i])
  const ga = Float32Array.from(idx, (i) => set.arousal[i])
  const part = (flag: Uint8Array, want: number): Metrics | null => {
    const js = idx.map((f, j) => (flag[f] === want ? j : -1)).filter((j) => j >= 0)
    return js.length >= 2 ? affectMetrics(pred.valence, pred.arousal, gv, ga, js) : null
  }
  return { all: affectMetrics(pred.valence, pred.arousal, gv, ga), degraded: part(set.degraded, 1), clean: part(set.degraded, 0), audioDegraded: part(set.audioDegraded, 1) }
}

/** Trains (or resumes) AEG-CD-SZ over its whole schedule and evaluates the validation-selected checkpoint on test. */
export async function trainAeg(o: AegTrainOptions): Promise<AegTrainResult> {
  const tf = getTf()
  const c = o.config
  const { train, val, test } = o.data
  if (train.size !== c.inputSize) throw new AppError('INVALID_ARGUMENT', `training crops are ${train.size}² but the model expects ${c.inputSize}²`)
  if (val.count < 2) throw new AppError('INVALID_ARGUMENT', 'the validation split has fewer than 2 frames: checkpoints are selected on validation only')
  const schedule = aegSchedule(c)
  const lastPhase = schedule.phases[schedule.phases.length - 1]
  const total = schedule.totalEpochs
  mkdirSync(o.runDir, { recursive: true })
  const lastPath = join(o.runDir, AEG_LAST)
  const bestPath = join(o.runDir, AEG_BEST)
  const stats = audioFeatureStats(train.audio, c.audioDim)
  const audio = { train: normaliseAudioFeatures(train.audio, stats), val: normaliseAudioFeatures(val.audio, stats) }
  let nets: AegNets
  let opt: AegOptimiserStates
  let ema: AegNets | null = null
  let history: AegEpochLog[] = []
  let bestEpoch: number | null = null
  let startEpoch = 1
  if ((o.resume ?? true) && existsSync(lastPath)) {
    const ck = readCheckpointFile<AegCheckpointMeta>(lastPath)
    if (ck.meta.kind !== 'aeg-cd-sz' || JSON.stringify(ck.meta.config) !== JSON.stringify(c)) throw new AppError('CONFLICT', `${lastPath} was trained with another config: use a new run directory`)
    if (ck.meta.dataHash !== o.data.dataHash) throw new AppError('CONFLICT', `${lastPath} was trained on other data (hash ${ck.meta.dataHash.slice(0, 12)} ≠ ${o.data.dataHash.slice(0, 12)})`)
    ;({ nets, opt } = aegNetsFromCheckpoint(ck))
    if (c.emaDecay !== undefined) ema = aegEmaFromCheckpoint(ck)
    history = [...ck.meta.history]
    bestEpoch = ck.meta.bestEpoch
    startEpoch = ck.meta.epoch + 1
  } else {
    nets = createAeg(c)
    opt = { g: createAdamState(), cd: createAdamState() }
  }
  const resumedFrom = startEpoch - 1
  const counts = classCounts(train.valence, train.arousal, c.labelRange, c.classWeights.bins)
  const cycle = c.strideCycle === true
  const trainFrames = minEpochTrainFrames(train.count, c.frameStride, cycle)
  const valIdx = strided(val.count, c.evalStride)
  const stepsPerEpoch = Math.floor(trainFrames / c.batch)
  if (stepsPerEpoch < 1) throw new AppError('INVALID_ARGUMENT', `${trainFrames} training frames make no batch of ${c.batch}`)
  const meta = (epoch: number): AegCheckpointMeta => ({
    kind: 'aeg-cd-sz',
    config: c,
    dataHash: o.data.dataHash,
    epoch,
    phase: phaseForEpoch(schedule, epoch).name,
    history,
    bestEpoch,
    adamSteps: { g: opt.g.step, cd: opt.cd.step },
    audioStats: { mean: Array.from(stats.mean), std: Array.from(stats.std) }
  })
  try {
    o.onProgress?.(resumedFrom * stepsPerEpoch, total * stepsPerEpoch)
    for (let epoch = startEpoch; epoch <= total; epoch++) {
      const t0 = Date.now()
      const { phase, firstEpoch } = phaseSpan(schedule, epoch)
      const order = shuffled(epochTrainFrames(train.count, c.frameStride, epoch, cycle), deriveSeed(c.seed, epoch))
      const sums: Record<string, number> = {}
      const phaseSteps = phase.epochs * stepsPerEpoch
      let lr = c.optimiser.lr
      for (let s = 0; s < stepsPerEpoch; s++) {
        const stepInPhase = (epoch - firstEpoch) * stepsPerEpoch + s
        if (c.emaDecay !== undefined && (ema === null || stepInPhase === 0)) {
          // The average starts from the current weights at each phase's first step (and after an older checkpoint).
          if (ema) disposeAeg(ema)
          ema = cloneAeg(nets)
        }
        if (o.signal?.aborted) throw new AppError('CANCELLED', `training cancelled in epoch ${epoch}; the last checkpoint (epoch ${epoch - 1}) is kept`)
        const idx = order.slice(s * c.batch, (s + 1) * c.batch)
        const stepSeed = deriveSeed(deriveSeed(c.seed, epoch), s + 1)
        const crops = gatherCrops(train, idx)
        augmentCrops(c, crops, idx.length, c.inputSize, stepSeed)
        const clean = cropsToTensor(crops, idx.length, c.inputSize)
        const input = c.degrade.enabled ? degradeBatch(clean, { seed: stepSeed, probability: c.degrade.probability, kinds: c.degrade.kinds }).images : clean
        const a = tf.tensor2d(gatherRows(audio.train, idx, c.audioDim), [idx.length, c.audioDim])
        const target = tf.tensor2d(Float32Array.from(idx.flatMap((f) => [train.valence[f] / c.labelRange, train.arousal[f] / c.labelRange])), [idx.length, 2])
        const v = Float32Array.from(idx, (f) => train.valence[f])
        const ar = Float32Array.from(idx, (f) => train.arousal[f])
        const weights: Tensor | null = c.classWeights.form === 'none' ? null : tf.tensor1d(inverseFrequencyWeights(v, ar, counts, c.labelRange, c.classWeights.bins))
        let L: Record<string, number>
        try {
          lr = scheduledLr(c.lrSchedule ?? 'constant', c.optimiser.lr, stepInPhase, phaseSteps)
          L = { ...aegTrainStep(nets, opt, c, phase, { clean, input, audio: a, target, weights }, lr) }
        } finally {
          tf.dispose([clean, input, a, target, ...(weights ? [weights] : [])])
        }
        const bad = Object.entries(L).find(([, x]) => !Number.isFinite(x))
        if (bad) {
          writeJsonAtomic(join(o.runDir, AEG_HISTORY), { status: 'diverged', epoch, step: s + 1, history, bestEpoch })
          throw divergedError(bad[0], bad[1], epoch, s + 1, lastPath)
        }
        if (ema && c.emaDecay !== undefined) {
          const w = emaWeight(c.emaDecay, stepInPhase + 1)
          for (const k of AEG_NET_NAMES) emaUpdate(ema[k], nets[k], w)
        }
        for (const [k, x] of Object.entries(L)) sums[k] = (sums[k] ?? 0) + x
        o.onProgress?.((epoch - 1) * stepsPerEpoch + s + 1, total * stepsPerEpoch)
        await new Promise((r) => setImmediate(r))
      }
      // With weight averaging, the average is the model: validated and saved as best.
      const evalNets = ema ?? nets
      const valMetrics = (await evaluateAeg(evalNets, c, phase, val, audio.val, valIdx)).all
      const log: AegEpochLog = {
        epoch,
        phase: phase.name,
        wallS: (Date.now() - t0) / 1000,
        losses: Object.fromEntries(Object.entries(sums).map(([k, x]) => [k, x / stepsPerEpoch])),
        val: valMetrics,
        ...(c.lrSchedule !== undefined ? { lr } : {})
      }
      history.push(log)
      if (phase.name === lastPhase.name) {
        const records: EpochRecord[] = history.filter((h) => h.phase === lastPhase.name).map((h) => ({ epoch: h.epoch, split: 'val', metrics: { ccc_mean: h.val.ccc_mean } }))
        const sel = safeSelect(records)
        if (sel === epoch || (sel === null && bestEpoch === null)) {
          bestEpoch = epoch
          writeCheckpointFile(bestPath, aegNetsToCheckpoint(evalNets, null, meta(epoch)))
        }
      }
      writeCheckpointFile(lastPath, aegNetsToCheckpoint(nets, opt, meta(epoch), ema))
      writeJsonAtomic(join(o.runDir, AEG_HISTORY), { status: 'running', epoch, history, bestEpoch })
      o.onEpoch?.(log)
    }
  } finally {
    disposeAeg(nets)
    if (ema) disposeAeg(ema)
    for (const k of AEG_NET_NAMES) disposeAdamState(opt[k])
  }
  if (bestEpoch === null) throw new AppError('JOB_FAILED', 'no epoch of the last phase was completed')
  let testRes: AegTestMetrics | null = null
  if (test && test.count >= 2) {
    const best = aegNetsFromCheckpoint(readCheckpointFile<AegCheckpointMeta>(bestPath))
    try {
      testRes = await evaluateAeg(best.nets, c, lastPhase, test, normaliseAudioFeatures(test.audio, stats), strided(test.count, c.evalStride))
    } finally {
      disposeAeg(best.nets)
      for (const k of AEG_NET_NAMES) disposeAdamState(best.opt[k])
    }
  }
  const bestVal = history.find((h) => h.epoch === bestEpoch)!.val
  writeJsonAtomic(join(o.runDir, AEG_HISTORY), { status: 'done', epoch: total, history, bestEpoch, test: testRes })
  return { epochs: total, resumedFrom, bestEpoch, bestVal, history, test: testRes, checkpoints: { last: lastPath, best: bestPath }, backend: tf.getBackend() }
}

function safeSelect(records: EpochRecord[]): number | null {
  try {
    return selectCheckpoint(records, { metric: 'ccc_mean', mode: 'max' }).epoch
  } catch {
    return null
  }
}
