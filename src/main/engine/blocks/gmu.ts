/**
 * Gated multimodal unit (AViGaS-NET, thesis eq.7.5-7.8, T:L1852-1860; Arevalo et al. 2017/2020) on per-frame
 * VECTORS:
 *   ZG  = σ([a; b] W_ZG + b_ZG)        (eq.7.6)
 *   h_v = tanh(a W_v + b_v)            (eq.7.7; a = the visual vector, ZQ^I's enc_C output or pooled latent)
 *   h_s = tanh(b W_s + b_s)            (eq.7.8; b = the sound vector, ZQ^S's)
 *   out = ZG ⊙ h_v + (1 − ZG) ⊙ h_s   (eq.7.5)
 * ZG is the per-unit weight on the VISUAL branch (ZG → 1 picks h_v, ZG → 0 picks h_s).
 *
 * Choices (not in the thesis):
 * - Vectors, not 2-D maps: the thesis applies the GMU to ZQ^I, ZQ^S (2-D maps of ~132×32×32). A dense W_ZG over two
 *   flattened maps would need (2·135 168)·135 168 ≈ 3.6e10 weights, so the gate runs on the enc_C outputs / pooled
 *   latents of each frame (the vectors the sequence model consumes), which is what the latent cache stores.
 *   A channel-wise (1×1 conv) gate on the maps is the other feasible option; it is not implemented here.
 * - "W_v ⊙ (ZQ^I)ᵀ" (eq.7.7-7.8) is read as the matrix product of the original GMU: an element-wise product would be
 *   a diagonal scaling, which cannot map two inputs of different sizes to one common output size.
 * - Biases on all three maps (Arevalo's GMU has none written; they are harmless and let the gate start anywhere).
 * - Init: Glorot-uniform weights (tanh / sigmoid), zero biases, so ZG starts near 0.5.
 */
import type { Tensor2D } from '../tf'
import { getTf } from '../tf'
import { linear } from './linear'
import { createParam, type ParamMap } from './params'

export interface GmuSpec {
  /** Visual input size. */
  readonly inV: number
  /** Sound input size. */
  readonly inS: number
  /** Output (and gate) size. */
  readonly out: number
}

export interface GmuOutput {
  /** ZQ^G, [N, out]. */
  readonly out: Tensor2D
  /** ZG, the per-unit weight on the visual branch, [N, out] in (0, 1). */
  readonly gate: Tensor2D
}

export interface Gmu {
  readonly name: string
  readonly spec: GmuSpec
  init(seed: number): ParamMap
  apply(params: ParamMap, visual: Tensor2D, sound: Tensor2D): GmuOutput
}

export function gmu(name: string, spec: GmuSpec): Gmu {
  const { inV, inS, out } = spec
  const w = (fanIn: number) => ({ kind: 'glorot-uniform' as const, fanIn, fanOut: out })
  const get = (p: ParamMap, k: string): Tensor2D => {
    const v = p[`${name}.${k}`]
    if (!v) throw new Error(`missing parameter ${name}.${k}`)
    return v as unknown as Tensor2D
  }
  return {
    name,
    spec,
    init: (seed) => ({
      [`${name}.wv`]: createParam(seed, `${name}.wv`, [inV, out], w(inV)),
      [`${name}.bv`]: createParam(seed, `${name}.bv`, [out], { kind: 'zeros' }),
      [`${name}.ws`]: createParam(seed, `${name}.ws`, [inS, out], w(inS)),
      [`${name}.bs`]: createParam(seed, `${name}.bs`, [out], { kind: 'zeros' }),
      [`${name}.wz`]: createParam(seed, `${name}.wz`, [inV + inS, out], w(inV + inS)),
      [`${name}.bz`]: createParam(seed, `${name}.bz`, [out], { kind: 'zeros' })
    }),
    apply: (p, visual, sound) => {
      const tf = getTf()
      if (visual.shape[1] !== inV || sound.shape[1] !== inS) {
        throw new Error(`${name}: inputs have ${visual.shape[1]} + ${sound.shape[1]} features, expected ${inV} + ${inS}`)
      }
      if (visual.shape[0] !== sound.shape[0]) throw new Error(`${name}: ${visual.shape[0]} visual rows vs ${sound.shape[0]} sound rows`)
      const gate = tf.sigmoid(linear(tf.concat([visual, sound], 1) as Tensor2D, get(p, 'wz'), get(p, 'bz'))) as Tensor2D
      const hv = tf.tanh(linear(visual, get(p, 'wv'), get(p, 'bv')))
      const hs = tf.tanh(linear(sound, get(p, 'ws'), get(p, 'bs')))
      const fused = tf.add(tf.mul(gate, hv), tf.mul(tf.sub(1, gate), hs)) as Tensor2D
      return { out: fused, gate }
    }
  }
}
