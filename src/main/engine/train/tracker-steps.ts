/**
 * One optimiser step per training phase of the tracker networks (T:L569, eq.3.8-3.11, eq.4.15-4.17). Each returns
 * its loss terms as numbers; a non-finite loss throws before any weight changes. Gradients only reach the
 * sub-networks of the phase (`vars`).
 */
import { AppError } from '../../../shared/ipc/errors'
import type { Scalar } from '@tensorflow/tfjs'
import type { Tensor, Tensor2D, Tensor4D, Variable } from '../tf'
import { getTf } from '../tf'
import type { ParamMap } from '../blocks/params'
import type { TrackerModel } from '../models/tracker/model'
import { degradeBatch } from './degradations'
import type { DegradationKind } from '../models/anclaf/config'
import { varAdamStep, type VarAdam } from './tracker-optim'

export type LossTerms = Record<string, number>

function mse(a: Tensor, b: Tensor): Scalar {
  const tf = getTf()
  return tf.mean(tf.square(tf.sub(a, b))) as Scalar
}

/** Runs `f` under variableGrads over `vars`, checks the loss, applies Adam; returns the named terms. */
export function optimise(vars: ParamMap, adam: VarAdam, lr: number, f: (terms: Record<string, Scalar>) => Scalar): LossTerms {
  const tf = getTf()
  const list = Object.values(vars)
  const byName: Record<string, Variable> = Object.fromEntries(list.map((v) => [v.name, v]))
  const terms: Record<string, Scalar> = {}
  const { value, grads } = tf.variableGrads(() => {
    const L = f(terms)
    for (const t of Object.values(terms)) tf.keep(t)
    return L
  }, list)
  try {
    const loss = value.dataSync()[0]
    if (!Number.isFinite(loss)) throw new AppError('JOB_FAILED', `tracker training diverged: loss is ${loss}; stopped without updating the weights`)
    varAdamStep(byName, grads, adam, lr)
    const out: LossTerms = { loss }
    for (const [k, t] of Object.entries(terms)) out[k] = t.dataSync()[0]
    return out
  } finally {
    tf.dispose([value, ...Object.values(grads), ...Object.values(terms)])
  }
}

/**
 * The degradation kinds with repeats so that each noise CLASS is drawn equally often (degradeBatch draws a kind
 * uniformly): e.g. [[blur, motion], [intensity]] → [blur, motion, intensity, intensity].
 */
export function balancedKinds(classes: readonly (readonly DegradationKind[])[]): DegradationKind[] {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))
  const l = classes.reduce((acc, c) => (acc * c.length) / gcd(acc, c.length), 1)
  return classes.flatMap((c) => c.flatMap((k) => Array<DegradationKind>(l / c.length).fill(k)))
}

/** Noise class (1-based; 0 = clean) of each degraded sample (classes balanced, see balancedKinds). */
export function degradeWithClasses(m: TrackerModel, clean: Tensor4D, seed: number, probability: number): { images: Tensor4D; classes: Int32Array } {
  const cl = m.config.denoiser.classes
  const { images, applied } = degradeBatch(clean, { seed, probability, kinds: balancedKinds(cl) })
  const classes = new Int32Array(applied.map((d) => (d ? 1 + cl.findIndex((c) => c.includes(d.kind)) : 0)))
  return { images, classes }
}

/** L_IID of the FADeNN variant (loss = cls·H + rec·ℓ2(recon, x) + L_SDA for M) on degraded inputs x with clean targets y (eq.3.8-3.11). */
export function iidLoss(m: TrackerModel, x: Tensor4D, y: Tensor4D, classes: Int32Array, terms: Record<string, Scalar>, lambdas = { cls: m.config.denoiser.lambda, rec: m.config.denoiser.lambda ** 2 }): { loss: Scalar; denoised: Tensor4D } {
  const tf = getTf()
  const d = m.config.denoiser
  const p = m.params
  const out = m.nets.den.apply(p, x)
  if (d.kind === 'D') {
    terms.dae = mse(out.y, y)
    return { loss: terms.dae, denoised: out.y }
  }
  const k = m.nets.den.classes
  terms.cls = tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(classes, 'int32'), k + 1), out.logits!) as Scalar
  // L_SDA (eq.3.11): each specialised DAE on the samples of its own class.
  const parts: Scalar[] = []
  for (let c = 1; c <= k; c++) {
    // A mask rather than tf.gather: gather's gradient needs UnsortedSegmentSum, which wasm lacks.
    const sel = Array.from(classes, (v) => (v === c ? 1 : 0))
    const count = sel.reduce((a: number, b) => a + b, 0)
    if (count === 0) continue
    const mask = tf.tensor4d(sel, [sel.length, 1, 1, 1])
    parts.push(tf.div(tf.sum(tf.mul(tf.square(tf.sub(out.daes[c - 1], y)), mask)), count * y.shape[1] * y.shape[2] * y.shape[3]) as Scalar)
  }
  terms.sda = parts.length ? (tf.addN(parts) as Scalar) : tf.scalar(0)
  let loss: Scalar
  if (d.kind === 'M') {
    terms.rec = mse(out.recon!, x)
    // eq.3.10: λ(H + λ·ℓ2) + L_SDA (cls = λ, rec = λ²); eq.4.16: λ3·H + λ4·ℓ2 + L_SDA (cls = rec = 0.5).
    loss = tf.addN([tf.mul(lambdas.cls, terms.cls), tf.mul(lambdas.rec, terms.rec), terms.sda]) as Scalar
  } else {
    loss = tf.add(terms.cls, terms.sda) as Scalar // eq.3.9
  }
  return { loss, denoised: out.y }
}

