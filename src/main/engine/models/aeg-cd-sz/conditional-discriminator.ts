/**
 * CD, the conditional discriminator-based affect estimator (P002:L53-57; decisions in config.ts):
 * [image; FC(audio) as one S×S channel] → Conv1 → Conv2 → [· ; z] → Conv3 … → heads real/fake (2×2 logits) and
 * V/A (3×3 unpadded conv → FC → 2, tanh). `z` / `audio` null = zeros (the phases without them).
 */
import type { Tensor, Tensor4D } from '../../tf'
import { getTf } from '../../tf'
import { leakyRelu, ops, spec, type ParamSpec, type Params } from '../anclaf/layers'
import { zSize, type AegConfig } from './config'

/** Parameters named 'audio/…' (the FC), 'conv<i>/…', 'rf/…', 'va/…', 'va/fc/…'. */
export function cdSpec(c: AegConfig): ParamSpec {
  const out: ParamSpec = []
  spec.dense(out, 'audio/fc', c.audioDim, c.inputSize * c.inputSize)
  let cin = 4
  c.cd.widths.forEach((w, i) => {
    spec.conv(out, `conv${i + 1}`, 4, cin, w)
    cin = w + (i === 1 ? c.g.widths[1] : 0)
  })
  const last = c.cd.widths[c.cd.widths.length - 1]
  spec.conv(out, 'rf', 3, last, 1)
  spec.conv(out, 'va', 3, last, c.cd.vaHeadChannels)
  const head = c.inputSize / 2 ** c.cd.widths.length - 2
  spec.dense(out, 'va/fc', head * head * c.cd.vaHeadChannels, 2)
  return out
}

export interface CdOutput {
  /** Real/fake logits [N, 2, 2, 1]. */
  readonly realFake: Tensor4D
  /** V/A in [−1, 1], [N, 2]. */
  readonly va: Tensor
}

/** The audio channel: FC(50 → S²), tanh, reshaped [N, S, S, 1]. */
export function audioChannel(p: Params, c: AegConfig, audio: Tensor): Tensor4D {
  const tf = getTf()
  const n = audio.shape[0] as number
  return tf.reshape(tf.tanh(ops.dense(p, 'audio/fc', audio)), [n, c.inputSize, c.inputSize, 1])
}

export function conditionalDiscriminator(p: Params, c: AegConfig, image: Tensor4D, z: Tensor4D | null, audio: Tensor | null): CdOutput {
  const tf = getTf()
  const n = image.shape[0]
  const s = c.inputSize
  const a = audio ? audioChannel(p, c, audio) : (tf.zeros([n, s, s, 1]) as Tensor4D)
  let h = tf.concat([image, a], 3) as Tensor4D
  c.cd.widths.forEach((_, i) => {
    h = leakyRelu(ops.conv(p, `conv${i + 1}`, h, 2, 'same'), c.cd.leak)
    if (i === 1) {
      const zz = z ?? (tf.zeros([n, zSize(c), zSize(c), c.g.widths[1]]) as Tensor4D)
      if (zz.shape[1] !== h.shape[1] || zz.shape[3] !== c.g.widths[1]) throw new Error(`z ${zz.shape} does not match CD Conv2 ${h.shape}`)
      h = tf.concat([h, zz], 3) as Tensor4D
    }
  })
  const realFake = ops.conv(p, 'rf', h, 1, 'valid')
  const v = leakyRelu(ops.conv(p, 'va', h, 1, 'valid'), c.cd.leak)
  const va = tf.tanh(ops.dense(p, 'va/fc', tf.reshape(v, [n, -1])))
  return { realFake, va }
}
