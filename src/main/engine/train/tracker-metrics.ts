/**
 * Validation metrics of the tracker phases, NME normalised by the GT box √(w·h) (T:L664, L848, L1194), all 68
 * points: the estimator on exact GT-box crops (clean, and degraded on the fly with the denoiser's classes — through
 * the denoiser when there is one), the mean-shape baseline, FV accuracy, and closed-loop tracking NME of the full
 * trained tracker on validation windows (first frame from GT, 300-VW protocol L1274).
 */
import type { Tensor4D } from '../tf'
import { getTf } from '../tf'
import { mulberry32, deriveSeed } from '../../../core/folds/seeded-random'
import type { TrackerModel } from '../models/tracker/model'
import type { TrackerSequence } from '../models/tracker/data'
import { framePoints } from '../models/tracker/data'
import { boxOfPoints } from '../models/tracker/crop'
import { createTrainedTracker } from '../models/tracker/tracker'
import type { Point2 } from '../../datasets/landmarks/points'
import { fvBatch, stillBatch, type CropBatch, type FrameRef } from './tracker-samples'
import { degradeWithClasses } from './tracker-steps'

const CHUNK = 16

/** Mean over items of (mean point distance / norm), crop-normalised predictions vs targets. */
export function nmeOf(pred: Float32Array, target: Float32Array, norm: Float32Array): number {
  let sum = 0
  for (let i = 0; i < norm.length; i++) {
    let e = 0
    for (let j = 0; j < 68; j++) e += Math.hypot(pred[i * 136 + 2 * j] - target[i * 136 + 2 * j], pred[i * 136 + 2 * j + 1] - target[i * 136 + 2 * j + 1])
    sum += e / 68 / norm[i]
  }
  return sum / Math.max(1, norm.length)
}

function predict(m: TrackerModel, b: CropBatch, o: { degrade: boolean; denoise: boolean; seed: number }): Float32Array {
  const tf = getTf()
  const S = b.size
  const out = new Float32Array(b.count * 136)
  for (let i = 0; i < b.count; i += CHUNK) {
    const n = Math.min(CHUNK, b.count - i)
    const x = tf.tensor4d(b.images.subarray(i * S * S * 3, (i + n) * S * S * 3), [n, S, S, 3])
    const y = tf.tidy(() => {
      let inp: Tensor4D = x
      if (o.degrade) inp = degradeWithClasses(m, x, deriveSeed(o.seed, i), 1).images
      if (o.denoise) inp = m.nets.den.apply(m.params, inp).y
      return m.nets.fle.apply(m.params, inp)
    })
    out.set(y.dataSync(), i * 136)
    tf.dispose([x, y])
  }
  return out
}

/**
 * Estimator NME (clean, degraded, degraded without the denoiser) and the mean-shape baseline, on GT-box crops
 * jittered as in training (seeded, the same crops for every model): the estimator runs on tracked boxes, and on
 * exact GT crops the mean shape alone would already be nearly right.
 */
export function estimatorMetrics(m: TrackerModel, seqs: readonly TrackerSequence[], refs: readonly FrameRef[], mean: Float32Array, seed: number): Record<string, number> {
  const b = stillBatch(m.config, seqs, refs, mulberry32(seed))
  const den = m.config.denoiser.kind !== 'none'
  const meanPred = new Float32Array(b.count * 136)
  for (let i = 0; i < b.count; i++) meanPred.set(mean, i * 136)
  const out: Record<string, number> = {
    nmeMeanShape: nmeOf(meanPred, b.points, b.norm),
    nmeClean: nmeOf(predict(m, b, { degrade: false, denoise: den, seed }), b.points, b.norm),
    nmeDegradedRaw: nmeOf(predict(m, b, { degrade: true, denoise: false, seed }), b.points, b.norm)
  }
  if (den) out.nmeDegraded = nmeOf(predict(m, b, { degrade: true, denoise: true, seed }), b.points, b.norm)
  return out
}

/** FV accuracy at T_C on balanced positives/negatives. */
export function fvAccuracy(m: TrackerModel, seqs: readonly TrackerSequence[], refs: readonly FrameRef[], seed: number): number {
  const tf = getTf()
  const b = fvBatch(m.config, seqs, refs, mulberry32(seed))
  const S = b.size
  let ok = 0
  for (let i = 0; i < b.count; i += CHUNK) {
    const n = Math.min(CHUNK, b.count - i)
    const p = tf.tidy(() => {
      const x = tf.tensor4d(b.images.subarray(i * S * S * 3, (i + n) * S * S * 3), [n, S, S, 3])
      const pts = tf.tensor2d(b.points.subarray(i * 136, (i + n) * 136), [n, 136])
      return tf.sigmoid(m.nets.fv.apply(m.params, x, pts))
    })
    const pv = p.dataSync()
    p.dispose()
    for (let j = 0; j < n; j++) if (pv[j] >= m.config.thresholds.tc === (b.labels[i + j] === 1)) ok++
  }
  return ok / Math.max(1, b.count)
}

/** Closed-loop tracking NME of the trained tracker over windows (init from GT, then `len` steps). */
export async function trackingNme(m: TrackerModel, seqs: readonly TrackerSequence[], starts: readonly FrameRef[], len: number, denoise: boolean): Promise<{ nme: number; reinit: number; lowFace: number }> {
  const tracker = createTrainedTracker(m, { id: 'val', denoise })
  let sum = 0
  let n = 0
  let low = 0
  let reinit = 0
  try {
    for (const st of starts) {
      const s = seqs[st.seq]
      const p0 = framePoints(s, st.frame)
      const pts: Point2[] = []
      for (let j = 0; j < 68; j++) pts.push([p0[2 * j], p0[2 * j + 1]])
      await tracker.init(s.frames[st.frame], { points: pts })
      for (let t = 1; t <= len; t++) {
        const f = st.frame + t
        const r = await tracker.step(s.frames[f])
        const gt = framePoints(s, f)
        const box = boxOfPoints(gt)
        const norm = Math.sqrt(box[2] * box[3])
        if (r.points) {
          let e = 0
          for (let j = 0; j < 68; j++) e += Math.hypot(r.points[j][0] - gt[2 * j], r.points[j][1] - gt[2 * j + 1])
          sum += e / 68 / norm
        } else sum += 1
        if (r.pFace < m.config.thresholds.tc) low++
        if (r.reinitialised) reinit++
        n++
      }
    }
  } finally {
    tracker.dispose()
  }
  return { nme: sum / Math.max(1, n), reinit: reinit / Math.max(1, n), lowFace: low / Math.max(1, n) }
}
