/** Masking helpers shared by the attention LSTM's autodiff and fused implementations. */
import type { Tensor3D } from '@tensorflow/tfjs'
import type { Tensor2D } from '../tf'
import { getTf } from '../tf'

/**
 * Softmax over axis 1 of scores [B, t] restricted to mask [B, t] (1 valid): masked entries get exactly 0; a row
 * with no valid entry is all 0 (no NaN, in values or gradients).
 */
export function maskedSoftmax(scores: Tensor2D, mask: Tensor2D): Tensor2D {
  const tf = getTf()
  const s = tf.add(scores, tf.mul(tf.sub(1, mask), -1e9))
  const ex = tf.mul(tf.exp(tf.sub(s, tf.max(s, 1, true))), mask)
  // With a valid entry the sum is ≥ 1 (the max contributes e⁰); with none, ex = 0 and the denominator is 1. A clamp
  // like max(sum, ε) would give NaN gradients there (ε² underflows in float32).
  return tf.div(ex, tf.add(tf.sum(ex, 1, true), tf.sub(1, tf.max(mask, 1, true)))) as Tensor2D
}

/**
 * Zeroes the rows of x [B, T, F] whose mask [B, T] is 0 (a select, so NaN rows become exact zeros). The condition
 * is built at full shape with a broadcasting add: `where` would broadcast a [B, T, 1] bool condition with the wasm
 * Tile kernel, measured ~4× slower than the whole select.
 */
export function zeroMasked(x: Tensor3D, mask: Tensor2D): Tensor3D {
  const tf = getTf()
  // tf.zeros (not zerosLike): the condition must not depend on x, or the tape would try to differentiate Greater.
  const zeros = tf.zeros(x.shape)
  const cond = tf.greater(tf.add(zeros, tf.expandDims(mask, 2)), 0)
  return tf.where(cond, x, zeros) as Tensor3D
}
