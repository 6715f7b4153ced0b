import { useEffect, useMemo, useState } from 'react'
import type { PassSummary, RatingMode } from '../../../../../shared/annotation'
import type { TraceData } from '../../../../../shared/domain'
import { api } from '../../../api'
import { useFrame, type Playhead } from '../../../lib/session/playhead'
import { trail } from '../../../widgets/circumplex-data'
import { EditPlot } from '../correct/EditPlot'
import { viewWindow } from '../correct/edit-plot'
import { useStoreVersion, type ValueStore } from '../own-trace-store'
import { RatingPlane } from './RatingPlane'
import { RatingSlider } from './RatingSlider'
import type { RatingControl } from './use-rating'
import { errorText } from '../../../lib/error-text'

const MODE_LABEL: Record<RatingMode, string> = { '1d-valence': '1-D valence', '1d-arousal': '1-D arousal', '2d': '2-D circumplex' }

export interface RatePanelProps {
  readonly mode: RatingMode
  readonly onMode: (m: RatingMode) => void
  readonly lagS: number
  readonly onLag: (s: number) => void
  readonly rating: RatingControl
  readonly passes: readonly PassSummary[]
  readonly playhead: Playhead
  readonly store: ValueStore
}

function valueAt(d: TraceData | null, frame: number): { v: number | null; a: number | null } | null {
  if (!d || d.frames.length === 0) return null
  let lo = 0
  let hi = d.frames.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (d.frames[mid] < frame) lo = mid + 1
    else hi = mid
  }
  return d.frames[lo] === frame ? { v: d.valence[lo], a: d.arousal[lo] } : null
}

function when(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' })
}

/** Live rating: mode, input lag, record/stop, the slider or the plane, save status, passes and their replay. */
export function RatePanel({ mode, onMode, lagS, onLag, rating, passes, playhead, store }: RatePanelProps) {
  const frame = useFrame(playhead)
  const version = useStoreVersion(store)
  const [replay, setReplay] = useState<{ pass: PassSummary; data: TraceData } | null>(null)
  const [replayError, setReplayError] = useState<string | null>(null)
  useEffect(() => {
    if (rating.recording) setReplay(null)
  }, [rating.recording])

  const ghostRaw = replay ? valueAt(replay.data, frame) : null
  const planeTrail = useMemo(() => trail(store.valence, store.arousal, frame, 25), [store, frame, version])
  const s = rating.status
  const own = useMemo(() => ({ name: 'yours', valence: store.valence, arousal: store.arousal }), [store])
  const [w0, w1] = viewWindow(store.valence.length, frame, 250)
  const win = useMemo(() => [w0, w1] as const, [w0, w1])
  const startReplay = async (p: PassSummary) => {
    setReplayError(null)
    try {
      const data = await api().invoke('annotations:pass-values', { passId: p.id })
      setReplay({ pass: p, data })
      if (p.fromFrame !== null) playhead.seek(p.fromFrame)
      playhead.setPlaying(true)
    } catch (e) {
      setReplayError(errorText(e))
    }
  }

  return (
    <div className="rate-panel" data-testid="rate-panel">
      <div className="rate-controls">
        <div className="segmented" role="radiogroup" aria-label="Rating mode">
          {(Object.keys(MODE_LABEL) as RatingMode[]).map((m) => (
            <button key={m} role="radio" aria-checked={m === mode} className={m === mode ? 'on' : ''} disabled={rating.recording} onClick={() => onMode(m)}>
              {MODE_LABEL[m]}
            </button>
          ))}
        </div>
        <label className="small">
          input lag{' '}
          <input
            type="number"
            min={0}
            max={10}
            step={0.1}
            value={lagS}
            disabled={rating.recording}
            onChange={(e) => onLag(Math.max(0, Math.min(10, Number(e.target.value) || 0)))}
            aria-label="Input lag in seconds"
          />{' '}
          s
        </label>
        <button className={rating.recording ? 'record on' : 'record'} data-testid="record-button" onClick={() => void (rating.recording ? rating.stop() : rating.start())} title="Record a rating pass (R)">
          {rating.recording ? '■ Stop' : '● Record'}
        </button>
      </div>
      <div className="rate-widget">
        {mode === '2d' ? (
          <RatingPlane
            value={rating.value}
            trail={planeTrail}
            ghost={ghostRaw && ghostRaw.v !== null && ghostRaw.a !== null ? { v: ghostRaw.v, a: ghostRaw.a } : null}
            onChange={rating.setValue}
          />
        ) : (
          <RatingSlider mode={mode} value={rating.value} ghost={ghostRaw ? (mode === '1d-valence' ? ghostRaw.v : ghostRaw.a) : null} onChange={rating.setValue} />
        )}
      </div>
      <div className="rate-trace" aria-label="Your trace around the playhead">
        <EditPlot
          own={own}
          reference={null}
          version={version}
          window={win}
          frame={frame}
          selection={null}
          review={[]}
          drawing={null}
          showValence={mode !== '1d-arousal'}
          showArousal={mode !== '1d-valence'}
          onSeek={(f) => !rating.recording && playhead.seek(f)}
          onSelect={() => undefined}
          onStroke={() => undefined}
          height={110}
        />
      </div>
      <div className="save-status small" data-testid="save-status" data-saved={s?.saved ?? 0} data-pending={s?.pending ?? 0} role="status">
        {rating.recording ? <span className="rec-dot">REC</span> : null}
        {s ? (
          <>
            saved {s.saved} frames · {s.pending === 0 ? 'nothing pending' : `${s.pending} pending`}
            {s.error && <span className="error-text"> · not saved yet — {s.error} (kept, retrying)</span>}
          </>
        ) : (
          <span className="muted">Press R (or ● Record) to start a pass; the video plays and every frame is saved as you rate.</span>
        )}
        {rating.error && <span className="error-text"> · {rating.error}</span>}
      </div>
      <p className="muted small hint">
        {mode === '2d' ? 'Mouse: press and move in the plane · arrows / WASD · wheel = arousal · gamepad stick' : '↑/↓ or W/S (Shift = coarse) · drag the slider · wheel · gamepad stick'} · 0 = neutral · Space play/pause · [ ] speed
      </p>
      <div className="passes">
        <h3>Passes</h3>
        {replayError && <p className="error-text small">{replayError}</p>}
        {passes.length === 0 ? (
          <p className="muted small">No pass yet.</p>
        ) : (
          <ul data-testid="pass-list">
            {passes.slice(0, 8).map((p) => (
              <li key={p.id} className={replay?.pass.id === p.id ? 'on' : ''}>
                <span>
                  {MODE_LABEL[p.mode]} · {when(p.startedAt)} · frames {p.fromFrame ?? '–'}–{p.toFrame ?? '–'} · lag {p.inputLagS.toFixed(1)} s · ×{p.speed}
                  {p.finishedAt === null && <span className="badge warn">unfinished</span>}
                </span>
                <button className="small-btn" disabled={rating.recording || p.batches === 0} onClick={() => void startReplay(p)}>
                  Replay
                </button>
              </li>
            ))}
          </ul>
        )}
        {replay && (
          <p className="small">
            Replaying the pass of {when(replay.pass.startedAt)} (ghost marker).{' '}
            <button className="link" onClick={() => setReplay(null)}>
              stop replay
            </button>
          </p>
        )}
      </div>
    </div>
  )
}
