/**
 * "Moving faces" with exact ground truth, in memory (the idea of bench/import-realtime.mjs --accuracy): a real
 * ground-truth still (300-W, 300-VW frames) is warped by a known similarity transform per frame (zoom, pan, roll),
 * so the per-frame 68 points are the still's points through the same transform — exact, with no annotator noise.
 *
 * 300-VW-like categories (the benchmark's 1-3: well lit / unconstrained illumination / completely unconstrained),
 * reproduced here by construction (document, not a claim about 300-VW itself):
 * 1. mild motion, well lit: zoom ±8 %, pan ±6 %/±4 % of the frame, roll ±5°, slow (periods 1.9-3.1 s);
 * 2. more motion + illumination changes: zoom ±15 %, pan ±12 %/±8 %, roll ±10°, a global intensity swing
 *    (×1 → ×0.35) and a moving side light (left/right gain gradient up to ±35 %);
 * 3. strong motion + the thesis degradations: zoom ±20 %, pan ±15 %/±10 %, roll ±15°, 1.6× faster, and every
 *    10-frame segment one of downsampling ×½-⅛, Gaussian blur σ 1-5, noise σ² 0.001-0.01, motion blur (mean of the
 *    last 10-25 frames; T L833-837, L1168). The ground truth stays the sharp frame's.
 * Deterministic by seed (phases of the motion, degradation draws).
 */
import type { Point2 } from '../../datasets/landmarks'
import { deriveSeed, mulberry32 } from '../../datasets/synth/prng'
import type { RgbImage } from '../human-detector'
import { degradeSequence } from './frame-degrade'

export type MovingCategory = 1 | 2 | 3

export interface MovingFaceOptions {
  readonly category: MovingCategory
  readonly seed: number
  /** Square frame side (px); default 256. */
  readonly size?: number
  /** Frames (default 50 = 2 s at 25 fps). */
  readonly frames?: number
  readonly fps?: number
  /** Face height (68-point extent) / frame side at rest; default 0.45. */
  readonly faceRel?: number
}

export interface SimilarityTransform {
  /** q = s·R(theta)·(p − f) + (ox, oy) */
  readonly s: number
  readonly theta: number
  readonly ox: number
  readonly oy: number
  readonly fx: number
  readonly fy: number
}

export interface MovingFaceSequence {
  readonly category: MovingCategory
  readonly frames: RgbImage[]
  /** n × 68 × 2, frame pixels (0-based). */
  readonly landmarks: Float32Array
  readonly transforms: SimilarityTransform[]
}

const MOTION: Record<MovingCategory, { zoom: number; pan: [number, number]; roll: number; speed: number }> = {
  1: { zoom: 0.08, pan: [0.06, 0.04], roll: 5, speed: 1 },
  2: { zoom: 0.15, pan: [0.12, 0.08], roll: 10, speed: 1 },
  3: { zoom: 0.2, pan: [0.15, 0.1], roll: 15, speed: 1.6 }
}

export function applyTransform(t: SimilarityTransform, p: Point2): Point2 {
  const c = Math.cos(t.theta)
  const s = Math.sin(t.theta)
  const x = p[0] - t.fx
  const y = p[1] - t.fy
  return [t.s * (c * x - s * y) + t.ox, t.s * (s * x + c * y) + t.oy]
}

/** Area (box-filter) downscale by `k` < 1; points map with the pixel-centre convention. */
export function areaDownscale(img: RgbImage, k: number): RgbImage {
  const w = Math.max(1, Math.round(img.width * k))
  const h = Math.max(1, Math.round(img.height * k))
  const rx = img.width / w
  const ry = img.height / h
  const out = new Uint8Array(w * h * 3)
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor(y * ry)
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * ry))
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor(x * rx)
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * rx))
      const acc = [0, 0, 0]
      for (let v = y0; v < y1; v++) for (let u = x0; u < x1; u++) for (let c = 0; c < 3; c++) acc[c] += img.data[(v * img.width + u) * 3 + c]
      const n = (y1 - y0) * (x1 - x0)
      for (let c = 0; c < 3; c++) out[(y * w + x) * 3 + c] = Math.round(acc[c] / n)
    }
  }
  return { data: out, width: w, height: h }
}

