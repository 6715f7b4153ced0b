/**
 * C = FC(enc_C([Z; Q])) (P000 eq.3 L66; T:L1600; Table A.3 T:L2215-2225 without the stage-2 rows).
 * ZQ = concat(Z, Q tiled as channels): each of the 4 quadrant probabilities becomes one constant H_Z×W_Z channel
 * (P000:L64 "layer-wise concatenation"; the tiling is our choice, see config.ts). Q MUST reach C — the published
 * code slices it off; here zeroing Q changes C's output (combiner.test.ts).
 */
import type { Tensor, Tensor4D } from '../../tf'
import { getTf } from '../../tf'
import type { AnclafConfig } from './config'
import { latentSize } from './config'
import { QUADRANTS } from './discriminator'
import { leakyRelu, ops, spec, type ParamSpec, type Params } from './layers'

export function combinerSpec(c: AnclafConfig): ParamSpec {
  const out: ParamSpec = []
  let cin = c.g.widths[1] + QUADRANTS
  c.c.widths.forEach((w, i) => {
    spec.conv(out, `conv${i + 1}`, 4, cin, w)
    cin = w
  })
  const s = latentSize(c) / 2 ** c.c.widths.length
  spec.dense(out, 'fc1', s * s * cin, c.c.fcHidden)
  spec.dense(out, 'fc2', c.c.fcHidden, 2)
  return out
}

/** ZQ: [N, h, w, C_Z + 4], Q [N, 4] broadcast over the latent grid. */
export function tileQ(z: Tensor4D, q: Tensor): Tensor4D {
  const tf = getTf()
  const [n, h, w] = z.shape
  const tiled = tf.tile(tf.reshape(q, [n, 1, 1, QUADRANTS]), [1, h, w, 1])
  return tf.concat([z, tiled], 3) as Tensor4D
}

/** [V, A] in [−1, 1] (tanh), [N, 2], from Z and quadrant probabilities Q. */
export function combiner(p: Params, c: AnclafConfig, z: Tensor4D, q: Tensor): Tensor {
  const tf = getTf()
  let h = tileQ(z, q)
  for (let i = 0; i < c.c.widths.length; i++) h = leakyRelu(ops.conv(p, `conv${i + 1}`, h, 2, 'same'), c.c.leak)
  const flat = tf.reshape(h, [h.shape[0], -1])
  return tf.tanh(ops.dense(p, 'fc2', leakyRelu(ops.dense(p, 'fc1', flat), c.c.leak)))
}
