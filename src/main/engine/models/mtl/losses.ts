/**
 * P003's per-task losses (choices in config.ts), each MASKED to the frames that carry the task's label (mask [B] of
 * 0/1: ABAW's −1 / −5 frames are 0), averaged over those frames:
 * - weighted asymmetric AU loss, eq.9 (L94): −(1/N) Σ_i w_i [y_i log ŷ_i + (1 − y_i) ŷ_i log(1 − ŷ_i)], weights eq.10;
 * - weighted cross-entropy, eq.11 (L102): −Σ_i P_i y_i log softmax_i(ŷ_EX), per frame, then the plain mean;
 * - V/A, eq.12 (L111): (1 − CCC_V) + (1 − CCC_A) over the batch's labelled frames (population moments, eq.13).
 * Plus the weight formulas (eq.10 for AUs; the same form for the expression classes).
 */
import type { Scalar } from '@tensorflow/tfjs'
import type * as TfNs from '@tensorflow/tfjs'
import type { Tensor, Tensor2D } from '../../tf'
import { getTf } from '../../tf'

type AnyGradFunc = Parameters<typeof TfNs.customGrad>[0]

const LOG_EPS = 1e-8

/**
 * eq.10 on occurrence rates r_i: w_i = N(1/r_i)/Σ_j(1/r_j) over the N labels with r > 0 (mean weight 1 there); a label
 * with r = 0 (never in training: eq.10 undefined) gets the smallest of those weights. All rates 0 → all weights 1.
 */
export function inverseRateWeights(rates: ArrayLike<number>): Float32Array {
  const present = Array.from(rates).filter((r) => r > 0)
  if (present.length === 0) return new Float32Array(rates.length).fill(1)
  const sumInv = present.reduce((s, r) => s + 1 / r, 0)
  const w = Array.from(rates, (r) => (r > 0 ? (present.length * (1 / r)) / sumInv : NaN))
  const min = Math.min(...w.filter((x) => Number.isFinite(x)))
  return Float32Array.from(w, (x) => (Number.isFinite(x) ? x : min))
}

/** Occurrence rate of each AU over the labelled frames (rows with any AU ≠ 0/1 are skipped). */
export function auRates(aus: ArrayLike<number>, labels: number): Float64Array {
  const pos = new Float64Array(labels)
  let n = 0
  for (let f = 0; f < aus.length / labels; f++) {
    let ok = true
    for (let j = 0; j < labels && ok; j++) ok = aus[f * labels + j] === 0 || aus[f * labels + j] === 1
    if (!ok) continue
    n++
    for (let j = 0; j < labels; j++) pos[j] += aus[f * labels + j]
  }
  return pos.map((p) => (n ? p / n : 0))
}

/** Class frequencies of valid class indices (others skipped), as rates. */
export function classRates(classes: ArrayLike<number>, count: number): Float64Array {
  const c = new Float64Array(count)
  let n = 0
  for (let i = 0; i < classes.length; i++) {
    const k = classes[i]
    if (Number.isInteger(k) && k >= 0 && k < count) {
      c[k]++
      n++
    }
  }
  return c.map((x) => (n ? x / n : 0))
}

/** x with a zero gradient (torch's `.detach()`). */
export function stopGradient<T extends Tensor>(x: T): T {
  const tf = getTf()
  const shape = x.shape
  const f = tf.customGrad(((t: Tensor) => ({ value: tf.clone(t), gradFunc: () => [tf.zeros(shape)] })) as unknown as AnyGradFunc)
  return f(x) as T
}

function maskedMean(perFrame: Tensor, mask: Tensor): Scalar {
  const tf = getTf()
  return tf.div(tf.sum(tf.mul(perFrame, mask)), tf.maximum(tf.sum(mask), 1)) as Scalar
}

/** eq.9: prob, target [B, 12] (target 0/1; rows of unlabelled frames may hold anything), mask [B], weights [12]. */
export function weightedAsymmetricLoss(prob: Tensor2D, target: Tensor2D, mask: Tensor, weights: Tensor, negativeWeight: 'through' | 'detached'): Scalar {
  const tf = getTf()
  const pos = tf.mul(target, tf.log(tf.maximum(prob, LOG_EPS)))
  const asym = negativeWeight === 'detached' ? stopGradient(prob) : prob
  const neg = tf.mul(tf.mul(tf.sub(1, target), asym), tf.log(tf.maximum(tf.sub(1, prob), LOG_EPS)))
  const perFrame = tf.neg(tf.mean(tf.mul(tf.add(pos, neg), weights), 1))
  return maskedMean(perFrame, mask)
}

/** eq.11: logits ŷ_EX [B, C], target class indices [B] (int32; unlabelled rows any valid index), mask [B], weights [C]. */
export function weightedCrossEntropy(logits: Tensor2D, target: Tensor, mask: Tensor, weights: Tensor): Scalar {
  const tf = getTf()
  const C = logits.shape[1]
  const onehot = tf.oneHot(target as TfNs.Tensor1D, C)
  const perFrame = tf.neg(tf.sum(tf.mul(tf.mul(onehot, weights), tf.logSoftmax(logits)), 1))
  return maskedMean(perFrame, mask)
}

/** Masked population CCC of each column of pred / target [B, K] → [K]. */
export function maskedCcc(pred: Tensor2D, target: Tensor2D, mask: Tensor): Tensor {
  const tf = getTf()
  const m = tf.expandDims(mask, 1)
  const n = tf.maximum(tf.sum(mask), 1)
  const mx = tf.div(tf.sum(tf.mul(pred, m), 0), n)
  const my = tf.div(tf.sum(tf.mul(target, m), 0), n)
  const dx = tf.mul(tf.sub(pred, mx), m)
  const dy = tf.mul(tf.sub(target, my), m)
  const vx = tf.div(tf.sum(tf.square(dx), 0), n)
  const vy = tf.div(tf.sum(tf.square(dy), 0), n)
  const cov = tf.div(tf.sum(tf.mul(dx, dy), 0), n)
  return tf.div(tf.mul(2, cov), tf.add(tf.add(tf.add(vx, vy), tf.square(tf.sub(mx, my))), 1e-8))
}

/** eq.12: (1 − CCC_V) + (1 − CCC_A). */
export function cccLoss(pred: Tensor2D, target: Tensor2D, mask: Tensor): Scalar {
  const tf = getTf()
  return tf.sum(tf.sub(1, maskedCcc(pred, target, mask))) as Scalar
}
