/**
 * y = x W (+ b) with a custom gradient that uses only plain (untransposed-flag) matMuls: dx = (W · dyᵀ)ᵀ,
 * dW = transpose(x) · dy. tfjs' own BatchMatMul gradient uses matMul(…, transposeA/B = true), which the wasm
 * backend runs on a slow non-XNNPACK path (measured here, [16, 512] × [512, 2048]: 1.2 ms plain vs 15 ms with
 * transposeB and 35 ms with transposeA). Numerically the same gradient (checked in attention-lstm.test.ts).
 */
import type * as TfNs from '@tensorflow/tfjs'
import type { Tensor, Tensor2D } from '../tf'
import { getTf } from '../tf'

type AnyGradFunc = Parameters<typeof TfNs.customGrad>[0]

/**
 * a · Wᵀ for a [N, out], W [in, out] → [N, in], computed as (W · aᵀ)ᵀ: the wasm Transpose kernel costs ~10 ns per
 * element (19 ms for a 1024 × 2048 weight), so transposing the two small activations beats transposing W.
 */
export function matMulByTransposed(a: Tensor2D, w: Tensor2D): Tensor2D {
  const tf = getTf()
  return tf.transpose(tf.matMul(w, tf.transpose(a))) as Tensor2D
}

/**
 * x [N, in] × W [in, out] → [N, out], wasm-fast gradient. `inputGrad: false` (x is data, e.g. cached latents)
 * returns a zero gradient for x instead of computing dy · Wᵀ — only valid when nothing upstream of x needs it.
 */
export function matMulFast(x: Tensor2D, w: Tensor2D, inputGrad = true): Tensor2D {
  const tf = getTf()
  const f = tf.customGrad(((xi: Tensor, wi: Tensor, save: (ts: Tensor[]) => void) => {
    save([xi, wi])
    return {
      value: tf.matMul(xi as Tensor2D, wi as Tensor2D),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [sx, sw] = saved as Tensor2D[]
        const dx = inputGrad ? matMulByTransposed(dy as Tensor2D, sw) : tf.zerosLike(sx)
        return [dx, tf.matMul(tf.transpose(sx), dy as Tensor2D)]
      }
    }
  }) as unknown as AnyGradFunc)
  return f(x, w) as Tensor2D
}

/** x W + b (bias broadcast over rows). */
export function linear(x: Tensor2D, w: Tensor2D, b?: Tensor, inputGrad = true): Tensor2D {
  const y = matMulFast(x, w, inputGrad)
  return b ? (getTf().add(y, b) as Tensor2D) : y
}
