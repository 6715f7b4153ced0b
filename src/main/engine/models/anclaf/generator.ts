/**
 * G (Table A.1, T:L2187-2202): conv 4/s2 → conv 4/s2 → residual blocks of 3×3 convs (Z) → deconv 4/s2 ×2 →
 * conv 3×3 tanh to 3 channels. ReLU + InstanceNorm after every conv and after each residual addition; no skips
 * from encoder to decoder (P002:L49). Input and output images are NHWC in [−1, 1].
 */
import type { Tensor4D } from '../../tf'
import { getTf } from '../../tf'
import type { AnclafConfig } from './config'
import { ops, spec, type ParamSpec, type Params } from './layers'

export function generatorSpec(c: AnclafConfig): ParamSpec {
  const out: ParamSpec = []
  const [w0, w1] = c.g.widths
  spec.conv(out, 'conv1', 4, 3, w0)
  spec.norm(out, 'conv1/in', w0)
  spec.conv(out, 'conv2', 4, w0, w1)
  spec.norm(out, 'conv2/in', w1)
  for (let r = 1; r <= c.g.resBlocks; r++) {
    for (let k = 1; k <= c.g.resConvs; k++) {
      spec.conv(out, `res${r}/conv${k}`, 3, w1, w1)
      spec.norm(out, `res${r}/conv${k}/in`, w1)
    }
    spec.norm(out, `res${r}/add/in`, w1)
  }
  spec.deconv(out, 'dconv1', 4, w1, w1)
  spec.norm(out, 'dconv1/in', w1)
  spec.deconv(out, 'dconv2', 4, w1, w0)
  spec.norm(out, 'dconv2/in', w0)
  spec.conv(out, 'conv5', 3, w0, 3)
  return out
}

export interface GeneratorOutput {
  /** Latent Z, [N, inputSize/4, inputSize/4, g.widths[1]]. */
  readonly z: Tensor4D
  /** Clean reconstruction Î in [−1, 1], [N, inputSize, inputSize, 3]. */
  readonly image: Tensor4D
}

function cnr(p: Params, name: string, x: Tensor4D, s: number): Tensor4D {
  return getTf().relu(ops.norm(p, `${name}/in`, ops.conv(p, name, x, s, 'same')))
}

/** G's encoder only (Z), e.g. for inference without the reconstruction. */
export function encodeG(p: Params, c: AnclafConfig, x: Tensor4D): Tensor4D {
  const tf = getTf()
  let h = cnr(p, 'conv2', cnr(p, 'conv1', x, 2), 2)
  for (let r = 1; r <= c.g.resBlocks; r++) {
    let y = h
    for (let k = 1; k <= c.g.resConvs; k++) y = cnr(p, `res${r}/conv${k}`, y, 1)
    h = tf.relu(ops.norm(p, `res${r}/add/in`, tf.add(h, y)))
  }
  return h
}

export function generator(p: Params, c: AnclafConfig, x: Tensor4D): GeneratorOutput {
  const tf = getTf()
  const z = encodeG(p, c, x)
  const d1 = tf.relu(ops.norm(p, 'dconv1/in', ops.deconv(p, 'dconv1', z, 2)))
  const d2 = tf.relu(ops.norm(p, 'dconv2/in', ops.deconv(p, 'dconv2', d1, 2)))
  return { z, image: tf.tanh(ops.conv(p, 'conv5', d2, 1, 'same')) }
}
