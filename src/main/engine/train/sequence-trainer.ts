/**
 * Stage-2 training of the sequence models (models/sequence, choices in its config.ts) on IN-MEMORY cached latents:
 * curriculum stages in order (ANCLaF: S-2 … S-32, then SA-n from S-n; ch.7 models: 2 → 4 → 8 with attention), each
 * started from the stage it names, minibatches of windows (seeded shuffle per epoch), Adam (fresh per stage), the
 * P000 eq.10-14 affect loss with inverse-frequency class weights, gradient clipping by global norm, validation after
 * every epoch and selection of each stage's epoch on validation only. Pure engine: no DB, no files, no Electron;
 * the caller stores `onStage`'s weights and the returned record.
 */
import type { Optimizer, Scalar } from '@tensorflow/tfjs'
import { AppError } from '../../../shared/ipc/errors'
import { deriveSeed, shuffled } from '../../../core/folds'
import { mulberry32, type Rng } from '../../../core/random/mulberry32'
import { getWeights, type NamedWeights } from '../blocks/params'
import { curriculumPlan, validateSequenceConfig, type SequenceConfig, type StagePlan } from '../models/sequence/config'
import { inferSession } from '../models/sequence/infer'
import { createSequenceModel, disposeSequenceModel, loadWeightsInto, sequenceForward, type LatentDims, type SequenceModel, type WindowBatch } from '../models/sequence/model'
import { checkSession, dimsOf, frameMask, gatherWindows, shortSessions, targetWindows, type LabelledSession, type WindowRef } from '../models/sequence/windows'
import type { Tensor, Tensor2D } from '../tf'
import { getTf } from '../tf'
import { affectMetrics, type Metrics } from './frame-set'
import { affectLoss, classCounts, inverseFrequencyWeights, quadrantLoss, quadrantOf } from './losses'

export interface SequenceProgress {
  readonly stage: string
  readonly stageIndex: number
  readonly stages: number
  readonly epoch: number
  readonly epochs: number
  /** Steps done / total over ALL stages. */
  readonly done: number
  readonly total: number
  readonly loss: number
}

export interface SequenceEpochLog {
  readonly epoch: number
  readonly wallS: number
  readonly loss: number
  readonly val: Metrics
}

export interface StageRecord {
  readonly name: string
  readonly n: number
  readonly attention: boolean
  readonly initFrom: string | null
  readonly windows: number
  readonly stepsPerEpoch: number
  /** Validation before this stage's first step (for SA-n: S-n's function, since W_c starts at 0). */
  readonly initialVal: Metrics
  readonly epochs: readonly SequenceEpochLog[]
  /** Epoch selected on validation (ccc_mean); its weights end the stage. */
  readonly bestEpoch: number
  readonly val: Metrics
  readonly wallS: number
}

export interface SequenceTrainOptions {
  readonly config: SequenceConfig
  readonly train: readonly LabelledSession[]
  readonly val: readonly LabelledSession[]
  readonly signal?: AbortSignal
  readonly onProgress?: (p: SequenceProgress) => void
  readonly onEpoch?: (stage: string, log: SequenceEpochLog) => void
  /** Called when a stage ends, with its validation-selected weights (e.g. to store a checkpoint per stage). */
  readonly onStage?: (record: StageRecord, weights: NamedWeights) => void
  /**
   * Stages finished by an earlier job of the same run (resume), in curriculum order from the first: they are not
   * trained again (no onStage for them); their weights start the stages that build on them.
   */
  readonly completed?: readonly CompletedStage[]
  /**
   * The audio stage-1 model's latent of digital silence (dims.audio values; latent-compute.ts silenceLatent):
   * what `config.audioDropout` puts into the windows it drops. Required when audioDropout > 0.
   */
  readonly audioSilence?: Float32Array
}

/** A finished stage of an earlier job: its record and validation-selected weights (from its stage checkpoint). */
export interface CompletedStage {
  readonly record: StageRecord
  readonly weights: NamedWeights
}

export interface SequenceTrainResult {
  readonly variant: SequenceConfig['variant']
  readonly dims: LatentDims
  readonly stages: readonly StageRecord[]
  readonly final: { readonly stage: string; readonly n: number; readonly attention: boolean; readonly weights: NamedWeights }
}

export interface StepBatch {
  readonly win: WindowBatch
  /** [B, 2] labels / labelRange. */
  readonly target: Tensor2D
  readonly weights: Tensor | null
  readonly quadrant: Tensor | null
}

