/**
 * Data of the AU / expression tracks pane (pure, tested): a run's per-frame 'au_probs' (12) and 'expr_probs' (8)
 * extras (src/shared/review.ts) as a frames × dims matrix, drawn as an AU heat strip (rows = AUs, AU1 at the top,
 * columns = frames, colour = probability on a fixed 0…1 viridis scale, NaN transparent) and an expression strip
 * (per frame the 8 class probabilities stacked bottom-up in ABAW order), plus what the playhead's frame shows.
 */
import { ABAW_AUS, ABAW_EXPRESSIONS, MTL_EXTRA_KINDS } from '../../../../../shared/review'
import { colormap } from '../../../widgets/colormap'
import type { SignalRun } from '../model-signals'

export interface FrameMatrix {
  readonly frames: number
  readonly dims: number
  /** frames × dims, NaN = none (not loaded yet, or no prediction). */
  readonly values: Float32Array
}

/** Class colours of the expression strip (ABAW order: Neutral … Other). */
export const EXPRESSION_COLORS: readonly string[] = ['#9aa0a6', '#e03131', '#5c940d', '#7048e8', '#f59f00', '#1c7ed6', '#0ca678', '#a0522d']

/** Prediction traces that carry AU or expression probabilities (the multi-task model's). */
export function affectRuns(runs: readonly SignalRun[]): SignalRun[] {
  return runs.filter((r) => r.kinds.has(MTL_EXTRA_KINDS.auProbs) || r.kinds.has(MTL_EXTRA_KINDS.exprProbs))
}

/** RGBA image of frames [from, to) × 12 AU rows (AU1 on top), probabilities on a fixed 0…1 scale. */
export function auHeatPixels(m: FrameMatrix, from: number, to: number): { width: number; height: number; pixels: Uint8ClampedArray<ArrayBuffer> } {
  const f0 = Math.max(0, from)
  const f1 = Math.min(m.frames, to)
  const width = Math.max(0, f1 - f0)
  const height = m.dims
  const lut = colormap('viridis')
  const pixels = new Uint8ClampedArray(width * height * 4)
  for (let x = 0; x < width; x++) {
    for (let r = 0; r < height; r++) {
      const v = m.values[(f0 + x) * m.dims + r]
      if (!Number.isFinite(v)) continue
      const k = Math.round(Math.max(0, Math.min(1, v)) * 255) * 3
      const o = (r * width + x) * 4
      pixels[o] = lut[k]
      pixels[o + 1] = lut[k + 1]
      pixels[o + 2] = lut[k + 2]
      pixels[o + 3] = 255
    }
  }
  return { width, height, pixels }
}

/** Per frame of [from, to): the [bottom, top) band of each class in a 0…1 stack (bottom = Neutral); null = no data. */
export function expressionStack(m: FrameMatrix, from: number, to: number): Array<Array<readonly [number, number]> | null> {
  const out: Array<Array<readonly [number, number]> | null> = []
  for (let f = Math.max(0, from); f < Math.min(m.frames, to); f++) {
    const row = m.values.subarray(f * m.dims, (f + 1) * m.dims)
    if (!row.every(Number.isFinite)) {
      out.push(null)
      continue
    }
    const sum = row.reduce((s, x) => s + Math.max(0, x), 0) || 1
    let acc = 0
    out.push(
      Array.from(row, (x) => {
        const b = [acc, acc + Math.max(0, x) / sum] as const
        acc = b[1]
        return b
      })
    )
  }
  return out
}

/** The most probable expression of a frame, or null when the frame has no prediction. */
export function currentExpression(m: FrameMatrix | null, frame: number): { index: number; name: string; p: number } | null {
  if (!m || frame < 0 || frame >= m.frames) return null
  let best = -1
  let p = -Infinity
  for (let k = 0; k < m.dims; k++) {
    const v = m.values[frame * m.dims + k]
    if (Number.isFinite(v) && v > p) {
      p = v
      best = k
    }
  }
  return best < 0 ? null : { index: best, name: ABAW_EXPRESSIONS[best] ?? `class ${best}`, p }
}

/** AUs of a frame at or above `threshold` (ABAW_AUS names), strongest first. */
export function activeAus(m: FrameMatrix | null, frame: number, threshold = 0.5): Array<{ name: string; p: number }> {
  if (!m || frame < 0 || frame >= m.frames) return []
  const out: Array<{ name: string; p: number }> = []
  for (let j = 0; j < m.dims; j++) {
    const v = m.values[frame * m.dims + j]
    if (Number.isFinite(v) && v >= threshold) out.push({ name: ABAW_AUS[j] ?? `AU#${j}`, p: v })
  }
  return out.sort((a, b) => b.p - a.p)
}