/** Phase (a): the denoiser on on-the-fly degraded clean crops. */
export function denoiserStep(m: TrackerModel, vars: ParamMap, adam: VarAdam, lr: number, clean: Tensor4D, seed: number): LossTerms {
  const { images, classes } = degradeWithClasses(m, clean, seed, m.config.denoiser.degradeProbability)
  try {
    return optimise(vars, adam, lr, (terms) => iidLoss(m, images, clean, classes, terms).loss)
  } finally {
    images.dispose()
  }
}

/** Phase (b): the landmark estimator, ℓ2 (T:L569). */
export function estimatorStep(m: TrackerModel, vars: ParamMap, adam: VarAdam, lr: number, x: Tensor4D, y: Tensor2D): LossTerms {
  return optimise(vars, adam, lr, (terms) => (terms.l2 = mse(m.nets.fle.apply(m.params, x), y)))
}

/** Phase (b): face validation, sigmoid cross-entropy (eq.2.6). */
export function fvStep(m: TrackerModel, vars: ParamMap, adam: VarAdam, lr: number, x: Tensor4D, pts: Tensor2D, labels: Tensor2D): LossTerms {
  const tf = getTf()
  return optimise(vars, adam, lr, (terms) => (terms.ce = tf.losses.sigmoidCrossEntropy(labels, m.nets.fv.apply(m.params, x, pts)) as Scalar))
}

/** Phase (c): BT unrolled over a window, ℓ1 averaged over the steps (T:L569). */
export function trackerStep(m: TrackerModel, vars: ParamMap, adam: VarAdam, lr: number, cur: Tensor4D[], prev: Tensor4D[], y: Tensor2D[]): LossTerms {
  const tf = getTf()
  return optimise(vars, adam, lr, (terms) => {
    let state = m.nets.bt.lstm.zeroState(cur[0].shape[0])
    const parts: Scalar[] = []
    for (let t = 0; t < cur.length; t++) {
      const r = m.nets.bt.step(m.params, cur[t], prev[t], state)
      state = r.state
      parts.push(tf.mean(tf.abs(tf.sub(r.points, y[t]))) as Scalar)
    }
    terms.l1 = tf.div(tf.addN(parts), parts.length) as Scalar
    return terms.l1
  })
}

/** λ1, λ2 of the joint DFA loss at joint epoch e (0-based): 0.25 → 0.5 and 0.75 → 0.5 in 0.1 steps (T:L1149-1155). */
export function jointLambdas(e: number): { l1: number; l2: number } {
  return { l1: Math.min(0.5, 0.25 + 0.1 * e), l2: Math.max(0.5, 0.75 - 0.1 * e) }
}

/** Phase (d): joint DFA fine-tune, eq.4.15: λ1·ℓ2(FLE(Ŷ), l) + λ2·L_IID (λ3 = λ4 = 0.5). */
export function jointStep(m: TrackerModel, vars: ParamMap, adam: VarAdam, lr: number, clean: Tensor4D, y: Tensor2D, seed: number, epoch: number): LossTerms {
  const tf = getTf()
  const { l1, l2 } = jointLambdas(epoch)
  const { images, classes } = degradeWithClasses(m, clean, seed, m.config.denoiser.degradeProbability)
  try {
    return optimise(vars, adam, lr, (terms) => {
      const iid = iidLoss(m, images, clean, classes, terms, { cls: 0.5, rec: 0.5 })
      terms.fle = mse(m.nets.fle.apply(m.params, iid.denoised), y)
      return tf.add(tf.mul(l1, terms.fle), tf.mul(l2, iid.loss)) as Scalar
    })
  } finally {
    images.dispose()
  }
}
