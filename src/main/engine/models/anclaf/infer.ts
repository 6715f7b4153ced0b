/** Per-frame inference: crops (uint8 RGB, size² × 3 each) → V, A on the native label scale + quadrant probabilities. */
import type { Tensor4D } from '../../tf'
import { getTf } from '../../tf'
import type { AnclafConfig } from './config'
import { QUADRANTS } from './discriminator'
import { normaliseInput } from './input-norm'
import { anclafForward, type AnclafNets } from './model'

export interface AnclafPrediction {
  readonly valence: Float32Array
  readonly arousal: Float32Array
  /** frames × 4, row-major (quadrant order of config.ts). */
  readonly quadrantProbs: Float32Array
}

/** uint8 RGB crops → NHWC float in [−1, 1]. */
export function cropsToTensor(crops: Uint8Array, count: number, size: number): Tensor4D {
  const tf = getTf()
  return tf.tidy(() => tf.sub(tf.div(tf.tensor4d(crops, [count, size, size, 3], 'int32').toFloat(), 127.5), 1) as Tensor4D)
}

/**
 * Runs the model on `count` crops in batches. Frames flagged in `missing` (no face) get NaN predictions and
 * NaN quadrant probabilities (never zeros).
 */
export async function predictCrops(
  nets: AnclafNets,
  config: AnclafConfig,
  crops: Uint8Array,
  count: number,
  opts: { batch?: number; missing?: Uint8Array; signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}
): Promise<AnclafPrediction> {
  const tf = getTf()
  const size = config.inputSize
  const frameBytes = size * size * 3
  const batch = opts.batch ?? 32
  const valence = new Float32Array(count)
  const arousal = new Float32Array(count)
  const quadrantProbs = new Float32Array(count * QUADRANTS)
  for (let start = 0; start < count; start += batch) {
    if (opts.signal?.aborted) throw new Error('cancelled')
    const n = Math.min(batch, count - start)
    const [va, q] = tf.tidy(() => {
      const x = normaliseInput(cropsToTensor(crops.subarray(start * frameBytes, (start + n) * frameBytes), n, size), config.inputNorm)
      const f = anclafForward(nets, config, x)
      return [f.va, f.quadrantProbs]
    })
    const vaData = await va.data()
    const qData = await q.data()
    tf.dispose([va, q])
    for (let i = 0; i < n; i++) {
      valence[start + i] = vaData[2 * i] * config.labelRange
      arousal[start + i] = vaData[2 * i + 1] * config.labelRange
    }
    quadrantProbs.set(qData, start * QUADRANTS)
    opts.onProgress?.(start + n, count)
  }
  if (opts.missing) {
    for (let i = 0; i < count; i++) {
      if (opts.missing[i]) {
        valence[i] = NaN
        arousal[i] = NaN
        quadrantProbs.fill(NaN, i * QUADRANTS, (i + 1) * QUADRANTS)
      }
    }
  }
  return { valence, arousal, quadrantProbs }
}
