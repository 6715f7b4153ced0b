import { useCallback, useEffect, useMemo, useState } from 'react'
import type { PassSummary, RatingMode } from '../../../../shared/annotation'
import { api } from '../../api'
import { hrefOf } from '../../app/router'
import { formatTime } from '../../lib/session/frame-sync'
import { createPlayhead, RATES, usePlayhead, type Playhead } from '../../lib/session/playhead'
import { VideoPane } from '../../lib/session/VideoPane'
import { AgreementPanel } from './agreement'
import type { AnnotateData } from './annotate-data'
import { CompleteBar } from './complete/CompleteBar'
import { useCompletion } from './complete/use-completion'
import { CorrectPanel } from './correct/CorrectPanel'
import { useCorrections } from './correct/use-corrections'
import { createValueStore, useStoreVersion } from './own-trace-store'
import { savePlace, type AnnotateTab, type Place } from './place'
import { RatePanel } from './rating/RatePanel'
import { stickValue } from './rating/rating-input'
import { useGamepad } from './rating/use-gamepad'
import { useRating } from './rating/use-rating'
import { useAnnotateKeys } from './use-annotate-keys'

function Transport({ playhead, timestamps }: { playhead: Playhead; timestamps: Float64Array }) {
  const ph = usePlayhead(playhead)
  return (
    <div className="transport panel">
      <button className="play-btn" onClick={() => playhead.togglePlay()} aria-label={ph.playing ? 'Pause' : 'Play'} title="Play/pause (Space)">
        {ph.playing ? '❚❚' : '▶'}
      </button>
      <span className="frame-counter" data-testid="frame-counter" data-frame={ph.frame}>
        frame {ph.frame} / {timestamps.length - 1}
      </span>
      <span className="frame-time">{formatTime(timestamps[ph.frame] - (timestamps[0] ?? 0))}</span>
      <label className="small">
        speed{' '}
        <select value={ph.rate} onChange={(e) => playhead.setRate(Number(e.target.value))} aria-label="Playback speed">
          {RATES.map((r) => (
            <option key={r} value={r}>
              ×{r}
            </option>
          ))}
        </select>
      </label>
    </div>
  )
}

const TABS: readonly { key: AnnotateTab; label: string }[] = [
  { key: 'rate', label: 'Rate' },
  { key: 'correct', label: 'Correct' },
  { key: 'agreement', label: 'Agreement' }
]

