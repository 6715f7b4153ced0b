import { useEffect, useRef } from 'react'
import WaveSurfer from 'wavesurfer.js'

export interface WaveformViewProps {
  /** Min and max per bucket of the visible span (NaN = no audio there). */
  readonly min: Float32Array
  readonly max: Float32Array
  /** Seconds the buckets cover. */
  readonly span: number
  readonly height: number
  readonly color: string
  /** Click on the waveform: fraction [0, 1] of the visible span. */
  readonly onSeek: (fraction: number) => void
}

/** Interleaves min/max so wavesurfer's per-pixel min/max picks both envelopes; NaN → 0. */
function interleave(min: Float32Array, max: Float32Array): Float32Array {
  const out = new Float32Array(min.length * 2)
  for (let i = 0; i < min.length; i++) {
    out[2 * i] = Number.isFinite(min[i]) ? min[i] : 0
    out[2 * i + 1] = Number.isFinite(max[i]) ? max[i] : 0
  }
  return out
}

/** wavesurfer.js drawing server-computed peaks of the visible span (no audio is decoded in the browser). */
export function WaveformView({ min, max, span, height, color, onSeek }: WaveformViewProps) {
  const host = useRef<HTMLDivElement>(null)
  const ws = useRef<WaveSurfer | null>(null)
  const seek = useRef(onSeek)
  seek.current = onSeek

  useEffect(() => {
    if (!host.current) return
    const w = WaveSurfer.create({
      container: host.current,
      height,
      waveColor: color,
      progressColor: color,
      cursorWidth: 0,
      interact: true,
      normalize: true,
      fillParent: true,
      hideScrollbar: true,
      peaks: [new Float32Array(2)],
      duration: 1
    })
    const off = w.on('interaction', (t) => seek.current(Math.max(0, Math.min(1, t / (w.getDuration() || 1)))))
    ws.current = w
    return () => {
      off()
      w.destroy()
      ws.current = null
    }
  }, [height, color])

  useEffect(() => {
    ws.current?.setOptions({ peaks: [interleave(min, max)], duration: Math.max(span, 1e-3) })
  }, [min, max, span, height, color])

  return <div ref={host} className="waveform" data-export="waveform" />
}