/** Audio dropout of one step (config.ts `audioDropout`): the probability, the silence latent, the epoch's draws. */
export interface AudioDropout {
  readonly p: number
  readonly silence: Float32Array
  readonly rng: Rng
}

/**
 * Replaces, in each window drawn with probability `d.p`, the audio rows from a uniformly drawn position to the last
 * frame by the silence latent (present frames only: masked positions stay zero). Returns the windows dropped.
 */
export function dropAudio(audio: Float32Array, mask: Float32Array, count: number, n: number, d: AudioDropout): number {
  const dA = d.silence.length
  if (audio.length !== count * n * dA) throw new AppError('INTERNAL', `audio dropout: ${audio.length} values for ${count} windows × ${n} frames × ${dA}`)
  let dropped = 0
  for (let b = 0; b < count; b++) {
    if (d.rng() >= d.p) continue
    const from = Math.floor(d.rng() * n)
    for (let k = from; k < n; k++) if (mask[b * n + k]) audio.set(d.silence, (b * n + k) * dA)
    dropped++
  }
  return dropped
}

/** Tensors of gathered windows (caller disposes with `disposeStepBatch`). */
export function stepBatchOf(
  c: SequenceConfig,
  dims: LatentDims,
  sessions: readonly LabelledSession[],
  refs: readonly WindowRef[],
  n: number,
  sampleWeights: Float32Array | null,
  refIndex: readonly number[],
  dropout?: AudioDropout
): StepBatch {
  const tf = getTf()
  const g = gatherWindows(c, dims, sessions, refs, n)
  if (dropout && g.audio) dropAudio(g.audio, g.mask, g.count, n, dropout)
  const B = g.count
  const win: WindowBatch = {
    mask: tf.tensor2d(g.mask, [B, n]),
    ...(g.image ? { image: tf.tensor3d(g.image, [B, n, dims.image ?? 0]) } : {}),
    ...(g.audio ? { audio: tf.tensor3d(g.audio, [B, n, dims.audio ?? 0]) } : {})
  }
  const q = c.quadrantHead ? Int32Array.from(refs, (_, b) => quadrantOf(g.target[2 * b], g.target[2 * b + 1])) : null
  return {
    win,
    target: tf.tensor2d(g.target, [B, 2]),
    weights: sampleWeights ? tf.tensor1d(Float32Array.from(refIndex, (i) => sampleWeights[i])) : null,
    quadrant: q ? tf.tensor1d(q, 'int32') : null
  }
}

export function disposeStepBatch(b: StepBatch): void {
  const list: (Tensor | undefined | null)[] = [b.win.mask, b.win.image, b.win.audio, b.target, b.weights, b.quadrant]
  getTf().dispose(list.filter((t): t is Tensor => Boolean(t)))
}

/**
 * One optimiser step; returns the loss. A non-finite loss throws JOB_FAILED before the weights are touched.
 * Gradients are clipped to global norm `clipNorm` (0 = off).
 */
export function sequenceTrainStep(m: SequenceModel, opt: Optimizer, b: StepBatch): number {
  const tf = getTf()
  const c = m.config
  const vars = Object.values(m.params)
  const { value, grads } = tf.variableGrads(() => {
    const f = sequenceForward(m, b.win)
    let L = affectLoss(f.va, b.target, b.weights).total
    if (f.quadrantLogits && b.quadrant && c.quadrantWeight > 0) L = tf.add(L, tf.mul(quadrantLoss(f.quadrantLogits, b.quadrant), c.quadrantWeight)) as Scalar
    return L
  }, vars)
  try {
    const loss = value.dataSync()[0]
    if (!Number.isFinite(loss)) throw new AppError('JOB_FAILED', `training diverged: loss is ${loss}; stopped without updating the weights`)
    let scaled: Record<string, Tensor> | null = null
    if (c.clipNorm > 0) {
      const normT = tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))))
      const norm = normT.dataSync()[0]
      normT.dispose()
      if (norm > c.clipNorm) scaled = Object.fromEntries(Object.entries(grads).map(([n, g]) => [n, tf.mul(g, c.clipNorm / norm)]))
    }
    opt.applyGradients(scaled ?? grads)
    if (scaled) tf.dispose(Object.values(scaled))
    return loss
  } finally {
    tf.dispose([value, ...Object.values(grads)])
  }
}

