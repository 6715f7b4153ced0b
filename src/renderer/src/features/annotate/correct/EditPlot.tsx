import { useEffect, useRef, useState, type PointerEvent } from 'react'
import type { SegmentReview } from '../../../../../shared/annotation'
import { frameOf, ordered, valueOf, xOf, yOf, type PlotGeom } from './edit-plot'

export interface PlotSeries {
  readonly name: string
  readonly valence: ArrayLike<number>
  readonly arousal: ArrayLike<number>
  /** Drawn as a completion proposal (its own colours) instead of a plain reference. */
  readonly tone?: 'reference' | 'proposal'
  /** ±1 sd per frame (a confidence band shaded around the line). */
  readonly band?: { readonly valence: ArrayLike<number>; readonly arousal: ArrayLike<number> }
}

export interface EditPlotProps {
  readonly own: PlotSeries
  readonly reference: PlotSeries | null
  readonly version: number
  readonly window: readonly [number, number]
  readonly frame: number
  readonly selection: readonly [number, number] | null
  readonly review: readonly SegmentReview[]
  readonly drawing: 'valence' | 'arousal' | null
  readonly showValence: boolean
  readonly showArousal: boolean
  readonly onSeek: (frame: number) => void
  readonly onSelect: (range: [number, number] | null) => void
  readonly onStroke: (points: { frame: number; value: number }[]) => void
  /** Plot height in px (without the status strip); default 220. */
  readonly height?: number
}

const DEFAULT_HEIGHT = 220
const STRIP = 10
const PAD_X = 34
const PAD_Y = 10

function css(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback
}

function line(g: CanvasRenderingContext2D, geom: PlotGeom, ys: ArrayLike<number>, color: string, width: number, dash: number[]): void {
  g.strokeStyle = color
  g.lineWidth = width
  g.setLineDash(dash)
  g.beginPath()
  let pen = false
  const step = Math.max(1, Math.floor((geom.to - geom.from) / (geom.width * 2)))
  for (let f = geom.from; f <= geom.to; f += step) {
    const v = ys[f]
    if (!Number.isFinite(v)) {
      pen = false
      continue
    }
    const x = xOf(geom, f)
    const y = yOf(geom, v)
    if (pen) g.lineTo(x, y)
    else g.moveTo(x, y)
    pen = true
  }
  g.stroke()
  g.setLineDash([])
}

/** A shaded band mean ± sd over each run of frames where both are finite. */
function band(g: CanvasRenderingContext2D, geom: PlotGeom, mean: ArrayLike<number>, sd: ArrayLike<number>, color: string): void {
  const step = Math.max(1, Math.floor((geom.to - geom.from) / (geom.width * 2)))
  g.fillStyle = color
  g.globalAlpha = 0.2
  let run: number[] = []
  const flush = () => {
    if (run.length > 1) {
      g.beginPath()
      run.forEach((f, i) => (i === 0 ? g.moveTo(xOf(geom, f), yOf(geom, mean[f] + sd[f])) : g.lineTo(xOf(geom, f), yOf(geom, mean[f] + sd[f]))))
      for (let i = run.length - 1; i >= 0; i--) g.lineTo(xOf(geom, run[i]), yOf(geom, mean[run[i]] - sd[run[i]]))
      g.closePath()
      g.fill()
    }
    run = []
  }
  for (let f = geom.from; f <= geom.to; f += step) {
    if (Number.isFinite(mean[f]) && Number.isFinite(sd[f])) run.push(f)
    else flush()
  }
  flush()
  g.globalAlpha = 1
}

/**
 * The correction plot: the annotator's own trace (thick), a reference trace (dashed: a prediction, gold or another
 * rater), the selection, the playhead and the per-segment review status strip. Click seeks; drag selects a range;
 * in draw mode a drag redraws the chosen dimension by hand.
 */
