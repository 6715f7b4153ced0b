/** Geometry of the correction plot (pure): frames ↔ x, values ↔ y, ranges, and hand-drawn strokes → values. */

export interface PlotGeom {
  readonly width: number
  readonly height: number
  /** Visible frames [from, to]. */
  readonly from: number
  readonly to: number
  readonly padX: number
  readonly padY: number
}

export function xOf(g: PlotGeom, frame: number): number {
  const span = Math.max(1, g.to - g.from)
  return g.padX + ((g.width - 2 * g.padX) * (frame - g.from)) / span
}

export function frameOf(g: PlotGeom, x: number): number {
  const span = Math.max(1, g.to - g.from)
  const f = g.from + ((x - g.padX) / Math.max(1, g.width - 2 * g.padX)) * span
  return Math.max(g.from, Math.min(g.to, Math.round(f)))
}

export function yOf(g: PlotGeom, v: number): number {
  const h = g.height - 2 * g.padY
  return g.padY + (h * (1 - Math.max(-1, Math.min(1, v)))) / 2
}

export function valueOf(g: PlotGeom, y: number): number {
  const h = Math.max(1, g.height - 2 * g.padY)
  return Math.max(-1, Math.min(1, 1 - (2 * (y - g.padY)) / h))
}

/** [min, max] of two frames. */
export function ordered(a: number, b: number): [number, number] {
  return a <= b ? [a, b] : [b, a]
}

/**
 * A hand-drawn stroke (points in frame/value, in drawing order, possibly going back and forth) → one value per
 * frame of [from, to]: the last stroke segment crossing a frame wins, values between points are interpolated
 * linearly, frames the stroke never crossed stay null (unchanged by the redraw edit).
 */
export function strokeToValues(points: readonly { frame: number; value: number }[], from: number, to: number): (number | null)[] {
  const out: (number | null)[] = new Array(Math.max(0, to - from + 1)).fill(null)
  const put = (f: number, v: number) => {
    if (f >= from && f <= to) out[f - from] = Math.max(-1, Math.min(1, v))
  }
  if (points.length === 1) put(Math.round(points[0].frame), points[0].value)
  for (let i = 1; i < points.length; i++) {
    const p = points[i - 1]
    const q = points[i]
    const [f0, f1] = ordered(Math.round(p.frame), Math.round(q.frame))
    for (let f = f0; f <= f1; f++) {
      const t = q.frame === p.frame ? 1 : (f - p.frame) / (q.frame - p.frame)
      put(f, p.value + Math.max(0, Math.min(1, t)) * (q.value - p.value))
    }
  }
  return out
}

/** The visible window: the whole session, or `span` frames centred on the playhead (clamped to the session). */
export function viewWindow(frameCount: number, centre: number, span: number | null): [number, number] {
  const last = Math.max(0, frameCount - 1)
  if (span === null || span >= frameCount) return [0, last]
  const from = Math.max(0, Math.min(last - span + 1, Math.round(centre - span / 2)))
  return [from, from + span - 1]
}
