/**
 * Per-frame latent VECTORS of a trained ANCLaF stage-1 model, for the stage-2 sequence models (latent cache).
 *
 * What is cached: enc_C's output, i.e. C's conv stack (Table A.3 Conv1-5, T:L2215-2225) applied to ZQ = [Z; Q]
 * and flattened — 1×1×w_last, so 256 values per frame for the compact preset and 1024 for the thesis preset.
 * Why this and not ZQ itself: ZQ is a 2-D map (thesis 128×32×32 + 4 ≈ 0.5 MB fp32 per frame, ~8 GB for a 10-minute
 * session; READING-NOTES "Latent size"), while enc_C is frozen after stage 1, so its output carries everything C
 * reads from ZQ at 1/500 of the size. Table A.3 puts exactly these Conv1-5 before W_a / the LSTM, so the sequence
 * models consume what the thesis' C would. Consequence (documented in models/sequence/config.ts): enc_C is not
 * fine-tuned in stage 2.
 *
 * Q is D's quadrant softmax on G's reconstruction (eq.3, as in the stage-1 forward), so one latent needs G's encoder
 * AND decoder, D and enc_C: the reason the cache pays off (bench/sequence.bench.ts).
 */
import type { Tensor2D, Tensor4D } from '../../tf'
import { getTf } from '../../tf'
import { tileQ } from './combiner'
import { latentSize, type AnclafConfig } from './config'
import { discriminator } from './discriminator'
import { generator } from './generator'
import { cropsToTensor } from './infer'
import { normaliseInput } from './input-norm'
import { leakyRelu, ops } from './layers'
import type { AnclafNets } from './model'

/** Length of one cached latent vector: enc_C's flattened output. */
export function latentVectorSize(c: AnclafConfig): number {
  const s = latentSize(c) / 2 ** c.c.widths.length
  return s * s * c.c.widths[c.c.widths.length - 1]
}

/** enc_C([Z; Q]) flattened, [N, latentVectorSize] for inputs x [N, size, size, 3] in [−1, 1] (no gradient kept). */
export function encodeLatentVectors(nets: AnclafNets, c: AnclafConfig, x: Tensor4D): Tensor2D {
  const tf = getTf()
  return tf.tidy(() => {
    const { z, image } = generator(nets.g, c, x)
    const q = tf.softmax(discriminator(nets.d, c, image).quadrant)
    let h = tileQ(z, q)
    for (let i = 0; i < c.c.widths.length; i++) h = leakyRelu(ops.conv(nets.c, `conv${i + 1}`, h, 2, 'same'), c.c.leak)
    return tf.reshape(h, [x.shape[0], -1]) as Tensor2D
  })
}

/** C's FC head on cached vectors → [V, A] in [−1, 1] (what stage 1's C outputs for the same frames). */
export function headFromLatents(nets: AnclafNets, c: AnclafConfig, v: Tensor2D): Tensor2D {
  const tf = getTf()
  return tf.tidy(() => tf.tanh(ops.dense(nets.c, 'fc2', leakyRelu(ops.dense(nets.c, 'fc1', v), c.c.leak))) as Tensor2D)
}

export interface LatentVectors {
  readonly dims: number
  /** count × dims; rows of missing frames are zeros (never read: they are masked). */
  readonly data: Float32Array
}

/**
 * Latent vectors of `count` uint8 RGB inputs (size² × 3 each) in batches. Frames flagged in `missing` are not
 * computed (zero rows); the caller keeps the mask.
 */
export async function latentVectorsOfCrops(
  nets: AnclafNets,
  c: AnclafConfig,
  crops: Uint8Array,
  count: number,
  opts: { batch?: number; missing?: Uint8Array; signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}
): Promise<LatentVectors> {
  const size = c.inputSize
  const fb = size * size * 3
  if (crops.length < count * fb) throw new Error(`latents: ${crops.length} bytes hold fewer than ${count} inputs of ${size}²×3`)
  const dims = latentVectorSize(c)
  const data = new Float32Array(count * dims)
  const batch = Math.max(1, opts.batch ?? 32)
  const keep: number[] = []
  for (let i = 0; i < count; i++) if (!opts.missing?.[i]) keep.push(i)
  const buf = new Uint8Array(batch * fb)
  for (let s = 0; s < keep.length; s += batch) {
    if (opts.signal?.aborted) throw new Error('cancelled')
    const idx = keep.slice(s, s + batch)
    idx.forEach((f, j) => buf.set(crops.subarray(f * fb, (f + 1) * fb), j * fb))
    const raw = cropsToTensor(buf.subarray(0, idx.length * fb), idx.length, size)
    const x = normaliseInput(raw, c.inputNorm)
    const v = encodeLatentVectors(nets, c, x)
    getTf().dispose([raw, x])
    const vals = (await v.data()) as Float32Array
    v.dispose()
    idx.forEach((f, j) => data.set(vals.subarray(j * dims, (j + 1) * dims), f * dims))
    opts.onProgress?.(Math.min(keep.length, s + batch), keep.length)
    await new Promise((r) => setImmediate(r))
  }
  return { dims, data }
}
