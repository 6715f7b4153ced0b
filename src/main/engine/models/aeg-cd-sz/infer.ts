/** Per-frame inference: crops (uint8 RGB) + normalised audio features → V, A on the native label scale. */
import { getTf } from '../../tf'
import { cropsToTensor } from '../anclaf/infer'
import type { AegConfig } from './config'
import { aegForward, FULL_INPUTS, type AegInputs, type AegNets } from './model'

export interface AegPrediction {
  readonly valence: Float32Array
  readonly arousal: Float32Array
}

/** `audio` is count × audioDim (z-scored with the training stats), or null to feed zeros. */
export function predictAeg(
  nets: AegNets,
  c: AegConfig,
  crops: Uint8Array,
  audio: Float32Array | null,
  count: number,
  opts: { batch?: number; inputs?: AegInputs } = {}
): AegPrediction {
  const tf = getTf()
  const batch = opts.batch ?? 32
  const valence = new Float32Array(count)
  const arousal = new Float32Array(count)
  const px = c.inputSize * c.inputSize * 3
  for (let s = 0; s < count; s += batch) {
    const n = Math.min(batch, count - s)
    const va = tf.tidy(() => {
      const x = cropsToTensor(crops.subarray(s * px, (s + n) * px), n, c.inputSize)
      const a = audio ? tf.tensor2d(audio.subarray(s * c.audioDim, (s + n) * c.audioDim), [n, c.audioDim]) : null
      return aegForward(nets, c, x, a, opts.inputs ?? FULL_INPUTS).va
    })
    const v = va.dataSync()
    va.dispose()
    for (let i = 0; i < n; i++) {
      valence[s + i] = v[2 * i] * c.labelRange
      arousal[s + i] = v[2 * i + 1] * c.labelRange
    }
  }
  return { valence, arousal }
}
