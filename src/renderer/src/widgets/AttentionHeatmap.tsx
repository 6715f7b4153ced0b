import { useEffect, useRef } from 'react'
import { attentionPixels, frameAtX, type AttentionData } from './attention-heatmap-data'

export interface AttentionHeatmapProps {
  readonly data: AttentionData
  /** Frames shown [from, to). */
  readonly from: number
  readonly to: number
  readonly currentFrame: number
  readonly onFrame: (frame: number) => void
}

/** Frames × lag attention heatmap (viridis), current frame marked; click jumps to that frame. */
export function AttentionHeatmap({ data, from, to, currentFrame, onFrame }: AttentionHeatmapProps) {
  const ref = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const c = ref.current
    if (!c) return
    const img = attentionPixels(data, from, to)
    const dpr = window.devicePixelRatio || 1
    c.width = Math.max(1, Math.round(c.clientWidth * dpr))
    c.height = Math.max(1, Math.round(c.clientHeight * dpr))
    const g = c.getContext('2d')
    if (!g || img.width === 0) return
    const tile = document.createElement('canvas')
    tile.width = img.width
    tile.height = img.height
    tile.getContext('2d')?.putImageData(new ImageData(img.pixels, img.width, img.height), 0, 0)
    g.imageSmoothingEnabled = false
    g.drawImage(tile, 0, 0, c.width, c.height)
    const x = ((currentFrame - from + 0.5) / (to - from)) * c.width
    g.strokeStyle = '#ffffff'
    g.lineWidth = 1.5 * dpr
    g.beginPath()
    g.moveTo(x, 0)
    g.lineTo(x, c.height)
    g.stroke()
  }, [data, from, to, currentFrame])
  return (
    <canvas
      ref={ref}
      className="attention-heatmap"
      data-export="attention"
      onClick={(e) => {
        const r = e.currentTarget.getBoundingClientRect()
        onFrame(frameAtX(e.clientX - r.left, r.width, from, to))
      }}
    />
  )
}
