/**
 * The P003 multi-task model on frozen per-frame features X [B, F] (choices in config.ts): the ANFL AU branch
 * (anfl.ts), the FER head with AU→expression cross-attention and the V/A head (heads.ts). Trainable parameters in one
 * ParamMap ('anfl.*', 'ex.*', 'va.*' — one group per task), batch-norm running statistics in `state`.
 */
import { AppError } from '../../../../shared/ipc/errors'
import { disposeParams, getWeights, setWeights, type NamedWeights, type ParamMap } from '../../blocks/params'
import type { Tensor2D } from '../../tf'
import { getTf } from '../../tf'
import { anflApply, anflInit, type AnflSpec } from './anfl'
import { validateMtlConfig, type MtlConfig, type MtlTask } from './config'
import { exprHeadApply, exprHeadInit, vaHeadApply, vaHeadInit, type ExprOut } from './heads'

export interface MtlDims {
  /** Width of the backbone feature vector X. */
  readonly feature: number
}

export interface MtlModel {
  readonly config: MtlConfig
  readonly dims: MtlDims
  readonly anfl: AnflSpec
  readonly params: ParamMap
  readonly state: ParamMap
}

export const TASK_PREFIX: Readonly<Record<MtlTask, string>> = { au: 'anfl.', expr: 'ex.', va: 'va.' }

export function createMtlModel(config: MtlConfig, dims: MtlDims, seed = config.seed): MtlModel {
  const c = validateMtlConfig(config)
  if (!Number.isInteger(dims.feature) || dims.feature < 1) throw new AppError('INVALID_ARGUMENT', `mtl: feature width must be a positive integer, got ${dims.feature}`)
  const anfl: AnflSpec = { featureDim: dims.feature, nodeDim: c.nodeDim ?? dims.feature, neighbours: c.neighbours, gcnBatchNorm: c.gcnBatchNorm }
  const a = anflInit(seed, anfl)
  const va = vaHeadInit(seed, dims.feature, c.vaBatchNorm)
  const tf = getTf()
  const input = (name: string, v: number) => {
    const t = tf.fill([dims.feature], v)
    const x = tf.variable(t, false, `${name}#state-${++serial}`)
    t.dispose()
    return x
  }
  return {
    config: c,
    dims,
    anfl,
    params: { ...a.params, ...exprHeadInit(seed, dims.feature, c.attentionDim, c.crossAttention), ...va.params },
    state: { ...a.state, ...va.state, 'input.mean': input('input.mean', 0), 'input.std': input('input.std', 1) }
  }
}
let serial = 0

/**
 * Sets the feature standardisation (config `standardise`) from the training frames: per-dimension mean and standard
 * deviation over the valid rows of `features` (frames × F); a constant dimension keeps std 1.
 */
export function setInputStats(m: MtlModel, features: Float32Array, valid: Uint8Array): void {
  const tf = getTf()
  const F = m.dims.feature
  const mean = new Float64Array(F)
  const sq = new Float64Array(F)
  let n = 0
  for (let f = 0; f < valid.length; f++) {
    if (!valid[f]) continue
    n++
    for (let j = 0; j < F; j++) {
      const x = features[f * F + j]
      mean[j] += x
      sq[j] += x * x
    }
  }
  if (n === 0) return
  const mu = Float32Array.from(mean, (s) => s / n)
  const sd = Float32Array.from(sq, (s, j) => {
    const v = s / n - mu[j] * mu[j]
    return v > 1e-12 ? Math.sqrt(v) : 1
  })
  for (const [k, d] of [['input.mean', mu], ['input.std', sd]] as const) {
    const t = tf.tensor1d(d)
    m.state[k].assign(t)
    t.dispose()
  }
}

/** The features the heads read: z-scored with the stored statistics when `standardise`, else as given. */
export function inputOf(m: MtlModel, x: Tensor2D): Tensor2D {
  if (!m.config.standardise) return x
  const tf = getTf()
  return tf.div(tf.sub(x, m.state['input.mean']), m.state['input.std']) as Tensor2D
}

export function disposeMtlModel(m: MtlModel): void {
  disposeParams(m.params)
  disposeParams(m.state)
}

/** Names of the trainable parameters of one task's part. */
export function taskParams(m: MtlModel, task: MtlTask): string[] {
  return Object.keys(m.params).filter((k) => k.startsWith(TASK_PREFIX[task]))
}

/** Trainable weights and running statistics together (checkpoints). */
export function mtlWeights(m: MtlModel): NamedWeights {
  return { ...getWeights(m.params), ...getWeights(m.state) }
}

export function setMtlWeights(m: MtlModel, w: NamedWeights, opts: { strict?: boolean } = {}): void {
  const pick = (keys: readonly string[]) => Object.fromEntries(Object.entries(w).filter(([k]) => keys.includes(k)))
  if (opts.strict ?? true) {
    const known = new Set([...Object.keys(m.params), ...Object.keys(m.state)])
    const missing = [...known].filter((k) => !(k in w))
    const unknown = Object.keys(w).filter((k) => !known.has(k))
    if (missing.length || unknown.length) throw new AppError('INVALID_ARGUMENT', `mtl weights do not match the model: missing [${missing.slice(0, 5).join(', ')}], unknown [${unknown.slice(0, 5).join(', ')}]`)
  }
  setWeights(m.params, pick(Object.keys(m.params)), { strict: false })
  setWeights(m.state, pick(Object.keys(m.state)), { strict: false })
}

export interface MtlForwardOptions {
  /** Which outputs to compute (the AU branch also runs for 'expr' when it has cross-attention). */
  readonly tasks: readonly MtlTask[]
  /** Per part: batch statistics (training it) or running statistics (inference / frozen). */
  readonly train: Readonly<Partial<Record<MtlTask, boolean>>>
  /** Move the running statistics of the parts in training (false on SAM's perturbed pass and in inference). */
  readonly updateStats: boolean
}

export interface MtlForward {
  /** [B, 12] ŷ_AU. */
  readonly auProb: Tensor2D | null
  readonly expr: ExprOut | null
  /** [B, 2] ŷ_VA on [−1, 1]. */
  readonly va: Tensor2D | null
}

export const EVAL: MtlForwardOptions = { tasks: ['au', 'expr', 'va'], train: {}, updateStats: false }

export function mtlForward(m: MtlModel, x: Tensor2D, o: MtlForwardOptions): MtlForward {
  if (x.shape[1] !== m.dims.feature) throw new AppError('INVALID_ARGUMENT', `mtl: features have width ${x.shape[1]}, the model was built for ${m.dims.feature}`)
  const c = m.config
  const want = new Set(o.tasks)
  const needAu = want.has('au') || (want.has('expr') && c.crossAttention)
  const bn = (t: MtlTask) => ({ train: o.train[t] ?? false, updateStats: o.updateStats && (o.train[t] ?? false), bnMomentum: c.bnMomentum })
  x = inputOf(m, x)
  const auProb = needAu ? anflApply(m.params, m.state, m.anfl, x, bn('au')).prob : null
  const expr = want.has('expr') ? exprHeadApply(m.params, x, auProb) : null
  const va = want.has('va') ? vaHeadApply(m.params, m.state, x, bn('va')) : null
  return { auProb, expr, va }
}
