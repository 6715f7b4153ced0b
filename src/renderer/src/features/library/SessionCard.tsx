import type { SessionSummary } from '../../../../shared/domain'
import { api } from '../../api'
import { hrefOf } from '../../app/router'
import { useAsync } from '../../lib/use-async'
import { TracePlot } from '../../widgets/TracePlot'

function duration(s: number): string {
  const m = Math.floor(s / 60)
  return `${m}:${(s - 60 * m).toFixed(1).padStart(4, '0')}`
}

export function SessionCard({ session }: { session: SessionSummary }) {
  const [trace] = useAsync(async () => {
    const traces = await api().invoke('traces:list', { sessionId: session.id })
    const first = traces[0]
    return first ? { summary: first, data: await api().invoke('traces:get', { traceId: first.id }) } : null
  }, [session.id, session.traceCount])
  const v = session.video
  return (
    <a className="panel session-card" href={hrefOf('review', session.id)} data-testid="session-card">
      <div className="session-head">
        <h3>{session.name}</h3>
        {session.isDemo && <span className="badge">demo</span>}
      </div>
      <div className="session-plot">
        {trace.status === 'ready' && trace.data ? (
          <TracePlot data={trace.data.data} frameCount={v?.frameCount} width={320} height={70} compact />
        ) : (
          <div className="muted small">{trace.status === 'loading' ? 'loading…' : 'no trace yet'}</div>
        )}
      </div>
      <dl className="facts">
        {v ? (
          <>
            <dt>Video</dt>
            <dd>
              {v.width}×{v.height}, {v.fps.toFixed(v.fps % 1 === 0 ? 0 : 3)} fps{v.isVfr ? ' (VFR)' : ''}
            </dd>
            <dt>Length</dt>
            <dd>
              {duration(v.durationS)} · {v.frameCount} frames
            </dd>
            <dt>Audio</dt>
            <dd>{v.hasAudio ? `${v.audioSampleRate ?? '?'} Hz` : 'none'}</dd>
          </>
        ) : (
          <>
            <dt>Video</dt>
            <dd>none</dd>
          </>
        )}
        <dt>Traces</dt>
        <dd>{session.traceCount}</dd>
      </dl>
    </a>
  )
}