/** Validation metrics (native scale) over every labelled frame with latents, the sessions' frames pooled. */
/** Frames of a session that are scored: a valid (unmasked) input and both labels present. */
export function scoredFrames(s: LabelledSession): number[] {
  const mask = frameMask(s)
  const out: number[] = []
  for (let f = 0; f < s.frames; f++) if (mask[f] && Number.isFinite(s.valence[f]) && Number.isFinite(s.arousal[f])) out.push(f)
  return out
}

export async function evaluateSequence(m: SequenceModel, n: number, sessions: readonly LabelledSession[], signal?: AbortSignal): Promise<Metrics> {
  const pv: number[] = []
  const pa: number[] = []
  const gv: number[] = []
  const ga: number[] = []
  for (const s of sessions) {
    const r = await inferSession(m, n, s, { signal })
    for (const f of scoredFrames(s)) {
      pv.push(r.valence[f])
      pa.push(r.arousal[f])
      gv.push(s.valence[f])
      ga.push(s.arousal[f])
    }
  }
  return affectMetrics(Float32Array.from(pv), Float32Array.from(pa), Float32Array.from(gv), Float32Array.from(ga))
}

/** Checks every session and the short-session policy before any training; returns the latent sizes. */
function checkInputs(c: SequenceConfig, train: readonly LabelledSession[], val: readonly LabelledSession[]): LatentDims {
  if (train.length === 0) throw new AppError('INVALID_ARGUMENT', 'no training sessions')
  if (val.length === 0) throw new AppError('INVALID_ARGUMENT', 'no validation sessions: each stage is selected on validation only')
  const dims = dimsOf(c, train[0])
  for (const s of [...train, ...val]) checkSession(c, dims, s)
  const maxN = Math.max(...c.curriculum)
  const short = shortSessions([...train, ...val], maxN)
  if (short.length && c.shortSessions === 'refuse') {
    const list = short.slice(0, 5).map((s) => `${s.id} (${s.frames} frames)`).join(', ')
    throw new AppError(
      'INVALID_ARGUMENT',
      `${short.length} session(s) are shorter than the longest window n = ${maxN}: ${list}${short.length > 5 ? ', …' : ''}. ` +
        `Nothing was trained. Set shortSessions: 'pad' to use them with windows from the session start, or leave them out.`
    )
  }
  return dims
}

const cccOf = (m: Metrics): number => (Number.isFinite(m.ccc_mean) ? m.ccc_mean : -Infinity)

