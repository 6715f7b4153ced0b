/**
 * A tiny synthetic tracking world for the tracker tests: a bright elliptic "face" with dark eyes, brows, nose and
 * mouth on a textured background, moving (random walk in position and size) with a mouth that opens and closes;
 * its exact 68 iBUG points follow the drawing (silhouette on the lower ellipse, brows, nose line, eye rings, two
 * lip rings). The points are recoverable only from the pixels, so a network that beats the mean shape has learnt
 * to localise. Test support only (imports nothing outside the tracker code).
 */
import type { RgbImage } from '../../faces/human-detector'
import { mulberry32 } from '../../../core/folds/seeded-random'
import type { TrackerSequence } from '../models/tracker/data'

interface Pose {
  cx: number
  cy: number
  rx: number
  ry: number
  mouth: number
}

export function worldPoints(p: Pose): Float32Array {
  const out: number[] = []
  const push = (x: number, y: number) => out.push(p.cx + x * p.rx, p.cy + y * p.ry)
  for (let i = 0; i < 17; i++) {
    const a = Math.PI * (i / 16)
    push(-Math.cos(a) * 0.95, Math.sin(a) * 0.95 - 0.05)
  }
  for (let i = 0; i < 5; i++) push(-0.6 + i * 0.1, -0.45 - 0.04 * Math.sin((Math.PI * i) / 4))
  for (let i = 0; i < 5; i++) push(0.2 + i * 0.1, -0.45 - 0.04 * Math.sin((Math.PI * i) / 4))
  for (let i = 0; i < 4; i++) push(0, -0.25 + i * 0.1)
  for (let i = 0; i < 5; i++) push(-0.12 + i * 0.06, 0.18)
  for (const ex of [-0.35, 0.35]) for (let i = 0; i < 6; i++) push(ex + 0.13 * Math.cos((Math.PI * i) / 3 + Math.PI), -0.25 + 0.06 * Math.sin((Math.PI * i) / 3 + Math.PI))
  for (let i = 0; i < 12; i++) push(0.3 * Math.cos((Math.PI * i) / 6 + Math.PI), 0.5 + (0.06 + p.mouth) * Math.sin((Math.PI * i) / 6 + Math.PI))
  for (let i = 0; i < 8; i++) push(0.2 * Math.cos((Math.PI * i) / 4 + Math.PI), 0.5 + p.mouth * 0.6 * Math.sin((Math.PI * i) / 4 + Math.PI))
  return new Float32Array(out)
}

function render(p: Pose, w: number, h: number, bg: Uint8Array): RgbImage {
  const data = new Uint8Array(bg)
  const put = (x: number, y: number, v: [number, number, number]) => {
    if (x < 0 || y < 0 || x >= w || y >= h) return
    const o = (y * w + x) * 3
    data[o] = v[0]
    data[o + 1] = v[1]
    data[o + 2] = v[2]
  }
  const inEll = (x: number, y: number, cx: number, cy: number, rx: number, ry: number) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = (x - p.cx) / p.rx
      const v = (y - p.cy) / p.ry
      if (u * u + v * v > 1) continue
      let col: [number, number, number] = [225, 185, 160]
      if (inEll(u, v, -0.35, -0.25, 0.13, 0.07) || inEll(u, v, 0.35, -0.25, 0.13, 0.07)) col = [30, 30, 40]
      else if (Math.abs(v + 0.45) < 0.04 && Math.abs(Math.abs(u) - 0.4) < 0.2) col = [70, 50, 40]
      else if (Math.abs(u) < 0.03 && v > -0.25 && v < 0.18) col = [150, 110, 100]
      else if (inEll(u, v, 0, 0.5, 0.3, 0.06 + p.mouth)) col = inEll(u, v, 0, 0.5, 0.2, p.mouth * 0.6 + 1e-3) ? [60, 10, 20] : [170, 60, 70]
      put(x, y, col)
    }
  }
  return { data, width: w, height: h }
}

/** `count` sequences of `frames` frames (w×h), seeded. */
export function trackerWorld(count: number, frames: number, seed: number, w = 96, h = 96): TrackerSequence[] {
  const rng = mulberry32(seed)
  const out: TrackerSequence[] = []
  for (let s = 0; s < count; s++) {
    const bg = new Uint8Array(w * h * 3)
    for (let i = 0; i < bg.length; i += 3) {
      const v = 40 + Math.floor(40 * rng())
      bg[i] = v
      bg[i + 1] = v + 10
      bg[i + 2] = v + 20
    }
    const p: Pose = { cx: w * (0.4 + 0.2 * rng()), cy: h * (0.4 + 0.2 * rng()), rx: w * (0.16 + 0.08 * rng()), ry: 0, mouth: 0.05 }
    p.ry = p.rx * (1.15 + 0.25 * rng())
    const imgs: RgbImage[] = []
    const lm = new Float32Array(frames * 136)
    for (let f = 0; f < frames; f++) {
      imgs.push(render(p, w, h, bg))
      lm.set(worldPoints(p), f * 136)
      p.cx = Math.min(w * 0.7, Math.max(w * 0.3, p.cx + (rng() - 0.5) * w * 0.06))
      p.cy = Math.min(h * 0.7, Math.max(h * 0.3, p.cy + (rng() - 0.5) * h * 0.06))
      const k = 1 + (rng() - 0.5) * 0.08
      p.rx = Math.min(w * 0.26, Math.max(w * 0.13, p.rx * k))
      p.ry = Math.min(h * 0.34, Math.max(h * 0.15, p.ry * k))
      p.mouth = Math.min(0.2, Math.max(0.01, p.mouth + (rng() - 0.5) * 0.08))
    }
    out.push({ id: `world-${seed}-${s}`, subject: `s${seed}-${s}`, frames: imgs, landmarks: lm })
  }
  return out
}
