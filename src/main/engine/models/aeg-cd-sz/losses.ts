/**
 * AEG-CD-SZ losses (P002 eq.2, eq.5-8; decisions in config.ts). The log-GAN loss and the class-balance weights are
 * ANCLaF's (train/losses.ts), reused.
 */
import type { Scalar } from '@tensorflow/tfjs'
import type { Tensor } from '../../tf'
import { getTf } from '../../tf'
import { weightedAffectTerms } from '../../train/losses'


export interface AegAffectLoss {
  /** Σ over V, A of RMSE + (1 − COR) + (1 − CCC). */
  readonly total: Scalar
  /** Per-dimension metric values [2] (index 0 = V, 1 = A). */
  readonly rmse: Tensor
  readonly cor: Tensor
  readonly ccc: Tensor
}

/**
 * P002 eq.5-8 on pred / target [N, 2]: RMSE + (1 − Pearson) + (1 − Lin's CCC) per dimension, NO ICC term.
 * `weights` [N] (positive, normalised here to sum 1) weight the mean in RMSE and the moments of COR / CCC; null =
 * uniform. Population (1/N) moments.
 */
export function aegAffectLoss(pred: Tensor, target: Tensor, weights: Tensor | null): AegAffectLoss {
  const tf = getTf()
  const { rmse, cor, ccc, icc } = weightedAffectTerms(pred, target, weights)
  icc.dispose()
  const total = tf.sum(tf.add(rmse, tf.add(tf.sub(1, cor), tf.sub(1, ccc)))) as Scalar
  return { total, rmse, cor, ccc }
}

/** Plain ℓ2 (mean squared error) of the "Disc" phase (P002:L104). */
export function l2Loss(pred: Tensor, target: Tensor): Scalar {
  const tf = getTf()
  return tf.mean(tf.square(tf.sub(pred, target))) as Scalar
}

/** P002 eq.2 cycle loss ‖x − AEG(AEG(x̃))‖₁ (mean absolute error); `twice` = AEG applied to AEG's output. */
export function cycleReconstructionLoss(clean: Tensor, twice: Tensor): Scalar {
  const tf = getTf()
  return tf.mean(tf.abs(tf.sub(clean, twice))) as Scalar
}