export function EditPlot(p: EditPlotProps) {
  const HEIGHT = p.height ?? DEFAULT_HEIGHT
  const canvas = useRef<HTMLCanvasElement>(null)
  const [width, setWidth] = useState(800)
  const drag = useRef<{ start: number; moved: boolean; stroke: { frame: number; value: number }[] } | null>(null)
  const [live, setLive] = useState<{ frame: number; value: number }[] | null>(null)
  const geom: PlotGeom = { width, height: HEIGHT, from: p.window[0], to: p.window[1], padX: PAD_X, padY: PAD_Y }

  useEffect(() => {
    const c = canvas.current!
    const ro = new ResizeObserver(() => setWidth(Math.max(200, Math.round(c.clientWidth))))
    ro.observe(c)
    return () => ro.disconnect()
  }, [])

  useEffect(() => {
    const c = canvas.current!
    const dpr = window.devicePixelRatio || 1
    c.width = Math.round(width * dpr)
    c.height = Math.round((HEIGHT + STRIP + 4) * dpr)
    const g = c.getContext('2d')
    if (!g) return
    g.setTransform(dpr, 0, 0, dpr, 0, 0)
    g.clearRect(0, 0, width, HEIGHT + STRIP + 4)
    const muted = css('--muted', '#777')
    const border = css('--border', '#ddd')
    const val = css('--valence', '#d9480f')
    const aro = css('--arousal', '#1c7ed6')
    const accent = css('--accent', '#3b6ef5')
    g.strokeStyle = border
    g.lineWidth = 1
    for (const v of [1, 0.5, 0, -0.5, -1]) {
      g.beginPath()
      g.moveTo(PAD_X, yOf(geom, v))
      g.lineTo(width - PAD_X, yOf(geom, v))
      g.stroke()
    }
    g.fillStyle = muted
    g.font = '11px system-ui, sans-serif'
    g.textAlign = 'right'
    for (const v of [1, 0, -1]) g.fillText(v > 0 ? '+1' : v < 0 ? '−1' : '0', PAD_X - 6, yOf(geom, v) + 4)
    if (p.selection) {
      const [a, b] = p.selection
      g.fillStyle = accent
      g.globalAlpha = 0.13
      g.fillRect(xOf(geom, a), PAD_Y, Math.max(2, xOf(geom, b) - xOf(geom, a)), HEIGHT - 2 * PAD_Y)
      g.globalAlpha = 1
    }
    if (p.reference) {
      const proposal = p.reference.tone === 'proposal'
      const rv = proposal ? css('--proposal-valence', '#c2255c') : val
      const ra = proposal ? css('--proposal-arousal', '#6741d9') : aro
      if (p.reference.band) {
        if (p.showValence) band(g, geom, p.reference.valence, p.reference.band.valence, rv)
        if (p.showArousal) band(g, geom, p.reference.arousal, p.reference.band.arousal, ra)
      }
      const dash = proposal ? [7, 4] : [4, 3]
      if (p.showValence) line(g, geom, p.reference.valence, rv, proposal ? 1.6 : 1.2, dash)
      if (p.showArousal) line(g, geom, p.reference.arousal, ra, proposal ? 1.6 : 1.2, dash)
    }
    if (p.showValence) line(g, geom, p.own.valence, val, 2.2, [])
    if (p.showArousal) line(g, geom, p.own.arousal, aro, 2.2, [])
    if (live && live.length > 1) {
      g.strokeStyle = p.drawing === 'arousal' ? aro : val
      g.lineWidth = 2
      g.setLineDash([2, 2])
      g.beginPath()
      live.forEach((q, i) => (i === 0 ? g.moveTo(xOf(geom, q.frame), yOf(geom, q.value)) : g.lineTo(xOf(geom, q.frame), yOf(geom, q.value))))
      g.stroke()
      g.setLineDash([])
    }
    // Review status strip: grey unreviewed, green accepted, amber corrected.
    const top = HEIGHT + 2
    g.fillStyle = border
    g.fillRect(PAD_X, top, width - 2 * PAD_X, STRIP)
    for (const s of p.review) {
      if (s.toFrame < geom.from || s.fromFrame > geom.to) continue
      g.fillStyle = s.status === 'accepted' ? '#2f9e44' : s.status === 'corrected' ? '#e67700' : border
      const x0 = xOf(geom, Math.max(geom.from, s.fromFrame))
      g.fillRect(x0, top, Math.max(2, xOf(geom, Math.min(geom.to, s.toFrame)) - x0 + 1), STRIP)
    }
    if (p.frame >= geom.from && p.frame <= geom.to) {
      g.strokeStyle = css('--text', '#222')
      g.lineWidth = 1
      g.beginPath()
      g.moveTo(xOf(geom, p.frame), PAD_Y - 4)
      g.lineTo(xOf(geom, p.frame), HEIGHT + STRIP + 2)
      g.stroke()
    }
  }, [p.own, p.reference, p.version, p.window, p.frame, p.selection, p.review, p.showValence, p.showArousal, live, width, p.drawing, HEIGHT])

  const at = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect()
    return { frame: frameOf(geom, e.clientX - r.left), value: valueOf(geom, e.clientY - r.top) }
  }
  return (
    <canvas
      ref={canvas}
      className="edit-plot"
      data-testid="edit-plot"
      data-from={p.window[0]}
      data-to={p.window[1]}
      data-pad-x={PAD_X}
      data-pad-y={PAD_Y}
      data-plot-height={HEIGHT}
      data-reference-tone={p.reference?.tone ?? (p.reference ? 'reference' : 'none')}
      data-band={p.reference?.band ? 1 : 0}
      style={{ height: HEIGHT + STRIP + 4 }}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId)
        const q = at(e)
        drag.current = { start: q.frame, moved: false, stroke: [q] }
        if (p.drawing) setLive([q])
      }}
      onPointerMove={(e) => {
        const d = drag.current
        if (!d || !(e.buttons & 1)) return
        const q = at(e)
        if (q.frame !== d.start) d.moved = true
        if (p.drawing) {
          d.stroke.push(q)
          setLive(d.stroke.slice())
        } else if (d.moved) p.onSelect(ordered(d.start, q.frame))
      }}
      onPointerUp={(e) => {
        const d = drag.current
        drag.current = null
        setLive(null)
        if (!d) return
        if (p.drawing && d.stroke.length > 0) p.onStroke(d.stroke)
        else if (!d.moved) p.onSeek(at(e).frame)
      }}
    />
  )
}
