/**
 * Training samples of the tracker networks, built on the fly from frames + 68-point ground truth:
 * - still crops: the GT box (landmark min/max) jittered in shift and scale, cropped with the context margin; the
 *   target is the GT in crop-normalised coordinates (estimator ℓ2, denoiser clean targets);
 * - FV pairs: positives = (jittered crop, its GT points moved as a working tracker's are: a global shift up to
 *   FV_POS_SHIFT and per-point noise of sd FV_POS_NOISE, i.e. fits of about ≤ 5 % NME); negatives = the same
 *   normalised points on a crop shifted off the face (0.6-1.5 crop sides; what a lost tracker shows), or the right
 *   crop with misplaced points (a shift of FV_NEG_SHIFT_MIN-0.7, i.e. from about 11 % of the box, a scaling
 *   ×0.5/×1.6) — T:L507-511 names no negatives, so FV is taught to call a fit "no face" where it would count as a
 *   failure (NME > 8 %). Positives with exact GT and negatives from 22 % on taught FV that any imprecise fit is "no
 *   face": measured, it rejected 80-100 % of the frames a trained CRT/DCRT tracked (val NME 5-7 %), so the
 *   refinement (and the denoiser in it) almost never ran and the detector re-initialised the tracker every frame;
 * - BT windows (Re³ style): L consecutive steps; at step t both X_t and X_{t−1} are cropped with the previous frame's
 *   GT box, jittered (standing in for the tracker's own previous estimate); target = GT of frame t (ℓ1).
 */
import { boxOfPoints, cropImage, cropWindowOf, toCropCoords, type CropWindow } from '../models/tracker/crop'
import type { TrackerConfig } from '../models/tracker/config'
import { framePoints, hasFace, type TrackerSequence } from '../models/tracker/data'
import type { Box } from '../../faces/human-detector'

export interface FrameRef {
  readonly seq: number
  readonly frame: number
}

export interface CropBatch {
  /** [B·S·S·3], [−1, 1]. */
  readonly images: Float32Array<ArrayBuffer>
  /** [B·136] crop-normalised targets. */
  readonly points: Float32Array
  /** √(w·h) of each GT box in crop-normalised units (for the NME). */
  readonly norm: Float32Array
  readonly size: number
  readonly count: number
}

/** All frames with a full 68-point face; `clean` keeps only frames not degraded in the source. */
export function faceFrames(seqs: readonly TrackerSequence[], clean = false): FrameRef[] {
  const out: FrameRef[] = []
  seqs.forEach((s, si) => {
    for (let f = 0; f < s.frames.length; f++) if (hasFace(s, f) && !(clean && s.degraded?.[f])) out.push({ seq: si, frame: f })
  })
  return out
}

/** Windows of `len` + 1 consecutive face frames (the first is the "previous" frame of step 1). */
export function windowStarts(seqs: readonly TrackerSequence[], len: number): FrameRef[] {
  const out: FrameRef[] = []
  seqs.forEach((s, si) => {
    let run = 0
    for (let f = 0; f < s.frames.length; f++) {
      run = hasFace(s, f) ? run + 1 : 0
      if (run >= len + 1) out.push({ seq: si, frame: f - len })
    }
  })
  return out
}

export function jitterBox(b: Box, rng: () => number, shift: number, scale: number): Box {
  const side = Math.max(b[2], b[3])
  const k = 1 + (2 * rng() - 1) * scale
  const w = b[2] * k
  const h = b[3] * k
  const cx = b[0] + b[2] / 2 + (2 * rng() - 1) * shift * side
  const cy = b[1] + b[3] / 2 + (2 * rng() - 1) * shift * side
  return [cx - w / 2, cy - h / 2, w, h]
}

function boxNorm(gt: Box, win: CropWindow): number {
  return (Math.sqrt(Math.max(0, gt[2] * gt[3])) * 2) / win.side
}

/** Still crops of `refs` (jitter 0 = exact GT box). */
export function stillBatch(c: TrackerConfig, seqs: readonly TrackerSequence[], refs: readonly FrameRef[], rng: () => number, jitter = c.train.jitter): CropBatch {
  const S = c.inputSize
  const images = new Float32Array(refs.length * S * S * 3)
  const points = new Float32Array(refs.length * 136)
  const norm = new Float32Array(refs.length)
  refs.forEach((r, i) => {
    const s = seqs[r.seq]
    const gt = framePoints(s, r.frame)
    const box = boxOfPoints(gt)
    const win = cropWindowOf(jitterBox(box, rng, jitter.shift, jitter.scale), c.cropMargin)
    cropImage(s.frames[r.frame], win, S, images.subarray(i * S * S * 3, (i + 1) * S * S * 3))
    toCropCoords(gt, win, points.subarray(i * 136, (i + 1) * 136))
    norm[i] = boxNorm(box, win)
  })
  return { images, points, norm, size: S, count: refs.length }
}

/** Largest global shift of a positive FV pair's points, crop-normalised units (half side = 1 = 0.75 box sides). */
export const FV_POS_SHIFT = 0.04
/** Per-point sd of a positive FV pair's noise, crop-normalised units (0.025 ≈ 2 % of the box side per axis). */
export const FV_POS_NOISE = 0.025
/** Smallest global shift of a misplaced-points negative (0.15 ≈ 11 % of the box side). */
export const FV_NEG_SHIFT_MIN = 0.15