/** Runs the whole curriculum. Throws CANCELLED on abort (between steps), JOB_FAILED on divergence. */
export async function trainSequence(o: SequenceTrainOptions): Promise<SequenceTrainResult> {
  const tf = getTf()
  const c = validateSequenceConfig(o.config)
  const dims = checkInputs(c, o.train, o.val)
  const plan: StagePlan[] = curriculumPlan(c)
  const refs = targetWindows(o.train)
  if (refs.length < c.batch) throw new AppError('INVALID_ARGUMENT', `${refs.length} labelled training frames make no batch of ${c.batch}`)
  const sampleWeights =
    c.classWeights.form === 'inverse-frequency'
      ? (() => {
          const v = Float32Array.from(refs, (r) => o.train[r.session].valence[r.end])
          const a = Float32Array.from(refs, (r) => o.train[r.session].arousal[r.end])
          return inverseFrequencyWeights(v, a, classCounts(v, a, c.labelRange, c.classWeights.bins), c.labelRange, c.classWeights.bins)
        })()
      : null
  if (c.audioDropout > 0 && o.audioSilence?.length !== dims.audio) {
    throw new AppError('INVALID_ARGUMENT', `audioDropout ${c.audioDropout} needs the audio model's silence latent of ${dims.audio} values, got ${o.audioSilence?.length ?? 'none'}`)
  }
  const stepsPerEpoch = Math.floor(refs.length / c.batch)
  const total = plan.length * c.epochsPerStage * stepsPerEpoch
  const order = refs.map((_, i) => i)
  const kept = new Map<string, NamedWeights>()
  const stillNeeded = (from: number) => new Set(plan.slice(from).map((p) => p.initFrom).filter((x): x is string => x !== null))
  const records: StageRecord[] = []
  let done = 0
  const completed = o.completed ?? []
  if (completed.length > plan.length) throw new AppError('INTERNAL', `${completed.length} finished stages for a curriculum of ${plan.length}`)
  completed.forEach((cs, i) => {
    if (cs.record.name !== plan[i].name || cs.record.n !== plan[i].n) throw new AppError('INTERNAL', `finished stage ${cs.record.name} is not stage ${i + 1} (${plan[i].name}) of the curriculum`)
    records.push(cs.record)
    kept.set(cs.record.name, cs.weights)
    done += c.epochsPerStage * stepsPerEpoch
  })
  if (completed.length) {
    const needed = stillNeeded(completed.length)
    const lastDone = completed[completed.length - 1].record.name
    for (const k of [...kept.keys()]) if (!needed.has(k) && k !== lastDone) kept.delete(k)
  }
  for (let si = completed.length; si < plan.length; si++) {
    const st = plan[si]
    const t0 = Date.now()
    const m = createSequenceModel(c, dims, { attention: st.attention })
    const opt = tf.train.adam(c.optimiser.lr, c.optimiser.beta1, c.optimiser.beta2, c.optimiser.eps)
    try {
      if (st.initFrom) {
        const from = kept.get(st.initFrom)
        if (!from) throw new AppError('INTERNAL', `stage ${st.name} starts from ${st.initFrom}, which has not been trained`)
        loadWeightsInto(m, from, { zeroContext: st.addsAttention })
      }
      const initialVal = await evaluateSequence(m, st.n, o.val, o.signal)
      let best: { epoch: number; val: Metrics; weights: NamedWeights } | null = null
      const epochs: SequenceEpochLog[] = []
      for (let epoch = 1; epoch <= c.epochsPerStage; epoch++) {
        const te = Date.now()
        const perm = shuffled(order, deriveSeed(c.seed, (si + 1) * 100_000 + epoch))
        const dropout: AudioDropout | undefined =
          c.audioDropout > 0 && o.audioSilence ? { p: c.audioDropout, silence: o.audioSilence, rng: mulberry32(deriveSeed(c.seed, (si + 1) * 100_000 + 50_000 + epoch)) } : undefined
        let sum = 0
        for (let s = 0; s < stepsPerEpoch; s++) {
          if (o.signal?.aborted) throw new AppError('CANCELLED', `training cancelled in stage ${st.name}, epoch ${epoch}; stages completed: ${records.map((r) => r.name).join(', ') || 'none'}`)
          const idx = perm.slice(s * c.batch, (s + 1) * c.batch)
          const b = stepBatchOf(c, dims, o.train, idx.map((i) => refs[i]), st.n, sampleWeights, idx, dropout)
          let loss: number
          try {
            loss = sequenceTrainStep(m, opt, b)
          } catch (e) {
            if (e instanceof AppError && e.code === 'JOB_FAILED') throw new AppError('JOB_FAILED', `${e.message} (stage ${st.name}, epoch ${epoch}, step ${s + 1})`)
            throw e
          } finally {
            disposeStepBatch(b)
          }
          sum += loss
          done++
          o.onProgress?.({ stage: st.name, stageIndex: si, stages: plan.length, epoch, epochs: c.epochsPerStage, done, total, loss })
          await new Promise((r) => setImmediate(r))
        }
        const val = await evaluateSequence(m, st.n, o.val, o.signal)
        const log: SequenceEpochLog = { epoch, wallS: (Date.now() - te) / 1000, loss: sum / stepsPerEpoch, val }
        epochs.push(log)
        o.onEpoch?.(st.name, log)
        if (best === null || cccOf(val) > cccOf(best.val)) best = { epoch, val, weights: getWeights(m.params) }
      }
      if (best === null) throw new AppError('INTERNAL', `stage ${st.name} completed no epoch`)
      const record: StageRecord = {
        name: st.name,
        n: st.n,
        attention: st.attention,
        initFrom: st.initFrom,
        windows: refs.length,
        stepsPerEpoch,
        initialVal,
        epochs,
        bestEpoch: best.epoch,
        val: best.val,
        wallS: (Date.now() - t0) / 1000
      }
      records.push(record)
      kept.set(st.name, best.weights)
      o.onStage?.(record, best.weights)
      const needed = stillNeeded(si + 1)
      for (const k of [...kept.keys()]) if (!needed.has(k) && k !== st.name) kept.delete(k)
    } finally {
      opt.dispose()
      disposeSequenceModel(m)
    }
  }
  const last = plan[plan.length - 1]
  return { variant: c.variant, dims, stages: records, final: { stage: last.name, n: last.n, attention: last.attention, weights: kept.get(last.name)! } }
}
