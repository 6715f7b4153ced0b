import { colormap } from './colormap'

/**
 * Attention weights of a model run as a frames × lags matrix: `values[f · lags + l]` = weight that frame f gives
 * to the frame l − (lags − 1) steps back (lag 0 = the frame itself, the last column). NaN = not computed.
 */
export interface AttentionData {
  readonly frames: number
  readonly lags: number
  readonly values: Float32Array
}

/** Checks the shape; returns a message when the data cannot be drawn. */
export function attentionProblem(d: AttentionData): string | null {
  if (!Number.isInteger(d.frames) || !Number.isInteger(d.lags) || d.frames < 1 || d.lags < 1) return 'empty attention matrix'
  if (d.values.length !== d.frames * d.lags) return `attention holds ${d.values.length} values, expected ${d.frames}×${d.lags}`
  return null
}

/**
 * RGBA image of frames [from, to) (x = frame, left to right; y = lag, lag 0 at the TOP), colour-scaled over the
 * finite min/max of the shown part; NaN cells are transparent.
 */
export function attentionPixels(d: AttentionData, from: number, to: number): { width: number; height: number; pixels: Uint8ClampedArray<ArrayBuffer>; min: number; max: number } {
  const f0 = Math.max(0, from)
  const f1 = Math.min(d.frames, to)
  const width = Math.max(0, f1 - f0)
  const height = d.lags
  let min = Infinity
  let max = -Infinity
  for (let f = f0; f < f1; f++) {
    for (let l = 0; l < d.lags; l++) {
      const v = d.values[f * d.lags + l]
      if (Number.isFinite(v)) {
        if (v < min) min = v
        if (v > max) max = v
      }
    }
  }
  const range = max - min || 1
  const lut = colormap('viridis')
  const pixels = new Uint8ClampedArray(width * height * 4)
  for (let x = 0; x < width; x++) {
    for (let l = 0; l < d.lags; l++) {
      const v = d.values[(f0 + x) * d.lags + l]
      const y = d.lags - 1 - l // lag 0 (last column) → top row
      const o = (y * width + x) * 4
      if (!Number.isFinite(v)) continue
      const k = Math.round(((v - min) / range) * 255) * 3
      pixels[o] = lut[k]
      pixels[o + 1] = lut[k + 1]
      pixels[o + 2] = lut[k + 2]
      pixels[o + 3] = 255
    }
  }
  return { width, height, pixels, min: Number.isFinite(min) ? min : NaN, max: Number.isFinite(max) ? max : NaN }
}

/** Frame under pixel x of a heatmap drawn `width` px wide for frames [from, to). */
export function frameAtX(x: number, width: number, from: number, to: number): number {
  return Math.max(from, Math.min(to - 1, from + Math.floor((x / width) * (to - from))))
}
