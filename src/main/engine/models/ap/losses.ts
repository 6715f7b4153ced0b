/**
 * AP loss terms (P004 eq.1, L100-106; normalisations and the reading of L_reg in config.ts):
 * - nll: −log N(y | ỹ^μ, ỹ^σ), mean over target frames and the two dimensions;
 * - kl: KL(q(z|T) ‖ q(z|C)) summed over z's dimensions, divided by the sequence's |T|, mean over sequences;
 * - reg: KL(N(ỹ^μ, ỹ^σ) ‖ N(0, 1)) per frame and dimension, mean over target frames and dimensions.
 * All tensors on the [−1, 1] label scale.
 */
import type { Scalar } from '@tensorflow/tfjs'
import type { Tensor, Tensor2D } from '../../tf'
import { getTf } from '../../tf'
import { usesKl, usesReg, type ApConfig } from './config'
import type { ApForward, Gaussian } from './model'

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI)

/** Mean of per-row values v [N, k] over rows with mask [N] = 1 and over k. */
function maskedMean(v: Tensor2D, mask: Tensor): Scalar {
  const tf = getTf()
  const w = tf.reshape(mask, [-1, 1])
  return tf.div(tf.sum(tf.mul(v, w)), tf.mul(tf.maximum(tf.sum(mask), 1), v.shape[1])) as Scalar
}

/** Per-element Gaussian NLL: log σ + (y − μ)² / 2σ² + ½ log 2π. */
export function gaussianNll(y: Tensor2D, g: Gaussian): Tensor2D {
  const tf = getTf()
  return tf.add(tf.add(tf.log(g.sigma), tf.div(tf.square(tf.sub(y, g.mu)), tf.mul(2, tf.square(g.sigma)))), HALF_LOG_2PI) as Tensor2D
}

/** Per-element KL(N(μ, σ) ‖ N(0, 1)) = −log σ + (σ² + μ²)/2 − ½. */
export function klToStandard(g: Gaussian): Tensor2D {
  const tf = getTf()
  return tf.sub(tf.div(tf.add(tf.square(g.sigma), tf.square(g.mu)), 2), tf.add(tf.log(g.sigma), 0.5)) as Tensor2D
}

/** Per-row KL(N(μ_q, σ_q) ‖ N(μ_p, σ_p)) summed over dimensions: [B]. */
export function klGaussians(q: Gaussian, p: Gaussian): Tensor {
  const tf = getTf()
  const t = tf.add(tf.sub(tf.log(tf.div(p.sigma, q.sigma)), 0.5), tf.div(tf.add(tf.square(q.sigma), tf.square(tf.sub(q.mu, p.mu))), tf.mul(2, tf.square(p.sigma))))
  return tf.sum(t, 1)
}

export interface ApLossTerms {
  readonly total: Scalar
  readonly nll: Scalar
  readonly kl: Scalar | null
  readonly reg: Scalar | null
}

/**
 * The configured loss of a forward pass. `yTgt` [B·L, 2] gold, `tgt` [B, L] target mask. A term not in
 * `config.loss` is not computed (null).
 */
export function apLoss(c: ApConfig, f: ApForward, yTgt: Tensor2D, tgt: Tensor2D): ApLossTerms {
  const tf = getTf()
  const mask = tf.reshape(tgt, [-1])
  const nll = maskedMean(gaussianNll(yTgt, f.out), mask)
  let total: Scalar = nll
  let kl: Scalar | null = null
  let reg: Scalar | null = null
  if (usesKl(c) && f.posterior) {
    const perSeq = tf.div(klGaussians(f.posterior, f.prior), tf.maximum(tf.sum(tgt, 1), 1))
    kl = tf.mean(perSeq) as Scalar
    total = tf.add(total, tf.mul(kl, c.lambdaKl)) as Scalar
  }
  if (usesReg(c)) {
    reg = maskedMean(klToStandard(f.out), mask)
    total = tf.add(total, tf.mul(reg, c.lambdaReg)) as Scalar
  }
  return { total, nll, kl, reg }
}
