/**
 * Training of the Affective Process (models/ap, choices in its config.ts) on IN-MEMORY backbone features and
 * predictions: `epochs` × `itersPerEpoch` steps on random sequence batches (ap-batches.ts), the configured loss
 * (models/ap/losses.ts), Adam with L2 weight decay and a cosine-annealed lr (ap-optimiser.ts), validation after every
 * epoch with the test-time procedure (context selection, windows, stitching; models/ap/infer.ts) and selection of the
 * epoch on validation mean CCC only. Pure engine: no DB, no files; the caller stores the selected weights.
 */
import type { Tensor3D } from '@tensorflow/tfjs'
import { AppError } from '../../../shared/ipc/errors'
import { mulberry32 } from '../../../core/random/mulberry32'
import { getWeights, type NamedWeights } from '../blocks/params'
import { validateApConfig, usesKl, type ApConfig } from '../models/ap/config'
import { inferApSession } from '../models/ap/infer'
import { apLoss } from '../models/ap/losses'
import { apForward, createApModel, disposeApModel, type ApBatch, type ApModel } from '../models/ap/model'
import { checkApSession, featureDimOf, labelledFrames, type LabelledApSession } from '../models/ap/session'
import type { Tensor, Tensor2D } from '../tf'
import { getTf } from '../tf'
import { labelledIndex, sampleApBatch, type GatheredApBatch } from './ap-batches'
import { apAdamStep, cosineLr, createApAdam, disposeApAdam, type ApAdamState } from './ap-optimiser'
import { affectMetrics, type Metrics } from './frame-set'

export interface ApLossValues {
  readonly total: number
  readonly nll: number
  readonly kl: number | null
  readonly reg: number | null
}

export interface ApProgress {
  readonly epoch: number
  readonly epochs: number
  readonly done: number
  readonly total: number
  readonly loss: number
}

export interface ApEpochLog {
  readonly epoch: number
  readonly wallS: number
  /** Means over the epoch's steps. */
  readonly loss: ApLossValues
  readonly lr: number
  readonly val: Metrics
}

export interface ApTrainOptions {
  readonly config: ApConfig
  readonly train: readonly LabelledApSession[]
  readonly val: readonly LabelledApSession[]
  readonly signal?: AbortSignal
  readonly onProgress?: (p: ApProgress) => void
  readonly onEpoch?: (log: ApEpochLog) => void
  /** Called when validation improves, with the epoch's weights (e.g. to write the best checkpoint). */
  readonly onBest?: (epoch: number, val: Metrics, weights: NamedWeights) => void
}

export interface ApTrainResult {
  readonly featureDim: number
  readonly epochs: readonly ApEpochLog[]
  readonly bestEpoch: number
  readonly bestVal: Metrics
  /** The frozen backbone's own predictions on the validation frames (the bar the AP has to clear). */
  readonly backboneVal: Metrics
  readonly weights: NamedWeights
  readonly steps: number
  readonly wallS: number
}

/** Tensors of a gathered batch (caller disposes). */
export function apBatchTensors(g: GatheredApBatch, zDim: number): ApBatch {
  const tf = getTf()
  return {
    x: tf.tensor3d(g.x, [g.B, g.L, g.featureDim]) as Tensor3D,
    yCtx: tf.tensor3d(g.yCtx, [g.B, g.L, 2]) as Tensor3D,
    yTgt: tf.tensor3d(g.yTgt, [g.B, g.L, 2]) as Tensor3D,
    yHat: tf.tensor3d(g.yHat, [g.B, g.L, 2]) as Tensor3D,
    ctx: tf.tensor2d(g.ctx, [g.B, g.L]),
    tgt: tf.tensor2d(g.tgt, [g.B, g.L]),
    eps: tf.tensor2d(g.eps, [g.B, zDim])
  }
}

export function disposeApBatch(b: ApBatch): void {
  getTf().dispose([b.x, b.yCtx, b.yTgt, b.yHat, b.ctx, b.tgt, b.eps])
}

/**
 * One optimiser step at learning rate `lr`; returns the loss terms. A non-finite loss throws JOB_FAILED before the
 * weights are touched.
 */
export function apTrainStep(m: ApModel, state: ApAdamState, b: ApBatch, lr: number): ApLossValues {
  const tf = getTf()
  const c = m.config
  const keys = Object.keys(m.params)
  const byVar = new Map(keys.map((k) => [m.params[k].name, k]))
  let kept: Tensor[] = []
  const { value, grads } = tf.variableGrads(() => {
    const f = apForward(m, b, usesKl(c))
    const [B, L] = b.tgt.shape
    const t = apLoss(c, f, tf.reshape(b.yTgt, [B * L, 2]) as Tensor2D, b.tgt)
    kept = [t.nll, ...(t.kl ? [t.kl] : []), ...(t.reg ? [t.reg] : [])].map((x) => tf.keep(x))
    return t.total
  }, keys.map((k) => m.params[k]))
  try {
    const total = value.dataSync()[0]
    const vals = kept.map((t) => t.dataSync()[0])
    if (!Number.isFinite(total)) throw new AppError('JOB_FAILED', `AP training diverged: loss is ${total}; stopped without updating the weights`)
    const named: Record<string, Tensor> = {}
    for (const [vn, g] of Object.entries(grads)) named[byVar.get(vn) ?? vn] = g
    apAdamStep(m.params, named, state, c.optimiser, lr)
    let i = 1
    return { total, nll: vals[0], kl: c.loss.includes('kl') ? vals[i++] : null, reg: c.loss.includes('reg') ? vals[i] : null }
  } finally {
    tf.dispose([value, ...Object.values(grads), ...kept])
  }
}

