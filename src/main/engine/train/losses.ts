/**
 * Stage-1 ANCLaF losses (decisions and citations in models/anclaf/config.ts):
 * - log-GAN with logits (P000 eq.9 L95; T eq.6.9 L1630): sigmoid cross-entropy, not WGAN-GP;
 * - quadrant cross-entropy for D's Q head (P000:L62);
 * - affect loss (P000 eq.10-14, L99-103): RMSE + (1 − COR) + (1 − CCC) + (1 − ICC_paper) per dimension, summed
 *   over V and A, where ICC_paper = 2cov/(σ̂² + σ²) is CCC without the mean term (eq.14);
 * - class balance: per-sample inverse-frequency weights over discretised V×A classes, normalised inside the batch,
 *   as a weighted mean in RMSE and weighted moments in COR/CCC/ICC (eq.10's Σ f_i/F as printed has no effect).
 */
import type { Scalar } from '@tensorflow/tfjs'
import type { Tensor } from '../tf'
import { getTf } from '../tf'

const EPS = 1e-8

/** Russell quadrant: 0 = V≥0,A≥0; 1 = V<0,A≥0; 2 = V<0,A<0; 3 = V≥0,A<0 (ties at 0 → non-negative side). */
export function quadrantOf(v: number, a: number): number {
  if (a >= 0) return v >= 0 ? 0 : 1
  return v < 0 ? 2 : 3
}

/** Bin of a value on [−range, range] into `bins` equal bins (the top edge belongs to the last bin). */
export function binOf(x: number, range: number, bins: number): number {
  const b = Math.floor(((x + range) / (2 * range)) * bins)
  return Math.min(bins - 1, Math.max(0, b))
}

/** Joint V×A class index in [0, bins²). */
export function affectClass(v: number, a: number, range: number, bins: number): number {
  return binOf(v, range, bins) * bins + binOf(a, range, bins)
}

/** Class counts f_i over a (training) label set. */
export function classCounts(valence: ArrayLike<number>, arousal: ArrayLike<number>, range: number, bins: number): Float64Array {
  const counts = new Float64Array(bins * bins)
  for (let i = 0; i < valence.length; i++) counts[affectClass(valence[i], arousal[i], range, bins)]++
  return counts
}

/**
 * Per-sample weights w_n = N / (K · f_{class(n)}), K = number of non-empty classes: inverse frequency, mean 1 over
 * the set the counts came from. A class unseen in `counts` gets weight 1.
 */
export function inverseFrequencyWeights(
  valence: ArrayLike<number>,
  arousal: ArrayLike<number>,
  counts: Float64Array,
  range: number,
  bins: number
): Float32Array {
  let total = 0
  let classes = 0
  for (const c of counts) {
    total += c
    if (c > 0) classes++
  }
  const w = new Float32Array(valence.length)
  for (let i = 0; i < w.length; i++) {
    const f = counts[affectClass(valence[i], arousal[i], range, bins)]
    w[i] = f > 0 ? total / (classes * f) : 1
  }
  return w
}

/** Mean sigmoid cross-entropy of logits against a constant 0/1 target (log-GAN). */
export function ganLoss(logits: Tensor, target: 0 | 1): Scalar {
  const tf = getTf()
  return tf.tidy(() => tf.losses.sigmoidCrossEntropy(target === 1 ? tf.onesLike(logits) : tf.zerosLike(logits), logits) as Scalar)
}

/** Mean softmax cross-entropy of [N, 4] logits against integer quadrant labels. */
export function quadrantLoss(logits: Tensor, labels: Tensor): Scalar {
  const tf = getTf()
  return tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(labels.toInt(), logits.shape[1] as number), logits) as Scalar)
}

export interface AffectTerms<T> {
  readonly rmse: T
  readonly cor: T
  readonly ccc: T
  readonly icc: T
}

export interface AffectLoss {
  /** Σ over V, A of RMSE + (1 − COR) + (1 − CCC) + (1 − ICC_paper). */
  readonly total: Scalar
  /** Per-dimension metric values (not the 1 − x terms), [2] each: index 0 = V, 1 = A. */
  readonly terms: AffectTerms<Tensor>
}

/**
 * Weighted per-dimension affect metrics on pred / target [N, 2] (index 0 = V, 1 = A). `weights` [N] (any positive
 * scale; normalised to sum 1 here) or null for the unweighted form (all w = 1/N). Population (1/N) moments.
 * Shared by ANCLaF (all four terms) and AEG-CD-SZ (no ICC term). Call inside a tidy scope.
 */
export function weightedAffectTerms(pred: Tensor, target: Tensor, weights: Tensor | null): AffectTerms<Tensor> {
  const tf = getTf()
  const n = pred.shape[0] as number
  const w = weights === null ? tf.fill([n, 1], 1 / n) : tf.div(tf.reshape(weights, [n, 1]), tf.sum(weights))
  const mp = tf.sum(tf.mul(w, pred), 0)
  const mt = tf.sum(tf.mul(w, target), 0)
  const dp = tf.sub(pred, mp)
  const dt = tf.sub(target, mt)
  const vp = tf.sum(tf.mul(w, tf.square(dp)), 0)
  const vt = tf.sum(tf.mul(w, tf.square(dt)), 0)
  const cov = tf.sum(tf.mul(w, tf.mul(dp, dt)), 0)
  const rmse = tf.sqrt(tf.add(tf.sum(tf.mul(w, tf.square(tf.sub(pred, target))), 0), EPS))
  const cor = tf.div(cov, tf.sqrt(tf.add(tf.mul(vp, vt), EPS)))
  const ccc = tf.div(tf.mul(2, cov), tf.add(tf.add(tf.add(vp, vt), tf.square(tf.sub(mp, mt))), EPS))
  const icc = tf.div(tf.mul(2, cov), tf.add(tf.add(vp, vt), EPS))
  return { rmse, cor, ccc, icc }
}

/** ANCLaF affect loss (P000 eq.10-14): Σ over V, A of RMSE + (1 − COR) + (1 − CCC) + (1 − ICC_paper). */
export function affectLoss(pred: Tensor, target: Tensor, weights: Tensor | null): AffectLoss {
  const tf = getTf()
  const { rmse, cor, ccc, icc } = weightedAffectTerms(pred, target, weights)
  const perDim = tf.add(tf.add(rmse, tf.sub(1, cor)), tf.add(tf.sub(1, ccc), tf.sub(1, icc)))
  return { total: tf.sum(perDim) as Scalar, terms: { rmse, cor, ccc, icc } }
}

/** ℓ1 reconstruction ‖I − G(Ĩ)‖₁ (mean over pixels). */
export function reconstructionLoss(image: Tensor, clean: Tensor): Scalar {
  const tf = getTf()
  return tf.mean(tf.abs(tf.sub(image, clean))) as Scalar
}
