import type { TraceData } from '../../../shared/domain'

export interface TracePlotProps {
  readonly data: TraceData
  /** Total frames of the session (x axis); defaults to the trace's last frame + 1. */
  readonly frameCount?: number
  readonly width?: number
  readonly height?: number
  readonly compact?: boolean
}

/** Polyline path of one dimension; missing values (null) break the line instead of drawing zeros. */
function pathOf(frames: readonly number[], values: readonly (number | null)[], x: (f: number) => number, y: (v: number) => number): string {
  let d = ''
  let pen = false
  for (let i = 0; i < frames.length; i++) {
    const v = values[i]
    if (v === null || !Number.isFinite(v)) {
      pen = false
      continue
    }
    d += `${pen ? 'L' : 'M'}${x(frames[i]).toFixed(1)},${y(v).toFixed(1)}`
    pen = true
  }
  return d
}

/** Valence (and arousal) over frames on a fixed [-1, 1] axis, as static SVG. */
export function TracePlot({ data, frameCount, width = 640, height = 160, compact = false }: TracePlotProps) {
  const n = frameCount ?? (data.frames.length > 0 ? data.frames[data.frames.length - 1] + 1 : 1)
  const pad = compact ? 2 : 24
  const x = (f: number) => pad + ((width - 2 * pad) * f) / Math.max(1, n - 1)
  const y = (v: number) => height / 2 - ((height / 2 - pad / 2 - 2) * Math.max(-1, Math.min(1, v)))
  return (
    <svg className="trace-plot" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label="valence and arousal trace">
      <line x1={pad} x2={width - pad} y1={height / 2} y2={height / 2} className="axis" />
      {!compact && (
        <>
          <text x={2} y={pad / 2 + 8} className="tick">+1</text>
          <text x={2} y={height - 4} className="tick">−1</text>
        </>
      )}
      <path d={pathOf(data.frames, data.valence, x, y)} className="valence" fill="none" />
      <path d={pathOf(data.frames, data.arousal, x, y)} className="arousal" fill="none" />
    </svg>
  )
}
