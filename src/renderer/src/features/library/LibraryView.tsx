import { useEffect, useState } from 'react'
import { api } from '../../api'
import { useAsync } from '../../lib/use-async'
import { ImportForm } from './ImportForm'
import { SessionCard } from './SessionCard'

/** The session library: every session with its video facts and first trace; the demo first. */
export function LibraryView() {
  const [sessions, reload] = useAsync(() => api().invoke('sessions:list', {}), [])
  const [creating, setCreating] = useState<string | null>(null)
  const [demoRunning, setDemoRunning] = useState(false)
  const [importing, setImporting] = useState(false)

  useEffect(() => {
    const client = api()
    const offA = client.on('sessions:changed', () => reload())
    const offB = client.on('job:progress', (j) => {
      if (j.kind === 'demo:generate') setDemoRunning(j.state === 'running' || j.state === 'queued')
    })
    void client.invoke('jobs:list', {}).then((jobs) =>
      setDemoRunning(jobs.some((j) => j.kind === 'demo:generate' && (j.state === 'running' || j.state === 'queued')))
    )
    return () => {
      offA()
      offB()
    }
  }, [reload])

  const createDemo = () => {
    setCreating(null)
    api()
      .invoke('demo:create', {})
      .catch((e: { code?: string; message?: string }) => setCreating(`${e.code}: ${e.message}`))
  }

  if (sessions.status === 'loading') return <p className="muted">Loading the library…</p>
  if (sessions.status === 'error') {
    return (
      <div className="panel error-panel" role="alert">
        <h2>The library could not be read</h2>
        <p>
          {sessions.code}: {sessions.message}
        </p>
        <button onClick={reload}>Retry</button>
      </div>
    )
  }
  const list = sessions.data
  return (
    <section>
      <div className="section-head">
        <h1>Library</h1>
        <span className="muted">{list.length === 1 ? '1 session' : `${list.length} sessions`}</span>
        {!importing && (
          <button type="button" className="library-import" onClick={() => setImporting(true)} data-testid="import-open">
            Import a video…
          </button>
        )}
      </div>
      {importing && <ImportForm onClose={() => setImporting(false)} />}
      {list.length === 0 ? (
        <div className="panel empty" data-testid="library-empty">
          <h2>No sessions yet</h2>
          {demoRunning ? (
            <p>The demo session is being generated — it appears here in a moment.</p>
          ) : (
            <>
              <p>
                Import a face video with <b>Import a video…</b> above or <code>circumplex import &lt;file&gt;</code>, or create the demo: a
                short synthetic face whose valence and arousal are known frame by frame.
              </p>
              <button onClick={createDemo}>Create the demo session</button>
            </>
          )}
          {creating && <p className="error-text">{creating}</p>}
        </div>
      ) : (
        <div className="session-grid">
          {list.map((s) => (
            <SessionCard key={s.id} session={s} />
          ))}
        </div>
      )}
    </section>
  )
}
