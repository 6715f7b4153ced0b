import { useState, type RefObject } from 'react'
import { formatTime, parseJump } from '../../lib/session/frame-sync'
import { RATES, usePlayhead, type Playhead } from '../../lib/session/playhead'

export interface TransportProps {
  readonly playhead: Playhead
  readonly timestamps: Float64Array
  readonly jumpRef: RefObject<HTMLInputElement | null>
  readonly showLandmarks: boolean
  readonly onToggleLandmarks: () => void
  readonly onExportPng: () => void
  readonly onExportCsv: () => void
  readonly onResetLayout: () => void
}

/** Play/pause, stepping, speed, jump, the frame counter and timestamp (always visible), exports. */
export function Transport({ playhead, timestamps, jumpRef, showLandmarks, onToggleLandmarks, onExportPng, onExportCsv, onResetLayout }: TransportProps) {
  const ph = usePlayhead(playhead)
  const [jump, setJump] = useState('')
  const [bad, setBad] = useState(false)
  const n = timestamps.length
  return (
    <div className="transport panel" role="toolbar" aria-label="Playback">
      <button className="small-btn" onClick={() => playhead.step(-10)} title="Back 10 frames (Shift+←)">
        «
      </button>
      <button className="small-btn" onClick={() => playhead.step(-1)} title="Previous frame (←)">
        ‹
      </button>
      <button className="play-btn" onClick={() => playhead.togglePlay()} title="Play / pause (Space)" aria-label={ph.playing ? 'Pause' : 'Play'}>
        {ph.playing ? '❚❚' : '▶'}
      </button>
      <button className="small-btn" onClick={() => playhead.step(1)} title="Next frame (→)">
        ›
      </button>
      <button className="small-btn" onClick={() => playhead.step(10)} title="Forward 10 frames (Shift+→)">
        »
      </button>
      <span className="frame-counter" data-testid="frame-counter" data-frame={ph.frame}>
        frame <strong>{ph.frame}</strong> / {n - 1}
      </span>
      <span className="frame-time" data-testid="frame-time">
        {formatTime(timestamps[ph.frame] ?? NaN)}
      </span>
      <label className="small">
        speed{' '}
        <select value={ph.rate} onChange={(e) => playhead.setRate(Number(e.target.value))} aria-label="playback speed">
          {RATES.map((r) => (
            <option key={r} value={r}>
              {r}×
            </option>
          ))}
        </select>
      </label>
      <form
        className="jump"
        onSubmit={(e) => {
          e.preventDefault()
          const f = parseJump(jump, timestamps)
          setBad(f === null)
          if (f !== null) {
            playhead.seek(f)
            jumpRef.current?.blur()
          }
        }}
      >
        <input
          ref={jumpRef}
          className={bad ? 'bad' : ''}
          value={jump}
          onChange={(e) => setJump(e.target.value)}
          placeholder="frame, 12.5s or 1:02.5"
          aria-label="jump to frame or time"
          data-testid="jump-input"
        />
        <button className="small-btn" type="submit">
          go
        </button>
      </form>
      <span className="transport-right">
        <label className="small">
          <input type="checkbox" checked={showLandmarks} onChange={onToggleLandmarks} /> landmarks
        </label>
        <button className="small-btn" onClick={onExportPng} title="Export the current view as PNG">
          PNG
        </button>
        <button className="small-btn" onClick={onExportCsv} title="Export the visible range as CSV">
          CSV
        </button>
        <button className="small-btn" onClick={onResetLayout} title="Reset pane sizes">
          ⟲ layout
        </button>
      </span>
    </div>
  )
}