/** Renders one frame: the inverse warp sampled bilinearly (outside the still: black), times a light gain. */
function renderFrame(src: RgbImage, t: SimilarityTransform, size: number, gain: (u: number) => number): RgbImage {
  const { data, width, height } = src
  const out = new Uint8Array(size * size * 3)
  const c = Math.cos(t.theta)
  const s = Math.sin(t.theta)
  let o = 0
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++, o += 3) {
      const px = (c * (u - t.ox) + s * (v - t.oy)) / t.s + t.fx
      const py = (-s * (u - t.ox) + c * (v - t.oy)) / t.s + t.fy
      if (!(px >= 0 && py >= 0 && px <= width - 1 && py <= height - 1)) continue
      const x0 = Math.min(Math.floor(px), width - 2)
      const y0 = Math.min(Math.floor(py), height - 2)
      const fx = px - x0
      const fy = py - y0
      const a = (y0 * width + x0) * 3
      const b = a + width * 3
      const g = gain(u / size)
      for (let ch = 0; ch < 3; ch++) {
        const val = data[a + ch] * (1 - fx) * (1 - fy) + data[a + 3 + ch] * fx * (1 - fy) + data[b + ch] * (1 - fx) * fy + data[b + 3 + ch] * fx * fy
        out[o + ch] = Math.max(0, Math.min(255, Math.round(val * g)))
      }
    }
  }
  return { data: out, width: size, height: size }
}

/** A moving-face clip of `still` (68 GT points, 0-based) in category `opts.category`. */
export function movingFaceSequence(still: RgbImage, points: readonly Point2[], opts: MovingFaceOptions): MovingFaceSequence {
  if (points.length !== 68) throw new RangeError(`a moving face needs 68 points, got ${points.length}`)
  const size = opts.size ?? 256
  const n = opts.frames ?? 50
  const fps = opts.fps ?? 25
  const m = MOTION[opts.category]
  const rng = mulberry32(deriveSeed(opts.seed, `moving-${opts.category}`))
  const ph = Array.from({ length: 6 }, () => rng() * 2 * Math.PI)
  const extent = (pts: readonly Point2[], k: 0 | 1): number => Math.max(...pts.map((p) => p[k])) - Math.min(...pts.map((p) => p[k]))
  let img = still
  let g: Point2[] = points.map((p) => [p[0], p[1]])
  let s0 = ((opts.faceRel ?? 0.45) * size) / extent(g, 1)
  if (s0 < 0.75) {
    // Shrink with an area filter first (no aliasing), then warp at a scale near 1.
    img = areaDownscale(still, s0 / 0.9)
    const kx = img.width / still.width
    const ky = img.height / still.height
    g = g.map(([x, y]) => [(x + 0.5) * kx - 0.5, (y + 0.5) * ky - 0.5])
    s0 = ((opts.faceRel ?? 0.45) * size) / extent(g, 1)
  }
  const fx = (Math.min(...g.map((p) => p[0])) + Math.max(...g.map((p) => p[0]))) / 2
  const fy = (Math.min(...g.map((p) => p[1])) + Math.max(...g.map((p) => p[1]))) / 2
  const frames: RgbImage[] = []
  const transforms: SimilarityTransform[] = []
  const landmarks = new Float32Array(n * 136)
  for (let i = 0; i < n; i++) {
    const w = (2 * Math.PI * m.speed * i) / fps
    const t: SimilarityTransform = {
      s: s0 * (1 + m.zoom * Math.sin(w / 3.1 + ph[0])),
      theta: ((m.roll * Math.PI) / 180) * Math.sin(w / 2.3 + ph[1]),
      ox: size / 2 + m.pan[0] * size * Math.sin(w / 2.7 + ph[2]),
      oy: size / 2 + m.pan[1] * size * Math.sin(w / 1.9 + ph[3]),
      fx,
      fy
    }
    // Category 2: global intensity swing and a moving side light; 1 and 3: even light.
    const global = opts.category === 2 ? 0.675 + 0.325 * Math.cos(w / 2.9 + ph[4]) : 1
    const side = opts.category === 2 ? 0.35 * Math.sin(w / 2.1 + ph[5]) : 0
    frames.push(renderFrame(img, t, size, (u) => global * (1 + side * (2 * u - 1))))
    transforms.push(t)
    g.forEach((p, k) => {
      const q = applyTransform(t, p)
      landmarks[i * 136 + 2 * k] = q[0]
      landmarks[i * 136 + 2 * k + 1] = q[1]
    })
  }
  if (opts.category === 3) {
    const d = degradeSequence(frames, { seed: deriveSeed(opts.seed, 'moving-3'), segment: 10, kinds: ['downsample', 'gaussian-blur', 'gaussian-noise', 'motion-blur'] })
    return { category: 3, frames: d.frames, landmarks, transforms }
  }
  return { category: opts.category, frames, landmarks, transforms }
}

/** The points of frame `i` of an n×68×2 array (null when the frame has no face, i.e. NaN). */
export function framePoints(landmarks: Float32Array, i: number): Point2[] | null {
  const out: Point2[] = []
  for (let k = 0; k < 68; k++) {
    const x = landmarks[i * 136 + 2 * k]
    const y = landmarks[i * 136 + 2 * k + 1]
    if (!Number.isFinite(x) || !Number.isFinite(y)) return null
    out.push([x, y])
  }
  return out
}
