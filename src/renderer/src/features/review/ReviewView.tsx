import type { TraceSummary } from '../../../../shared/domain'
import { api } from '../../api'
import { hrefOf } from '../../app/router'
import { useAsync } from '../../lib/use-async'
import { TracePlot } from '../../widgets/TracePlot'

function TraceRow({ trace, frameCount }: { trace: TraceSummary; frameCount: number | undefined }) {
  const [data] = useAsync(() => api().invoke('traces:get', { traceId: trace.id }), [trace.id])
  return (
    <div className="panel trace-row" data-testid="trace-row">
      <div className="trace-head">
        <strong>{trace.name}</strong>
        <span className="badge">{trace.kind}</span>
        <span className="muted small">
          {trace.sourceType} · {trace.frameCount} frames
        </span>
        <span className="legend">
          <i className="valence" /> valence <i className="arousal" /> arousal
        </span>
      </div>
      {data.status === 'ready' ? <TracePlot data={data.data} frameCount={frameCount} /> : <p className="muted">{data.status === 'loading' ? 'loading…' : data.message}</p>}
    </div>
  )
}

/** Session facts and its traces. The synchronised video/spectrogram workspace is built on top of this. */
export function ReviewView({ sessionId }: { sessionId: string | null }) {
  const [state] = useAsync(async () => {
    if (!sessionId) return null
    const [session, traces] = await Promise.all([api().invoke('sessions:get', { sessionId }), api().invoke('traces:list', { sessionId })])
    return { session, traces }
  }, [sessionId])
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
  const { session, traces } = state.data
  const v = session.video
  return (
    <section>
      <div className="section-head">
        <h1>{session.name}</h1>
        {session.isDemo && <span className="badge">demo</span>}
      </div>
      <div className="review-layout">
        <aside className="panel facts-panel">
          <h3>Session</h3>
          {v ? (
            <dl className="facts">
              <dt>File</dt>
              <dd className="path">{v.path}</dd>
              <dt>Size</dt>
              <dd>
                {v.width}×{v.height}
              </dd>
              <dt>Frame rate</dt>
              <dd>
                {v.fps.toFixed(3)} fps {v.isVfr ? '(variable)' : '(constant)'}
              </dd>
              <dt>Frames</dt>
              <dd>{v.frameCount}</dd>
              <dt>Duration</dt>
              <dd>{v.durationS.toFixed(2)} s</dd>
              <dt>Audio</dt>
              <dd>{v.hasAudio ? `${v.audioSampleRate ?? '?'} Hz` : 'no audio stream'}</dd>
            </dl>
          ) : (
            <p className="muted">No video attached.</p>
          )}
        </aside>
        <div className="traces">
          {traces.length === 0 ? <p className="muted">No traces for this session yet.</p> : traces.map((t) => <TraceRow key={t.id} trace={t} frameCount={v?.frameCount} />)}
        </div>
      </div>
    </section>
  )
}
