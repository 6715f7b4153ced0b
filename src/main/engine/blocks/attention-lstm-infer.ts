/**
 * The attention LSTM's recurrence for INFERENCE only (no gradient): the same equations as attention-lstm.ts and
 * attention-lstm-fused.ts, without what a backward pass needs (no saved activations, no custom-gradient op), and
 * with the mask work skipped when every step of the batch is present (read once from the small [B, T] mask): then
 * the attention is a plain softmax and the state update needs no carry. On tfjs-node the step is dominated by the
 * dispatch of small ops, so fewer ops is what makes it faster. attention-lstm.test.ts checks it equals the fused
 * forward, masked and unmasked, in both context normalisations.
 *
 * Output: the same packed [B, T, H + L] tensor as the fused op ([h_t ; attention row t], L = T − 1 with attention).
 */
import type { Tensor3D } from '@tensorflow/tfjs'
import type { Tensor, Tensor2D } from '../tf'
import { getTf } from '../tf'
import type { FusedSpec, FusedWeights } from './attention-lstm-fused'
import { maskedSoftmax } from './attention-lstm-math'

export function inferRecurrence(spec: FusedSpec, xw: Tensor3D, mask: Tensor2D, w: FusedWeights): Tensor3D {
  const tf = getTf()
  const { hidden: H, attention: att } = spec
  const paper = spec.contextNorm === 'paper-over-n'
  const [B, T] = xw.shape
  const L = att && T > 1 ? T - 1 : 0
  const full = (mask.dataSync() as Float32Array).every((v) => v === 1)
  return tf.tidy(() => {
    const steps = tf.unstack(xw, 1) as Tensor2D[]
    const ms = full ? [] : (tf.unstack(tf.reshape(mask, [B, T, 1]), 1) as Tensor2D[])
    let h = tf.zeros([B, H]) as Tensor2D
    let c = tf.zeros([B, H]) as Tensor2D
    const Hs: Tensor2D[] = []
    const rows: Tensor[] = []
    const states: Tensor2D[] = []
    const keys: Tensor2D[] = []
    let S: Tensor2D | null = null // [h; c] of the previous step
    for (let t = 0; t < T; t++) {
      let g = tf.add(steps[t], tf.matMul(h, w.wh)) as Tensor2D
      if (att && t >= 1 && S) {
        const q = tf.add(tf.matMul(S, w.wq!), w.ba!)
        const U = tf.tanh(tf.add(tf.stack(keys, 1), tf.expandDims(q, 1)))
        const scores = tf.sum(tf.mul(U, w.v!), 2) as Tensor2D
        const prior = full ? null : (tf.slice(mask, [0, 0], [B, t]) as Tensor2D)
        const wt = prior ? maskedSoftmax(scores, prior) : (tf.softmax(scores) as Tensor2D)
        let ctx = tf.reshape(tf.matMul(tf.expandDims(wt, 1) as Tensor3D, tf.stack(states, 1) as Tensor3D), [B, 2 * H]) as Tensor2D
        if (paper) ctx = (prior ? tf.div(ctx, tf.maximum(tf.sum(prior, 1, true), 1)) : tf.div(ctx, t)) as Tensor2D
        g = tf.add(g, tf.matMul(ctx, w.wc!)) as Tensor2D
        rows.push(t < L ? tf.pad(wt, [[0, 0], [0, L - t]]) : wt)
      } else if (L) {
        rows.push(tf.zeros([B, L]))
      }
      const [gi, gf, gg, go] = tf.split(g, 4, 1)
      const cn = tf.add(tf.mul(tf.sigmoid(gf), c), tf.mul(tf.sigmoid(gi), tf.tanh(gg))) as Tensor2D
      const hn = tf.mul(tf.sigmoid(go), tf.tanh(cn)) as Tensor2D
      if (full) {
        c = cn
        h = hn
      } else {
        const m = ms[t]
        const keep = tf.sub(1, m)
        c = tf.add(tf.mul(m, cn), tf.mul(keep, c)) as Tensor2D
        h = tf.add(tf.mul(m, hn), tf.mul(keep, h)) as Tensor2D
      }
      Hs.push(h)
      if (att && t < T - 1) {
        S = tf.concat([h, c], 1) as Tensor2D
        states.push(S)
        keys.push(tf.matMul(S, w.wk!))
      }
    }
    const Hall = tf.stack(Hs, 1) as Tensor3D
    return L ? (tf.concat([Hall, tf.stack(rows, 1)], 2) as Tensor3D) : Hall
  })
}
