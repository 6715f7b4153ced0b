import { useEffect, useRef, useState } from 'react'
import { SpectrogramView } from '../../../widgets/SpectrogramView'
import { WaveformView } from '../../../widgets/WaveformView'
import { useSpectrogramTiles, usePeaks } from '../audio-tiles'
import { formatTime, frameAtMediaTime, spectrogramColumn } from '../../../lib/session/frame-sync'
import { useFrame, type Playhead } from '../../../lib/session/playhead'

export interface AudioPaneProps {
  readonly sessionId: string
  readonly hasAudio: boolean
  readonly hasSpectrogram: boolean
  readonly durationS: number
  readonly timestamps: Float64Array
  readonly playhead: Playhead
}

const WINDOW_HALF = 64

/**
 * Waveform (server peaks, wavesurfer.js) over the session mel spectrogram (the model's input settings), with the
 * model's 128-column crop window of the current frame as a rectangle. Zoom and scroll move one shared view; the
 * view pages along when the playhead leaves it.
 */
export function AudioPane({ sessionId, hasAudio, hasSpectrogram, durationS, timestamps, playhead }: AudioPaneProps) {
  const frame = useFrame(playhead)
  const t = timestamps[frame] ?? 0
  const t0 = timestamps[0] ?? 0
  const total = Math.max(0.1, durationS)
  const [view, setView] = useState({ start: t0, span: Math.min(total, 20) })
  const box = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(800)

  useEffect(() => {
    const el = box.current
    if (!el) return
    const ro = new ResizeObserver(() => setWidth(Math.max(50, el.clientWidth)))
    ro.observe(el)
    return () => ro.disconnect()
  }, [hasAudio])

  const clampStart = (s: number, span: number): number => Math.max(t0, Math.min(t0 + total - span, s))
  useEffect(() => {
    // Follow the playhead: page the view when the current time leaves it.
    setView((v) => (t < v.start || t > v.start + v.span ? { ...v, start: Math.max(t0, Math.min(t0 + total - v.span, t - v.span * 0.1)) } : v))
  }, [t, t0, total])

  const zoom = (factor: number, at = t) =>
    setView((v) => {
      const span = Math.max(0.5, Math.min(total, v.span * factor))
      return { span, start: clampStart(at - ((at - v.start) / v.span) * span, span) }
    })
  const scroll = (fraction: number) => setView((v) => ({ ...v, start: clampStart(v.start + v.span * fraction, v.span) }))

  const { meta, tiles } = useSpectrogramTiles(sessionId, hasAudio && hasSpectrogram, view.start, view.start + view.span)
  const sr = meta?.sampleRate ?? 22050
  const hop = meta?.hop ?? 512
  const origin = meta?.originSec ?? 0
  const c0 = ((view.start - origin) * sr) / hop
  const c1 = ((view.start + view.span - origin) * sr) / hop
  const peaks = usePeaks(sessionId, hasAudio, view.start, view.start + view.span, width)
  const center = meta ? spectrogramColumn(t, origin, sr, hop) : null
  const win = center !== null ? { start: center - WINDOW_HALF, end: center + WINDOW_HALF } : null

  if (!hasAudio) {
    return (
      <section className="pane audio-pane" data-testid="audio-pane" data-frame={frame} aria-label="Audio">
        <header className="pane-head">
          <h3>Audio</h3>
        </header>
        <div className="empty-state">This session has no audio stream: no waveform, no spectrogram, no audio model input.</div>
      </section>
    )
  }
  const seekTime = (time: number) => playhead.seek(frameAtMediaTime(timestamps, time))
  return (
    <section
      className="pane audio-pane"
      data-testid="audio-pane"
      data-frame={win ? frame : undefined}
      data-window-start={win?.start}
      data-window-end={win?.end}
      aria-label="Audio"
    >
      <header className="pane-head">
        <h3>Audio</h3>
        <span className="muted small">
          {meta ? `mel ${meta.nMels} · sr ${meta.sampleRate} · hop ${meta.hop} · crop window [${win?.start}, ${win?.end})` : hasSpectrogram ? 'loading spectrogram…' : 'no spectrogram computed for this session'}
        </span>
        <span className="pane-tools">
          <button className="small-btn" onClick={() => zoom(0.5)} title="Zoom in">
            +
          </button>
          <button className="small-btn" onClick={() => zoom(2)} title="Zoom out">
            −
          </button>
          <button className="small-btn" onClick={() => setView({ start: t0, span: total })} title="Whole session">
            fit
          </button>
          <button className="small-btn" onClick={() => scroll(-0.5)} title="Scroll left">
            ◀
          </button>
          <button className="small-btn" onClick={() => scroll(0.5)} title="Scroll right">
            ▶
          </button>
        </span>
      </header>
      <div
        className="audio-stack"
        ref={box}
        onWheel={(e) => {
          if (e.ctrlKey || e.metaKey) {
            e.preventDefault()
            const r = e.currentTarget.getBoundingClientRect()
            zoom(e.deltaY > 0 ? 1.25 : 0.8, view.start + ((e.clientX - r.left) / r.width) * view.span)
          } else if (Math.abs(e.deltaX) > Math.abs(e.deltaY) || e.shiftKey) scroll((e.shiftKey ? e.deltaY : e.deltaX) / 500)
        }}
      >
        <div className="waveform-box">
          {peaks ? (
            <WaveformView min={peaks.min} max={peaks.max} span={peaks.span} height={64} color="#4dabf7" onSeek={(f) => seekTime(view.start + f * view.span)} />
          ) : (
            <div className="muted small">{peaks === null ? 'no waveform' : 'loading waveform…'}</div>
          )}
          <div className="audio-cursor" style={{ left: `${((t - view.start) / view.span) * 100}%` }} />
        </div>
        {meta ? (
          <SpectrogramView tiles={tiles} nMels={meta.nMels} c0={c0} c1={c1} window={win} cursor={center} onSeekColumn={(c) => seekTime(origin + (c * hop) / sr)} />
        ) : (
          <div className="spectrogram empty-state">{meta === null ? 'No spectrogram computed for this session (import with the spectrogram step).' : 'loading…'}</div>
        )}
        <div className="time-axis small muted">
          <span>{formatTime(view.start)}</span>
          <span>{formatTime(view.start + view.span / 2)}</span>
          <span>{formatTime(view.start + view.span)}</span>
        </div>
      </div>
    </section>
  )
}