/** One session for one annotator: video, live rating (1-D/2-D), correction with provenance, agreement. */
export function Workspace({ data, place, onPlace }: { data: AnnotateData; place: Place; onPlace: (p: Place) => void }) {
  const { session, timestamps, annotator, own } = data
  const video = session.video!
  const n = timestamps.length
  const playhead = useMemo(() => createPlayhead(n), [n])
  const store = useMemo(() => createValueStore(n), [n])
  const [passes, setPasses] = useState<readonly PassSummary[]>(own.passes)
  const [selection, setSelection] = useState<[number, number] | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const set = useCallback((patch: Partial<Place>) => onPlace(savePlace(patch)), [onPlace])
  const corrections = useCorrections(own.trace.id, annotator.id, store)

  const refreshPasses = useCallback(() => {
    void api()
      .invoke('annotations:own-trace', { sessionId: session.id, annotatorId: annotator.id })
      .then((o) => setPasses(o.passes))
    void corrections.refresh()
  }, [session.id, annotator.id, corrections.refresh])

  const completion = useCompletion(session.id, own.trace.id, n, corrections)
  const version = useStoreVersion(store)
  const rated = useMemo(() => {
    let k = 0
    for (let f = 0; f < n; f++) if (Number.isFinite(store.valence[f]) || Number.isFinite(store.arousal[f])) k++
    return k
  }, [store, n, version])

  const rating = useRating({ sessionId: session.id, annotatorId: annotator.id, mode: place.mode, lagS: place.lagS, timestamps, playhead, store, onPassEnded: refreshPasses })
  useGamepad(place.tab === 'rate', (x, y) => rating.setValue(stickValue(rating.valueNow(), place.mode, x, y)))
  useAnnotateKeys({
    tab: place.tab,
    mode: place.mode,
    playhead,
    rating,
    undo: () => void corrections.undo(),
    redo: () => void corrections.redo(),
    complete: () => {
      if (rating.recording) return
      set({ tab: 'correct' })
      completion.start()
    }
  })

  // Load the own trace, then reopen where the last pass stopped (from the database: survives a crash).
  useEffect(() => {
    void api()
      .invoke('traces:get', { traceId: own.trace.id })
      .then((d) => store.load(d))
      .catch((e: { code?: string; message?: string }) => setLoadError(`${e.code}: ${e.message}`))
    if (own.resumeFrame !== null) playhead.seek(own.resumeFrame)
  }, [own.trace.id, own.resumeFrame, store, playhead])

  const names = useMemo(() => {
    const m = new Map<string, string>([[annotator.id, annotator.name]])
    for (const t of data.visible) m.set(t.id, t.name)
    for (const [id, name] of completion.names) m.set(id, name)
    return m
  }, [data.visible, annotator, completion.names])
  const others = data.visible.filter((t) => t.id !== own.trace.id)

  return (
    <div className={`annotate-ws tab-${place.tab}`} data-testid="annotate-workspace" data-resume-frame={own.resumeFrame ?? ''}>
      <div className="annotate-left">
        <Transport playhead={playhead} timestamps={timestamps} />
        <VideoPane sessionId={session.id} video={video} timestamps={timestamps} playhead={playhead} hasFaces={true} showLandmarks={false} />
        <p className="muted small">
          {annotator.name} · own trace {own.trace.name} · {data.blind ? 'blind: predictions and other raters hidden' : `${others.length} other trace(s) visible`}
          {own.resumeFrame !== null && ` · resumed at frame ${own.resumeFrame}`} · <a href={hrefOf('review', session.id)}>review</a> · <kbd>Ctrl+L</kbd> completes the session from your rated frames
        </p>
        {loadError && <p className="error-text small">{loadError}</p>}
      </div>
      <div className="annotate-right panel">
        <div className="tabs" role="tablist">
          {TABS.map((t) => (
            <button key={t.key} role="tab" aria-selected={place.tab === t.key} className={place.tab === t.key ? 'on' : ''} disabled={rating.recording && t.key !== 'rate'} onClick={() => set({ tab: t.key })}>
              {t.label}
            </button>
          ))}
          <label className="small blind">
            <input type="checkbox" checked={place.blind} disabled={rating.recording} onChange={(e) => set({ blind: e.target.checked })} /> blind mode
          </label>
        </div>
        {place.tab === 'rate' && (
          <RatePanel
            mode={place.mode}
            onMode={(m: RatingMode) => set({ mode: m })}
            lagS={place.lagS}
            onLag={(s) => set({ lagS: s })}
            rating={rating}
            passes={passes}
            playhead={playhead}
            store={store}
          />
        )}
        {place.tab === 'correct' && <CompleteBar completion={completion} rated={rated} frameCount={n} selection={selection} blind={data.blind || place.blind} disabled={rating.recording} />}
        {place.tab === 'correct' && (
          <CorrectPanel
            ownTraceId={own.trace.id}
            ownName={own.trace.name}
            store={store}
            frameCount={n}
            playhead={playhead}
            others={others}
            corrections={corrections}
            selection={selection}
            onSelect={setSelection}
            names={names}
            proposal={completion.proposal}
            onAcceptProposal={(range, dim) => void completion.accept(range, dim)}
          />
        )}
        {place.tab === 'agreement' && (data.blind ? <p className="muted">Agreement is hidden in blind mode.</p> : <AgreementPanel sessionId={session.id} />)}
      </div>
    </div>
  )
}
