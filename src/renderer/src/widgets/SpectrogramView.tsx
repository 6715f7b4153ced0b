import { useEffect, useRef } from 'react'

/** One fetched block of spectrogram columns, already coloured (width = columns, height = mel bands). */
export interface SpectrogramTile {
  readonly fromColumn: number
  readonly columns: number
  readonly image: ImageData
}

export interface SpectrogramViewProps {
  readonly tiles: readonly SpectrogramTile[]
  readonly nMels: number
  /** Visible columns [c0, c1) (fractional allowed). */
  readonly c0: number
  readonly c1: number
  /** The model's crop window [start, end) in columns, drawn as a rectangle; null = none. */
  readonly window: { readonly start: number; readonly end: number } | null
  /** Column of the current frame (cursor line). */
  readonly cursor: number | null
  readonly onSeekColumn: (column: number) => void
}

/** Mel spectrogram on a canvas (colormapped tiles scaled to the visible columns) with the crop window on top. */
export function SpectrogramView({ tiles, nMels, c0, c1, window: win, cursor, onSeekColumn }: SpectrogramViewProps) {
  const ref = useRef<HTMLCanvasElement>(null)
  const bitmaps = useRef(new Map<SpectrogramTile, HTMLCanvasElement>())

  useEffect(() => {
    const c = ref.current
    if (!c) return
    const dpr = window.devicePixelRatio || 1
    const w = Math.max(1, Math.round(c.clientWidth * dpr))
    const h = Math.max(1, Math.round(c.clientHeight * dpr))
    if (c.width !== w || c.height !== h) {
      c.width = w
      c.height = h
    }
    const g = c.getContext('2d')
    if (!g) return
    g.fillStyle = '#000004'
    g.fillRect(0, 0, w, h)
    g.imageSmoothingEnabled = c1 - c0 > w
    const scale = w / Math.max(1e-9, c1 - c0)
    const seen = new Set<SpectrogramTile>()
    for (const t of tiles) {
      seen.add(t)
      const a = Math.max(c0, t.fromColumn)
      const b = Math.min(c1, t.fromColumn + t.columns)
      if (b <= a) continue
      let bmp = bitmaps.current.get(t)
      if (!bmp) {
        bmp = document.createElement('canvas')
        bmp.width = t.columns
        bmp.height = nMels
        bmp.getContext('2d')?.putImageData(t.image, 0, 0)
        bitmaps.current.set(t, bmp)
      }
      g.drawImage(bmp, a - t.fromColumn, 0, b - a, nMels, (a - c0) * scale, 0, (b - a) * scale, h)
    }
    for (const k of bitmaps.current.keys()) if (!seen.has(k)) bitmaps.current.delete(k)
    if (win) {
      const x0 = (win.start - c0) * scale
      const x1 = (win.end - c0) * scale
      g.strokeStyle = 'rgba(255, 255, 255, 0.95)'
      g.lineWidth = 2 * dpr
      g.strokeRect(x0 + dpr, dpr, x1 - x0 - 2 * dpr, h - 2 * dpr)
    }
    if (cursor !== null) {
      const x = (cursor + 0.5 - c0) * scale
      g.strokeStyle = '#4dabf7'
      g.lineWidth = 1.5 * dpr
      g.beginPath()
      g.moveTo(x, 0)
      g.lineTo(x, h)
      g.stroke()
    }
  }, [tiles, nMels, c0, c1, win, cursor])

  return (
    <canvas
      ref={ref}
      className="spectrogram"
      data-export="spectrogram"
      onClick={(e) => {
        const r = e.currentTarget.getBoundingClientRect()
        onSeekColumn(c0 + ((e.clientX - r.left) / r.width) * (c1 - c0))
      }}
    />
  )
}
