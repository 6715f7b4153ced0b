import { useState } from 'react'
import { hrefOf } from '../../app/router'
import { useAsync } from '../../lib/use-async'
import { AnnotateHome } from './AnnotateHome'
import { loadAnnotateData } from './annotate-data'
import { loadPlace, savePlace, type Place } from './place'
import { Workspace } from './Workspace'
import './annotate.css'

export { ANNOTATE_SHORTCUTS } from './use-annotate-keys'

/** Annotate: pick who you are and a session; then rate live (1-D/2-D), correct with provenance, check agreement. */
export function AnnotateView({ sessionId }: { sessionId: string | null }) {
  const [place, setPlace] = useState<Place>(loadPlace)
  const sid = sessionId ?? null
  const [state] = useAsync(async () => (sid && place.annotatorId ? loadAnnotateData(sid, place.annotatorId, place.blind) : null), [sid, place.annotatorId, place.blind])

  if (!sid || !place.annotatorId) {
    return <AnnotateHome annotatorId={place.annotatorId} onAnnotator={(id) => setPlace(savePlace({ annotatorId: id || null }))} />
  }
  if (state.status === 'loading') return <p className="muted">Loading…</p>
  if (state.status === 'error' || !state.data) {
    return (
      <div className="panel error-panel" role="alert">
        <h2>Cannot annotate this session</h2>
        <p>{state.status === 'error' ? `${state.code}: ${state.message}` : 'unknown session'}</p>
        <p>
          <a href={hrefOf('annotate')}>Choose another session or annotator</a>
        </p>
      </div>
    )
  }
  const d = state.data
  if (!d.session.video || d.timestamps.length === 0) {
    return (
      <div className="panel empty">
        <h2>No video</h2>
        <p>This session has no video, so there is nothing to rate frame by frame.</p>
      </div>
    )
  }
  return (
    <section className="annotate">
      <div className="section-head">
        <h1>{d.session.name}</h1>
        <span className="badge">{d.annotator.name}</span>
        <a className="small" href={hrefOf('annotate')}>
          all sessions
        </a>
      </div>
      <Workspace key={`${d.session.id}/${d.annotator.id}`} data={d} place={place} onPlace={setPlace} />
    </section>
  )
}
