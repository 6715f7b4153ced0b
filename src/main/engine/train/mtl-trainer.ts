/**
 * Training of the P003 multi-task model (models/mtl, choices in its config.ts) on IN-MEMORY frozen features: the
 * paper's separate schedule (AU branch → FER head + cross-attention on the frozen AU branch → V/A head), or the joint
 * schedule with missing-label masks. SGD(+SAM) with cosine decay per task, minibatches drawn from the frames that
 * carry the task's label (seeded shuffle per epoch), validation after every epoch, the epoch of each task selected on
 * validation only (its own metric; P_MTL for the joint schedule). Pure engine: no DB, no files; the caller stores
 * `onTask`'s weights and the returned record.
 */
import type { Scalar } from '@tensorflow/tfjs'
import { AppError } from '../../../shared/ipc/errors'
import { deriveSeed, shuffled } from '../../../core/folds'
import type { NamedWeights } from '../blocks/params'
import { AU_N, validateMtlConfig, type MtlConfig, type MtlTask } from '../models/mtl/config'
import { featureBatch, inferMtl, type MtlFrames } from '../models/mtl/infer'
import { auRates, cccLoss, classRates, inverseRateWeights, weightedAsymmetricLoss, weightedCrossEntropy } from '../models/mtl/losses'
import { mtlMetrics, type MtlLabels, type MtlMetrics } from '../models/mtl/metrics'
import { createMtlModel, disposeMtlModel, mtlForward, mtlWeights, setInputStats, setMtlWeights, taskParams, type MtlDims, type MtlModel } from '../models/mtl/model'
import type { Tensor, Tensor2D } from '../tf'
import { getTf } from '../tf'
import { cosineLr, createSgdState, disposeSgdState, sgdSamStep, type SgdState } from './mtl-sam'

/** Frames with features and (partial) labels: one clip, or several clips pooled. */
export type MtlSet = MtlFrames & MtlLabels

/** A training phase: one task (separate schedule) or 'joint'. */
export type MtlPhase = MtlTask | 'joint'

export interface MtlEpochLog {
  readonly epoch: number
  readonly wallS: number
  readonly loss: number
  readonly lr: number
  readonly val: MtlMetrics
}

export interface MtlPhaseRecord {
  readonly phase: MtlPhase
  /** Training frames that carry the phase's label(s). */
  readonly frames: number
  readonly stepsPerEpoch: number
  readonly epochs: readonly MtlEpochLog[]
  readonly bestEpoch: number
  /** The selection metric (p_au / p_ex / p_va / p_mtl) and its value at bestEpoch. */
  readonly selectedBy: keyof MtlMetrics
  readonly val: MtlMetrics
  readonly wallS: number
}

export interface MtlProgress {
  readonly phase: MtlPhase
  readonly epoch: number
  readonly epochs: number
  readonly done: number
  readonly total: number
  readonly loss: number
}

export interface MtlTrainOptions {
  readonly config: MtlConfig
  readonly train: MtlSet
  readonly val: MtlSet
  readonly signal?: AbortSignal
  readonly onProgress?: (p: MtlProgress) => void
  readonly onEpoch?: (phase: MtlPhase, log: MtlEpochLog) => void
  /** After each phase, with the whole model's weights so far (the phase's selected epoch restored). */
  readonly onPhase?: (record: MtlPhaseRecord, weights: NamedWeights) => void
}

export interface MtlTrainResult {
  readonly dims: MtlDims
  readonly phases: readonly MtlPhaseRecord[]
  /** Validation metrics of the final model (every head at its selected epoch). */
  readonly val: MtlMetrics
  readonly weights: NamedWeights
  /** The loss weights used: w_i of eq.10 (12) and P_i of eq.11 (8). */
  readonly lossWeights: { readonly au: readonly number[]; readonly expr: readonly number[] }
}

export const SELECT_BY: Readonly<Record<MtlPhase, keyof MtlMetrics>> = { au: 'p_au', expr: 'p_ex', va: 'p_va', joint: 'p_mtl' }

const auLabelled = (s: MtlLabels, f: number): boolean => {
  for (let j = 0; j < AU_N; j++) if (s.au[f * AU_N + j] !== 0 && s.au[f * AU_N + j] !== 1) return false
  return true
}
const exLabelled = (s: MtlLabels, f: number): boolean => s.expr[f] >= 0
const vaLabelled = (s: MtlLabels, f: number): boolean => Number.isFinite(s.va[2 * f]) && Number.isFinite(s.va[2 * f + 1])

/** Frames of `s` that have a feature and the phase's label (joint: any label). */
export function phaseFrames(s: MtlSet, phase: MtlPhase): number[] {
  const has = (f: number) => (phase === 'au' ? auLabelled(s, f) : phase === 'expr' ? exLabelled(s, f) : phase === 'va' ? vaLabelled(s, f) : auLabelled(s, f) || exLabelled(s, f) || vaLabelled(s, f))
  const out: number[] = []
  for (let f = 0; f < s.frames; f++) if (s.valid[f] && has(f)) out.push(f)
  return out
}

