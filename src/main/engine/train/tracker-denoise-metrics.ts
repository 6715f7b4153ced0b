/**
 * Validation metrics of the FADeNN denoiser on exact GT-box crops of clean validation frames: pixel MSE ([−1, 1]
 * scale) of the degraded input and of the denoised output against the clean crop (every crop degraded once with
 * the variant's classes), the distortion the denoiser adds to clean crops (the reason for S/M, T:L771), and the
 * noise classifier's accuracy over the clean and the degraded crops (S/M).
 */
import { getTf, type Tensor4D } from '../tf'
import { deriveSeed, mulberry32 } from '../../../core/folds/seeded-random'
import type { TrackerModel } from '../models/tracker/model'
import type { TrackerSequence } from '../models/tracker/data'
import { stillBatch, type FrameRef } from './tracker-samples'
import { degradeWithClasses } from './tracker-steps'

const CHUNK = 16

export function denoiserMetrics(m: TrackerModel, seqs: readonly TrackerSequence[], refs: readonly FrameRef[], seed: number): Record<string, number> {
  const tf = getTf()
  const b = stillBatch(m.config, seqs, refs, mulberry32(seed), { shift: 0, scale: 0 })
  const S = b.size
  let raw = 0
  let den = 0
  let clean = 0
  let correct = 0
  const withCls = m.config.denoiser.kind === 'S' || m.config.denoiser.kind === 'M'
  for (let i = 0; i < b.count; i += CHUNK) {
    const n = Math.min(CHUNK, b.count - i)
    const x = tf.tensor4d(b.images.subarray(i * S * S * 3, (i + n) * S * S * 3), [n, S, S, 3])
    const { images, classes } = degradeWithClasses(m, x, deriveSeed(seed, i), 1)
    const r = tf.tidy(() => {
      const d = m.nets.den.apply(m.params, images)
      const c0 = m.nets.den.apply(m.params, x)
      const se = (a: Tensor4D) => tf.sum(tf.mean(tf.square(tf.sub(a, x)), [1, 2, 3]))
      const acc = withCls ? tf.add(tf.sum(tf.equal(tf.argMax(d.logits!, 1), tf.tensor1d(classes, 'int32'))), tf.sum(tf.equal(tf.argMax(c0.logits!, 1), 0))) : tf.scalar(0)
      return tf.stack([se(images), se(d.y), se(c0.y), tf.cast(acc, 'float32')])
    })
    const v = r.dataSync()
    raw += v[0]
    den += v[1]
    clean += v[2]
    correct += v[3]
    tf.dispose([x, images, r])
  }
  const n = Math.max(1, b.count)
  const out: Record<string, number> = { degradedMse: raw / n, denoiseMse: den / n, cleanDistortionMse: clean / n }
  if (withCls) out.noiseClassAccuracy = correct / (2 * n)
  return out
}
