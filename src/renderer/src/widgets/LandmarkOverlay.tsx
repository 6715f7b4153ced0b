import { useEffect, useRef } from 'react'

export interface FaceFrame {
  /** 68 × (x, y) in video pixels; null = no face on this frame. */
  readonly landmarks: Float32Array | null
  /** x, y, w, h in video pixels. */
  readonly box: readonly [number, number, number, number] | null
  readonly confidence: number
}

export interface LandmarkOverlayProps {
  readonly videoWidth: number
  readonly videoHeight: number
  readonly face: FaceFrame | null
  readonly showLandmarks: boolean
}

/** iBUG-68 contours drawn as polylines: jaw, brows, nose bridge, lower nose, eyes (closed), lips (closed). */
const CONTOURS: readonly (readonly [number, number, boolean])[] = [
  [0, 16, false],
  [17, 21, false],
  [22, 26, false],
  [27, 30, false],
  [31, 35, false],
  [36, 41, true],
  [42, 47, true],
  [48, 59, true],
  [60, 67, true]
]

/** Canvas over the video: face box, 68 landmarks and their contours, scaled to the displayed size. */
export function LandmarkOverlay({ videoWidth, videoHeight, face, showLandmarks }: LandmarkOverlayProps) {
  const ref = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const c = ref.current
    if (!c) return
    const dpr = window.devicePixelRatio || 1
    const w = c.clientWidth
    const h = c.clientHeight
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) {
      c.width = Math.round(w * dpr)
      c.height = Math.round(h * dpr)
    }
    const g = c.getContext('2d')
    if (!g) return
    g.setTransform(1, 0, 0, 1, 0, 0)
    g.clearRect(0, 0, c.width, c.height)
    if (!face || !showLandmarks) return
    const sx = (w * dpr) / videoWidth
    const sy = (h * dpr) / videoHeight
    if (face.box && face.landmarks) {
      const [x, y, bw, bh] = face.box
      g.strokeStyle = 'rgba(80, 220, 120, 0.9)'
      g.lineWidth = 1.5 * dpr
      g.strokeRect(x * sx, y * sy, bw * sx, bh * sy)
    }
    const lm = face.landmarks
    if (!lm) return
    g.strokeStyle = 'rgba(0, 230, 255, 0.75)'
    g.lineWidth = 1 * dpr
    for (const [a, b, closed] of CONTOURS) {
      g.beginPath()
      for (let k = a; k <= b; k++) {
        const px = lm[2 * k] * sx
        const py = lm[2 * k + 1] * sy
        if (k === a) g.moveTo(px, py)
        else g.lineTo(px, py)
      }
      if (closed) g.closePath()
      g.stroke()
    }
    g.fillStyle = '#ffe066'
    const r = Math.max(1.2, 1.6 * dpr)
    for (let k = 0; k < 68; k++) {
      g.beginPath()
      g.arc(lm[2 * k] * sx, lm[2 * k + 1] * sy, r, 0, Math.PI * 2)
      g.fill()
    }
  }, [face, showLandmarks, videoWidth, videoHeight])
  return <canvas ref={ref} className="landmark-overlay" data-export="overlay" />
}
