import { hrefOf } from '../../app/router'
import { useAsync } from '../../lib/use-async'
import { loadReviewData } from './review-data'
import { Relink } from './Relink'
import { Workspace } from './Workspace'

/** The review workspace: video with landmarks, audio, traces, circumplex, model signals — one synchronised playhead. */
export function ReviewView({ sessionId }: { sessionId: string | null }) {
  const [state, reload] = useAsync(async () => (sessionId ? loadReviewData(sessionId) : null), [sessionId])
  if (!sessionId) {
    return (
      <div className="panel empty">
        <h2>Choose a session</h2>
        <p>
          Open a session from the <a href={hrefOf('library')}>library</a> to review it.
        </p>
      </div>
    )
  }
  if (state.status === 'loading') return <p className="muted">Loading…</p>
  if (state.status === 'error' || !state.data) {
    return (
      <div className="panel error-panel" role="alert">
        <h2>Session not available</h2>
        <p>{state.status === 'error' ? `${state.code}: ${state.message}` : 'unknown session'}</p>
      </div>
    )
  }
  const d = state.data
  return (
    <section className="review">
      <div className="section-head">
        <h1>{d.session.name}</h1>
        {d.session.isDemo && <span className="badge">demo</span>}
      </div>
      {d.session.video && !d.facts.videoFileFound && <Relink sessionId={d.session.id} onRelinked={reload} />}
      {d.session.video && d.timestamps.length > 0 ? (
        <Workspace key={`${d.session.id}:${d.facts.videoFileFound}`} data={d} />
      ) : (
        <div className="panel empty">
          <h2>No video</h2>
          <p>This session has no video attached, so there is nothing to review frame by frame.</p>
        </div>
      )}
    </section>
  )
}
