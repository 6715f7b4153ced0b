/**
 * D (Table A.2, T:L2204-2213; eq.6.2 T:L1596): 4/s2 convs with LeakyReLU, then two parallel unpadded 3×3 heads on
 * the last map — real/fake (1 channel: a map of logits, PatchGAN-like) and Q (`qHeadChannels`, LReLU) followed by an
 * FC to 4 quadrant logits. D sees only images: clean ones (real) and G's output (fake) (P000:L60-62).
 */
import type { Tensor, Tensor4D } from '../../tf'
import { getTf } from '../../tf'
import type { AnclafConfig } from './config'
import { leakyRelu, ops, spec, type ParamSpec, type Params } from './layers'

export const QUADRANTS = 4

export function discriminatorSpec(c: AnclafConfig): ParamSpec {
  const out: ParamSpec = []
  let cin = 3
  c.d.widths.forEach((w, i) => {
    spec.conv(out, `conv${i + 1}`, 4, cin, w)
    cin = w
  })
  spec.conv(out, 'rf', 3, cin, 1)
  spec.conv(out, 'q', 3, cin, c.d.qHeadChannels)
  const head = c.inputSize / 2 ** c.d.widths.length - 2
  spec.dense(out, 'q/fc', head * head * c.d.qHeadChannels, QUADRANTS)
  return out
}

export interface DiscriminatorOutput {
  /** Real/fake logits, [N, h, h, 1]. */
  readonly realFake: Tensor4D
  /** Quadrant logits, [N, 4]. */
  readonly quadrant: Tensor
}

export function discriminator(p: Params, c: AnclafConfig, image: Tensor4D): DiscriminatorOutput {
  const tf = getTf()
  let h = image
  for (let i = 0; i < c.d.widths.length; i++) h = leakyRelu(ops.conv(p, `conv${i + 1}`, h, 2, 'same'), c.d.leak)
  const realFake = ops.conv(p, 'rf', h, 1, 'valid')
  const q = leakyRelu(ops.conv(p, 'q', h, 1, 'valid'), c.d.leak)
  const quadrant = ops.dense(p, 'q/fc', tf.reshape(q, [q.shape[0], -1]))
  return { realFake, quadrant }
}
