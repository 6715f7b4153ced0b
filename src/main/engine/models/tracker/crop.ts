/**
 * Crops and coordinates. A crop is the axis-aligned square of side `side` centred at (cx, cy) in frame pixels,
 * resampled (bilinear, edge-clamped) to S×S RGB in [−1, 1] (config `cropMargin`: side = (1 + 2·margin)·max(w, h)).
 * Points inside a crop are crop-normalised: u = (x − cx) / (side / 2), so the crop spans [−1, 1] (T:L498 does not
 * fix a coordinate system; this keeps the regression targets O(1)). Pixel centres: pixel i covers [i − ½, i + ½].
 */
import type { Box, RgbImage } from '../../../faces/human-detector'

export interface CropWindow {
  readonly cx: number
  readonly cy: number
  readonly side: number
}

/** Box [x, y, w, h] of 68 points (landmark min/max, eq.2.4); points given as flat [x0, y0, x1, y1, …]. */
export function boxOfPoints(p: ArrayLike<number>): Box {
  let x0 = Infinity
  let y0 = Infinity
  let x1 = -Infinity
  let y1 = -Infinity
  for (let i = 0; i + 1 < p.length; i += 2) {
    const x = p[i]
    const y = p[i + 1]
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue
    if (x < x0) x0 = x
    if (x > x1) x1 = x
    if (y < y0) y0 = y
    if (y > y1) y1 = y
  }
  if (!Number.isFinite(x0)) return [NaN, NaN, NaN, NaN]
  return [x0, y0, x1 - x0, y1 - y0]
}

/** The crop window of a box with a context margin (per side, relative to the longer box side). */
export function cropWindowOf(box: Box, margin: number): CropWindow {
  const [x, y, w, h] = box
  return { cx: x + w / 2, cy: y + h / 2, side: Math.max(1e-3, Math.max(w, h) * (1 + 2 * margin)) }
}

/** Frame pixels → crop-normalised coordinates (flat xy arrays). */
export function toCropCoords(p: ArrayLike<number>, win: CropWindow, out = new Float32Array(p.length)): Float32Array {
  const k = 2 / win.side
  for (let i = 0; i + 1 < p.length; i += 2) {
    out[i] = (p[i] - win.cx) * k
    out[i + 1] = (p[i + 1] - win.cy) * k
  }
  return out
}

/** Crop-normalised coordinates → frame pixels (the inverse of toCropCoords). */
export function fromCropCoords(u: ArrayLike<number>, win: CropWindow, out = new Float32Array(u.length)): Float32Array {
  const k = win.side / 2
  for (let i = 0; i + 1 < u.length; i += 2) {
    out[i] = u[i] * k + win.cx
    out[i + 1] = u[i + 1] * k + win.cy
  }
  return out
}

/**
 * Samples the window into `out` (S·S·3 floats, HWC, [−1, 1]). Output pixel (i, j) has its centre at crop
 * coordinate u = (2(j + ½)/S − 1), i.e. at frame x = cx + u·side/2; bilinear with clamped borders.
 */
export function cropImage(img: RgbImage, win: CropWindow, size: number, out: Float32Array<ArrayBuffer> = new Float32Array(size * size * 3)): Float32Array<ArrayBuffer> {
  const { data, width, height } = img
  if (data.length < width * height * 3) throw new Error(`frame buffer holds ${data.length} bytes, expected ${width * height * 3}`)
  const step = win.side / size
  const x0 = win.cx - win.side / 2 + step / 2
  const y0 = win.cy - win.side / 2 + step / 2
  let o = 0
  for (let i = 0; i < size; i++) {
    const fy = Math.min(height - 1, Math.max(0, y0 + i * step))
    const yi = Math.min(height - 2, Math.floor(fy))
    const ty = height > 1 ? fy - yi : 0
    const ya = Math.max(0, yi)
    const yb = Math.min(height - 1, yi + 1)
    for (let j = 0; j < size; j++) {
      const fx = Math.min(width - 1, Math.max(0, x0 + j * step))
      const xi = Math.min(width - 2, Math.floor(fx))
      const tx = width > 1 ? fx - xi : 0
      const xa = Math.max(0, xi)
      const xb = Math.min(width - 1, xi + 1)
      const a = (ya * width + xa) * 3
      const b = (ya * width + xb) * 3
      const c = (yb * width + xa) * 3
      const d = (yb * width + xb) * 3
      for (let ch = 0; ch < 3; ch++) {
        const top = data[a + ch] + (data[b + ch] - data[a + ch]) * tx
        const bot = data[c + ch] + (data[d + ch] - data[c + ch]) * tx
        out[o++] = ((top + (bot - top) * ty) / 255) * 2 - 1
      }
    }
  }
  return out
}

/** Flat [x0, y0, …] of points given as pairs. */
export function flattenPoints(points: readonly (readonly [number, number])[]): Float32Array {
  const out = new Float32Array(points.length * 2)
  points.forEach((p, i) => {
    out[2 * i] = p[0]
    out[2 * i + 1] = p[1]
  })
  return out
}