export interface LossWeights {
  readonly au: Tensor
  readonly expr: Tensor
}

/** One batch of a phase: features, targets with masks (0 where the frame lacks that label). Caller disposes. */
export interface MtlBatch {
  readonly x: Tensor2D
  readonly au: Tensor2D
  readonly auMask: Tensor
  readonly expr: Tensor
  readonly exprMask: Tensor
  readonly va: Tensor2D
  readonly vaMask: Tensor
}

export function mtlBatch(s: MtlSet, F: number, rows: readonly number[]): MtlBatch {
  const tf = getTf()
  const B = rows.length
  const au = new Float32Array(B * AU_N)
  const auMask = new Float32Array(B)
  const expr = new Int32Array(B)
  const exprMask = new Float32Array(B)
  const va = new Float32Array(B * 2)
  const vaMask = new Float32Array(B)
  rows.forEach((f, r) => {
    if (auLabelled(s, f)) {
      auMask[r] = 1
      for (let j = 0; j < AU_N; j++) au[r * AU_N + j] = s.au[f * AU_N + j]
    }
    if (exLabelled(s, f)) {
      exprMask[r] = 1
      expr[r] = s.expr[f]
    }
    if (vaLabelled(s, f)) {
      vaMask[r] = 1
      va[2 * r] = s.va[2 * f]
      va[2 * r + 1] = s.va[2 * f + 1]
    }
  })
  return {
    x: featureBatch(s.features, F, rows),
    au: tf.tensor2d(au, [B, AU_N]),
    auMask: tf.tensor1d(auMask),
    expr: tf.tensor1d(expr, 'int32'),
    exprMask: tf.tensor1d(exprMask),
    va: tf.tensor2d(va, [B, 2]),
    vaMask: tf.tensor1d(vaMask)
  }
}

export function disposeMtlBatch(b: MtlBatch): void {
  getTf().dispose([b.x, b.au, b.auMask, b.expr, b.exprMask, b.va, b.vaMask])
}

/** The phase's loss on a batch (`first`: the pass that may move batch-norm running statistics). */
export function phaseLoss(m: MtlModel, phase: MtlPhase, b: MtlBatch, w: LossWeights, first: boolean): Scalar {
  const tf = getTf()
  const c = m.config
  const tasks: MtlTask[] = phase === 'joint' ? ['au', 'expr', 'va'] : [phase]
  // Separate schedule: only the phase's part trains; the AU branch feeding the cross-attention is frozen (running BN
  // statistics) unless exprUpdatesAu.
  const train: Partial<Record<MtlTask, boolean>> = phase === 'joint' ? { au: true, expr: true, va: true } : { [phase]: true, ...(phase === 'expr' && c.exprUpdatesAu ? { au: true } : {}) }
  const out = mtlForward(m, b.x, { tasks, train, updateStats: first })
  const terms: Scalar[] = []
  const lam = phase === 'joint' ? c.joint : { au: 1, expr: 1, va: 1 }
  if (out.auProb && tasks.includes('au') && lam.au > 0) terms.push(tf.mul(weightedAsymmetricLoss(out.auProb, b.au, b.auMask, w.au, c.auLoss.negativeWeight), lam.au) as Scalar)
  if (out.expr && lam.expr > 0) terms.push(tf.mul(weightedCrossEntropy(out.expr.logits, b.expr, b.exprMask, w.expr), lam.expr) as Scalar)
  if (out.va && lam.va > 0) terms.push(tf.mul(cccLoss(out.va, b.va, b.vaMask), lam.va) as Scalar)
  return (terms.length === 1 ? terms[0] : tf.addN(terms)) as Scalar
}

/** Names trained in a phase. */
export function phaseParams(m: MtlModel, phase: MtlPhase): string[] {
  if (phase === 'joint') return Object.keys(m.params)
  if (phase === 'expr' && m.config.exprUpdatesAu) return [...taskParams(m, 'expr'), ...taskParams(m, 'au')]
  return taskParams(m, phase)
}

export async function evaluateMtl(m: MtlModel, s: MtlSet, signal?: AbortSignal): Promise<MtlMetrics> {
  return mtlMetrics(await inferMtl(m, s, { signal }), s, m.config.auThreshold)
}

function dimsOf(train: MtlSet, val: MtlSet): MtlDims {
  if (train.frames === 0) throw new AppError('INVALID_ARGUMENT', 'no training frames')
  if (val.frames === 0) throw new AppError('INVALID_ARGUMENT', 'no validation frames: each task is selected on validation only')
  const F = train.features.length / train.frames
  if (!Number.isInteger(F) || F < 1 || val.features.length !== val.frames * F) throw new AppError('LENGTH_MISMATCH', `features of width ${F} (train) and ${val.features.length / val.frames} (val) do not match`)
  return { feature: F }
}

const score = (m: MtlMetrics, k: keyof MtlMetrics): number => {
  const v = m[k] as number
  return Number.isFinite(v) ? v : -Infinity
}