function gaussian(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())
}

/** FV batch: half positives (imprecise fits of the face), half negatives (labels 1/0). */
export function fvBatch(c: TrackerConfig, seqs: readonly TrackerSequence[], refs: readonly FrameRef[], rng: () => number): CropBatch & { labels: Float32Array } {
  const S = c.inputSize
  const b = stillBatch(c, seqs, refs, rng)
  const labels = new Float32Array(refs.length)
  refs.forEach((r, i) => {
    const p = b.points.subarray(i * 136, (i + 1) * 136)
    if (i % 2 === 0) {
      labels[i] = 1
      const ang = 2 * Math.PI * rng()
      const d = FV_POS_SHIFT * rng()
      for (let j = 0; j < 136; j += 2) {
        p[j] += d * Math.cos(ang) + FV_POS_NOISE * gaussian(rng)
        p[j + 1] += d * Math.sin(ang) + FV_POS_NOISE * gaussian(rng)
      }
      return
    }
    const kind = rng()
    if (kind < 0.4) {
      const s = seqs[r.seq]
      const box = jitterBox(boxOfPoints(framePoints(s, r.frame)), rng, c.train.jitter.shift, c.train.jitter.scale)
      const win = cropWindowOf(box, c.cropMargin)
      const ang = 2 * Math.PI * rng()
      const d = (0.6 + 0.9 * rng()) * win.side
      cropImage(s.frames[r.frame], { cx: win.cx + d * Math.cos(ang), cy: win.cy + d * Math.sin(ang), side: win.side }, S, b.images.subarray(i * S * S * 3, (i + 1) * S * S * 3))
    } else if (kind < 0.7) {
      const ang = 2 * Math.PI * rng()
      const d = FV_NEG_SHIFT_MIN + (0.7 - FV_NEG_SHIFT_MIN) * rng()
      for (let j = 0; j < 136; j += 2) {
        p[j] += d * Math.cos(ang)
        p[j + 1] += d * Math.sin(ang)
      }
    } else {
      const k = rng() < 0.5 ? 0.5 : 1.6
      let mx = 0
      let my = 0
      for (let j = 0; j < 136; j += 2) {
        mx += p[j] / 68
        my += p[j + 1] / 68
      }
      for (let j = 0; j < 136; j += 2) {
        p[j] = mx + (p[j] - mx) * k
        p[j + 1] = my + (p[j + 1] - my) * k
      }
    }
  })
  return { ...b, labels }
}

export interface WindowBatch {
  readonly steps: number
  /** Per step: current crops, previous crops, targets, norms. */
  readonly cur: Float32Array<ArrayBuffer>[]
  readonly prev: Float32Array<ArrayBuffer>[]
  readonly points: Float32Array[]
  readonly norm: Float32Array[]
  readonly count: number
}

/** BT windows starting at `starts` (each needs len + 1 face frames). */
export function windowBatch(c: TrackerConfig, seqs: readonly TrackerSequence[], starts: readonly FrameRef[], len: number, rng: () => number): WindowBatch {
  const S = c.inputSize
  const n = starts.length
  const cur: Float32Array<ArrayBuffer>[] = []
  const prev: Float32Array<ArrayBuffer>[] = []
  const points: Float32Array[] = []
  const norm: Float32Array[] = []
  for (let t = 0; t < len; t++) {
    const ci = new Float32Array(n * S * S * 3)
    const pi = new Float32Array(n * S * S * 3)
    const pts = new Float32Array(n * 136)
    const nn = new Float32Array(n)
    starts.forEach((r, i) => {
      const s = seqs[r.seq]
      const f = r.frame + t + 1
      const prevBox = jitterBox(boxOfPoints(framePoints(s, f - 1)), rng, c.train.jitter.shift, c.train.jitter.scale)
      const win = cropWindowOf(prevBox, c.cropMargin)
      cropImage(s.frames[f], win, S, ci.subarray(i * S * S * 3, (i + 1) * S * S * 3))
      cropImage(s.frames[f - 1], win, S, pi.subarray(i * S * S * 3, (i + 1) * S * S * 3))
      const gt = framePoints(s, f)
      toCropCoords(gt, win, pts.subarray(i * 136, (i + 1) * 136))
      nn[i] = boxNorm(boxOfPoints(gt), win)
    })
    cur.push(ci)
    prev.push(pi)
    points.push(pts)
    norm.push(nn)
  }
  return { steps: len, cur, prev, points, norm, count: n }
}

/** Mean shape (crop-normalised, exact GT crops) of `refs` — the baseline and the heads' initial bias. */
export function meanShape(c: TrackerConfig, seqs: readonly TrackerSequence[], refs: readonly FrameRef[]): Float32Array {
  const out = new Float32Array(136)
  const tmp = new Float32Array(136)
  for (const r of refs) {
    const gt = framePoints(seqs[r.seq], r.frame)
    toCropCoords(gt, cropWindowOf(boxOfPoints(gt), c.cropMargin), tmp)
    for (let j = 0; j < 136; j++) out[j] += tmp[j] / Math.max(1, refs.length)
  }
  return out
}
