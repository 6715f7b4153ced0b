import { useEffect, useRef } from 'react'
import { QUADRANTS, toPixel, type TrailPoint } from './circumplex-data'

export interface CircumplexPlaneProps {
  readonly trail: readonly TrailPoint[]
  readonly current: { readonly v: number; readonly a: number } | null
  /** Quadrant probabilities (q1..q4) when a model run provides them. */
  readonly quadrantProbs: Readonly<Record<string, number>> | null
  readonly color: string
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback
}

/** The valence–arousal plane: unit circle, axes, quadrant labels, a fading trail and the current point. */
export function CircumplexPlane({ trail, current, quadrantProbs, color }: CircumplexPlaneProps) {
  const ref = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const c = ref.current
    if (!c) return
    const dpr = window.devicePixelRatio || 1
    const size = Math.max(1, Math.min(c.clientWidth, c.clientHeight))
    const px = Math.round(size * dpr)
    if (c.width !== px || c.height !== px) {
      c.width = px
      c.height = px
    }
    const g = c.getContext('2d')
    if (!g) return
    g.setTransform(dpr, 0, 0, dpr, 0, 0)
    g.clearRect(0, 0, size, size)
    const pad = 22
    const text = cssVar('--text', '#222')
    const muted = cssVar('--muted', '#777')
    const border = cssVar('--border', '#ccc')
    const [cx, cy] = toPixel(0, 0, size, pad)
    const r = (size - 2 * pad) / 2
    g.strokeStyle = border
    g.lineWidth = 1
    g.beginPath()
    g.arc(cx, cy, r, 0, Math.PI * 2)
    g.stroke()
    g.beginPath()
    g.moveTo(pad, cy)
    g.lineTo(size - pad, cy)
    g.moveTo(cx, pad)
    g.lineTo(cx, size - pad)
    g.stroke()
    g.fillStyle = muted
    g.font = '11px system-ui, sans-serif'
    g.textAlign = 'center'
    g.fillText('arousal +', cx, 12)
    g.fillText('arousal −', cx, size - 4)
    g.save()
    g.translate(10, cy)
    g.rotate(-Math.PI / 2)
    g.fillText('valence −', 0, 0)
    g.restore()
    g.save()
    g.translate(size - 6, cy)
    g.rotate(Math.PI / 2)
    g.fillText('valence +', 0, 0)
    g.restore()
    const spots: Record<string, [number, number]> = { q1: [0.55, 0.62], q2: [-0.55, 0.62], q3: [-0.55, -0.62], q4: [0.55, -0.62] }
    g.font = '11px system-ui, sans-serif'
    for (const q of QUADRANTS) {
      const [x, y] = toPixel(spots[q.key][0], spots[q.key][1], size, pad)
      g.fillStyle = muted
      // Small planes get the first word only, so neighbouring labels never overlap.
      g.fillText(size < 260 ? q.label.split(' · ')[0] : q.label, x, y)
      if (quadrantProbs && Number.isFinite(quadrantProbs[q.key])) {
        g.fillStyle = text
        g.font = 'bold 12px system-ui, sans-serif'
        g.fillText(`${Math.round(quadrantProbs[q.key] * 100)} %`, x, y + 14)
        g.font = '11px system-ui, sans-serif'
      }
    }
    for (let i = 1; i < trail.length; i++) {
      const [x0, y0] = toPixel(trail[i - 1].v, trail[i - 1].a, size, pad)
      const [x1, y1] = toPixel(trail[i].v, trail[i].a, size, pad)
      g.globalAlpha = trail[i].alpha * 0.85
      g.strokeStyle = color
      g.lineWidth = 2
      g.beginPath()
      g.moveTo(x0, y0)
      g.lineTo(x1, y1)
      g.stroke()
    }
    g.globalAlpha = 1
    if (current) {
      const [x, y] = toPixel(current.v, current.a, size, pad)
      g.fillStyle = color
      g.strokeStyle = text
      g.lineWidth = 1.5
      g.beginPath()
      g.arc(x, y, 6, 0, Math.PI * 2)
      g.fill()
      g.stroke()
    }
  }, [trail, current, quadrantProbs, color])
  return <canvas ref={ref} className="circumplex-plane" data-export="circumplex" />
}