/** Pooled metrics (native scale) of AP predictions, or of the backbone's, over the sessions' labelled frames. */
export async function evaluateAp(m: ApModel | null, sessions: readonly LabelledApSession[], labelRange: number, signal?: AbortSignal): Promise<Metrics> {
  const pv: number[] = []
  const pa: number[] = []
  const gv: number[] = []
  const ga: number[] = []
  for (const s of sessions) {
    const r = m ? await inferApSession(m, s, { samples: 0, signal }) : null
    for (const f of labelledFrames(s)) {
      pv.push(r ? r.valence[f] : s.yHat[2 * f])
      pa.push(r ? r.arousal[f] : s.yHat[2 * f + 1])
      gv.push(s.valence[f])
      ga.push(s.arousal[f])
    }
  }
  const L = labelRange
  const sc = (a: number[]) => Float32Array.from(a, (v) => v * L)
  return affectMetrics(sc(pv), sc(pa), sc(gv), sc(ga))
}

const cccOf = (m: Metrics): number => (Number.isFinite(m.ccc_mean) ? m.ccc_mean : -Infinity)

function checkInputs(train: readonly LabelledApSession[], val: readonly LabelledApSession[]): number {
  if (train.length === 0) throw new AppError('INVALID_ARGUMENT', 'AP: no training sessions')
  if (val.length === 0) throw new AppError('INVALID_ARGUMENT', 'AP: no validation sessions (the epoch is selected on validation only)')
  const d = featureDimOf(train[0])
  for (const s of [...train, ...val]) checkApSession(s, d)
  if (!train.some((s) => labelledFrames(s).length > 0)) throw new AppError('INVALID_ARGUMENT', 'AP: the training sessions have no labelled frame with a backbone feature')
  if (!val.some((s) => labelledFrames(s).length >= 2)) throw new AppError('INVALID_ARGUMENT', 'AP: the validation sessions have fewer than 2 labelled frames with a backbone feature: nothing to select on')
  return d
}

/** Trains and returns the validation-selected weights. Throws CANCELLED on abort (between steps), JOB_FAILED on divergence. */
export async function trainAp(o: ApTrainOptions): Promise<ApTrainResult> {
  const c = validateApConfig(o.config)
  const d = checkInputs(o.train, o.val)
  const t0 = Date.now()
  const labelled = labelledIndex(o.train)
  const rand = mulberry32(c.seed)
  const m = createApModel(c, d)
  const state = createApAdam()
  const total = c.epochs * c.itersPerEpoch
  const epochs: ApEpochLog[] = []
  let best: { epoch: number; val: Metrics; weights: NamedWeights } | null = null
  let step = 0
  try {
    const backboneVal = await evaluateAp(null, o.val, c.labelRange, o.signal)
    for (let epoch = 1; epoch <= c.epochs; epoch++) {
      const te = Date.now()
      const sum = { total: 0, nll: 0, kl: 0, reg: 0 }
      let lr = c.optimiser.lr
      for (let it = 0; it < c.itersPerEpoch; it++) {
        if (o.signal?.aborted) throw new AppError('CANCELLED', `AP training cancelled in epoch ${epoch}, step ${it + 1}; best epoch so far: ${best?.epoch ?? 'none'}`)
        lr = cosineLr(c.optimiser.lr, step, total)
        const b = apBatchTensors(sampleApBatch(c, o.train, labelled, d, rand), c.zDim)
        let l: ApLossValues
        try {
          l = apTrainStep(m, state, b, lr)
        } catch (e) {
          if (e instanceof AppError && e.code === 'JOB_FAILED') throw new AppError('JOB_FAILED', `${e.message} (epoch ${epoch}, step ${it + 1})`)
          throw e
        } finally {
          disposeApBatch(b)
        }
        sum.total += l.total
        sum.nll += l.nll
        sum.kl += l.kl ?? 0
        sum.reg += l.reg ?? 0
        step++
        o.onProgress?.({ epoch, epochs: c.epochs, done: step, total, loss: l.total })
        await new Promise((r) => setImmediate(r))
      }
      const val = await evaluateAp(m, o.val, c.labelRange, o.signal)
      const n = c.itersPerEpoch
      const log: ApEpochLog = {
        epoch,
        wallS: (Date.now() - te) / 1000,
        loss: { total: sum.total / n, nll: sum.nll / n, kl: c.loss.includes('kl') ? sum.kl / n : null, reg: c.loss.includes('reg') ? sum.reg / n : null },
        lr,
        val
      }
      epochs.push(log)
      o.onEpoch?.(log)
      if (best === null || cccOf(val) > cccOf(best.val)) {
        best = { epoch, val, weights: getWeights(m.params) }
        o.onBest?.(epoch, val, best.weights)
      }
    }
    if (!best) throw new AppError('INTERNAL', 'AP training completed no epoch')
    return { featureDim: d, epochs, bestEpoch: best.epoch, bestVal: best.val, backboneVal, weights: best.weights, steps: step, wallS: (Date.now() - t0) / 1000 }
  } finally {
    disposeApAdam(state)
    disposeApModel(m)
  }
}
