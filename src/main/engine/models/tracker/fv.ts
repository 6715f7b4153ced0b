/**
 * Face validation FV (T eq.2.6, L507-511, after Chrysos et al. 2017): small patches around the 68 estimated
 * landmarks, concatenated (here: stacked along the channel axis, [N, p, p, 68·3]) → stacked strided convs →
 * bottleneck FC → one logit; p(face) = σ(logit). Patch side `patchFrac` of the crop, resampled to `patch`².
 */
import type { Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs'
import { getTf } from '../../tf'
import { conv, dense } from '../../blocks/layers'
import type { ParamMap } from '../../blocks/params'
import type { TrackerConfig } from './config'

const NPTS = 68

/**
 * Patches [N, p, p, 68·3] of crops x [N, S, S, 3] around crop-normalised points [N, 136] (not differentiated
 * w.r.t. the points). Crop coordinate u ∈ [−1, 1] spans the pixel edges; tf's crop boxes use pixel centres 0..S−1.
 */
export function landmarkPatches(x: Tensor4D, points: Tensor2D, patch: number, patchFrac: number): Tensor4D {
  const tf = getTf()
  return tf.tidy(() => {
    const n = x.shape[0]
    const s = x.shape[1]
    const pts = tf.reshape(points, [n * NPTS, 2])
    const [u, v] = tf.split(pts, 2, 1)
    // pixel centre j ↔ u = 2(j + ½)/S − 1 → j = (u + 1)·S/2 − ½; tf normalised coordinate = j / (S − 1).
    const toNorm = (w: Tensor2D | ReturnType<typeof tf.split>[number]) => tf.div(tf.sub(tf.mul(tf.add(w, 1), s / 2), 0.5), s - 1)
    const half = (patchFrac * s) / 2 / (s - 1)
    const cx = toNorm(u)
    const cy = toNorm(v)
    const boxes = tf.concat([tf.sub(cy, half), tf.sub(cx, half), tf.add(cy, half), tf.add(cx, half)], 1) as Tensor2D
    const idx = tf.tensor1d(Array.from({ length: n * NPTS }, (_, i) => Math.floor(i / NPTS)), 'int32') as Tensor1D
    const crops = tf.image.cropAndResize(x, boxes, idx, [patch, patch], 'bilinear', 0)
    const r = tf.reshape(crops, [n, NPTS, patch, patch, 3])
    return tf.reshape(tf.transpose(r, [0, 2, 3, 1, 4]), [n, patch, patch, NPTS * 3]) as Tensor4D
  })
}

export function faceValidator(name: string, c: TrackerConfig) {
  const ch = c.fv.channels
  const convs = ch.map((outC, i) => conv(`${name}.c${i}`, { inC: i === 0 ? NPTS * 3 : ch[i - 1], outC, k: 3, stride: 2, pad: 'same', act: 'relu' }))
  let side = c.fv.patch
  for (let i = 0; i < ch.length; i++) side = Math.ceil(side / 2)
  const flat = side * side * ch[ch.length - 1]
  const fc = dense(`${name}.fc`, { inF: flat, outF: c.fv.hidden, act: 'relu' })
  const out = dense(`${name}.out`, { inF: c.fv.hidden, outF: 1 })
  return {
    init: (seed: number): ParamMap => Object.assign({}, ...convs.map((b) => b.init(seed)), fc.init(seed), out.init(seed)) as ParamMap,
    /** Logits [N, 1] (p(face) = sigmoid). */
    apply: (p: ParamMap, x: Tensor4D, points: Tensor2D): Tensor2D => {
      const tf = getTf()
      const h = convs.reduce((a, b) => b.apply(p, a), landmarkPatches(x, points, c.fv.patch, c.fv.patchFrac))
      return out.apply(p, fc.apply(p, tf.reshape(h, [h.shape[0], flat]) as Tensor2D))
    }
  }
}
