import { useEffect, useRef } from 'react'
import { frameAtX } from './attention-heatmap-data'
import { GATE_COLORS, gateRuns } from './gate-strip-data'

export interface GateStripProps {
  readonly gates: Float32Array
  /** Zero-gate threshold T_ZG: bands below T and above 1 − T. */
  readonly threshold: number
  readonly from: number
  readonly to: number
  readonly currentFrame: number
  readonly onFrame: (frame: number) => void
}

/** Per-frame gate values as a colour strip (closed / mixed / open by T_ZG) with the gate curve and threshold lines. */
export function GateStrip({ gates, threshold, from, to, currentFrame, onFrame }: GateStripProps) {
  const ref = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const c = ref.current
    if (!c) return
    const dpr = window.devicePixelRatio || 1
    c.width = Math.max(1, Math.round(c.clientWidth * dpr))
    c.height = Math.max(1, Math.round(c.clientHeight * dpr))
    const g = c.getContext('2d')
    if (!g) return
    const w = c.width
    const h = c.height
    const sx = w / Math.max(1, to - from)
    const band = Math.round(h * 0.35)
    for (const r of gateRuns(gates, threshold, from, to)) {
      g.fillStyle = GATE_COLORS[r.band]
      g.fillRect((r.from - from) * sx, 0, (r.to - r.from) * sx, band)
    }
    const y = (v: number) => band + (1 - v) * (h - band - 2) + 1
    g.strokeStyle = 'rgba(128,128,128,0.6)'
    g.setLineDash([4 * dpr, 4 * dpr])
    for (const t of [threshold, 1 - threshold]) {
      g.beginPath()
      g.moveTo(0, y(t))
      g.lineTo(w, y(t))
      g.stroke()
    }
    g.setLineDash([])
    g.strokeStyle = '#4dabf7'
    g.lineWidth = 1.2 * dpr
    g.beginPath()
    let pen = false
    for (let f = from; f < Math.min(to, gates.length); f++) {
      const v = gates[f]
      if (!Number.isFinite(v)) {
        pen = false
        continue
      }
      const x = (f - from + 0.5) * sx
      if (pen) g.lineTo(x, y(v))
      else g.moveTo(x, y(v))
      pen = true
    }
    g.stroke()
    const cx = (currentFrame - from + 0.5) * sx
    g.strokeStyle = '#e64980'
    g.beginPath()
    g.moveTo(cx, 0)
    g.lineTo(cx, h)
    g.stroke()
  }, [gates, threshold, from, to, currentFrame])
  return (
    <canvas
      ref={ref}
      className="gate-strip"
      data-export="gates"
      onClick={(e) => {
        const r = e.currentTarget.getBoundingClientRect()
        onFrame(frameAtX(e.clientX - r.left, r.width, from, to))
      }}
    />
  )
}