/** Runs the schedule. Throws CANCELLED on abort (between steps), JOB_FAILED on divergence. */
export async function trainMtl(o: MtlTrainOptions): Promise<MtlTrainResult> {
  const tf = getTf()
  const c = validateMtlConfig(o.config)
  const dims = dimsOf(o.train, o.val)
  const phases: MtlPhase[] = c.schedule === 'joint' ? ['joint'] : ['au', 'expr', 'va']
  const frames = new Map(phases.map((p) => [p, phaseFrames(o.train, p)] as const))
  for (const p of phases) {
    if ((frames.get(p)?.length ?? 0) < 2) throw new AppError('INVALID_ARGUMENT', `${frames.get(p)?.length ?? 0} training frame(s) carry the ${p === 'joint' ? 'AU, expression or V/A' : p.toUpperCase()} label: at least 2 are needed. Nothing was trained.`)
  }
  const batchOf = (p: MtlPhase) => Math.min(c.batch, frames.get(p)!.length)
  const stepsOf = (p: MtlPhase) => Math.floor(frames.get(p)!.length / batchOf(p))
  const total = phases.reduce((n, p) => n + c.epochs * stepsOf(p), 0)
  const rates = auRates(o.train.au, AU_N)
  const auW = c.auWeights === 'inverse-rate' ? inverseRateWeights(rates) : new Float32Array(AU_N).fill(1)
  const exW = c.exprWeights === 'inverse-frequency' ? inverseRateWeights(classRates(o.train.expr, 8)) : new Float32Array(8).fill(1)
  const lw: LossWeights = { au: tf.tensor1d(auW), expr: tf.tensor1d(exW) }
  const m = createMtlModel(c, dims)
  if (c.standardise) setInputStats(m, o.train.features, o.train.valid)
  const records: MtlPhaseRecord[] = []
  let done = 0
  try {
    for (const [pi, phase] of phases.entries()) {
      const t0 = Date.now()
      const rows = frames.get(phase)!
      const B = batchOf(phase)
      const steps = stepsOf(phase)
      const names = phaseParams(m, phase)
      const opt: SgdState = createSgdState()
      const selectedBy = SELECT_BY[phase]
      let best: { epoch: number; val: MtlMetrics; weights: ReturnType<typeof mtlWeights> } | null = null
      const epochs: MtlEpochLog[] = []
      let step = 0
      try {
        for (let epoch = 1; epoch <= c.epochs; epoch++) {
          const te = Date.now()
          const perm = shuffled(rows, deriveSeed(c.seed, (pi + 1) * 100_000 + epoch))
          let sum = 0
          let lr = c.optimiser.lr
          for (let s = 0; s < steps; s++) {
            if (o.signal?.aborted) throw new AppError('CANCELLED', `training cancelled in phase ${phase}, epoch ${epoch}; phases completed: ${records.map((r) => r.phase).join(', ') || 'none'}`)
            lr = c.optimiser.cosine ? cosineLr(c.optimiser.lr, step, c.epochs * steps) : c.optimiser.lr
            const b = mtlBatch(o.train, dims.feature, perm.slice(s * B, (s + 1) * B))
            let loss: number
            try {
              loss = sgdSamStep(m.params, names, (first) => phaseLoss(m, phase, b, lw, first), opt, {
                lr,
                momentum: c.optimiser.momentum,
                weightDecay: c.optimiser.weightDecay,
                rho: c.optimiser.name === 'sgd-sam' ? c.optimiser.rho : null
              })
            } catch (e) {
              if (e instanceof AppError && e.code === 'JOB_FAILED') throw new AppError('JOB_FAILED', `${e.message} (phase ${phase}, epoch ${epoch}, step ${s + 1})`)
              throw e
            } finally {
              disposeMtlBatch(b)
            }
            sum += loss
            step++
            done++
            o.onProgress?.({ phase, epoch, epochs: c.epochs, done, total, loss })
            await new Promise((r) => setImmediate(r))
          }
          const val = await evaluateMtl(m, o.val, o.signal)
          const log: MtlEpochLog = { epoch, wallS: (Date.now() - te) / 1000, loss: sum / steps, lr, val }
          epochs.push(log)
          o.onEpoch?.(phase, log)
          if (best === null || score(val, selectedBy) > score(best.val, selectedBy)) best = { epoch, val, weights: mtlWeights(m) }
        }
      } finally {
        disposeSgdState(opt)
      }
      if (best === null) throw new AppError('INTERNAL', `phase ${phase} completed no epoch`)
      // Restore the selected epoch of this phase's part (other parts were not trained in it).
      setMtlWeights(m, best.weights)
      const record: MtlPhaseRecord = { phase, frames: rows.length, stepsPerEpoch: steps, epochs, bestEpoch: best.epoch, selectedBy, val: best.val, wallS: (Date.now() - t0) / 1000 }
      records.push(record)
      o.onPhase?.(record, best.weights)
    }
    const val = await evaluateMtl(m, o.val, o.signal)
    return { dims, phases: records, val, weights: mtlWeights(m), lossWeights: { au: Array.from(auW), expr: Array.from(exW) } }
  } finally {
    tf.dispose([lw.au, lw.expr])
    disposeMtlModel(m)
  }
}
