import { useState } from 'react'
import type { Annotator } from '../../../../shared/annotation'
import type { SessionSummary } from '../../../../shared/domain'
import { api } from '../../api'
import { useAsync } from '../../lib/use-async'
import { errorText } from '../../lib/error-text'


/** Projects group sessions (optionally blind) and assign them to annotators; progress per annotator. */
export function ProjectsPanel({ annotator, annotators: people, sessions, onChanged }: { annotator: Annotator; annotators: readonly Annotator[]; sessions: readonly SessionSummary[]; onChanged: () => void }) {
  const [projects, reload] = useAsync(() => api().invoke('projects:list', {}), [])
  const [name, setName] = useState('')
  const [blind, setBlind] = useState(false)
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set())
  const [error, setError] = useState<string | null>(null)
  const [progressFor, setProgressFor] = useState<string | null>(null)
  const [progress] = useAsync(async () => (progressFor ? api().invoke('annotations:progress', { projectId: progressFor }) : []), [progressFor])

  const run = async (fn: () => Promise<unknown>) => {
    setError(null)
    try {
      await fn()
      reload()
      onChanged()
    } catch (e) {
      setError(errorText(e))
    }
  }
  const list = projects.status === 'ready' ? projects.data : []
  return (
    <div className="panel">
      <h2>Projects</h2>
      {list.length === 0 && <p className="muted small">No project yet. A project groups sessions for a team; blind projects hide predictions and other raters.</p>}
      <ul className="project-list">
        {list.map((p) => (
          <li key={p.id}>
            <strong>{p.name}</strong> · {p.sessionIds.length} session(s) {p.blind && <span className="badge">blind</span>}{' '}
            <button className="small-btn" onClick={() => void run(() => api().invoke('assignments:create', { annotatorId: annotator.id, sessionIds: [...p.sessionIds], projectId: p.id }))}>
              Assign to {annotator.name}
            </button>{' '}
            <button className="small-btn" onClick={() => setProgressFor(progressFor === p.id ? null : p.id)}>
              {progressFor === p.id ? 'Hide progress' : 'Progress'}
            </button>
            {progressFor === p.id && progress.status === 'ready' && (
              <table className="data-table small">
                <tbody>
                  {progress.data.map((r) => (
                    <tr key={`${r.annotatorId}/${r.sessionId}`}>
                      <td>{people.find((a) => a.id === r.annotatorId)?.name ?? r.annotatorName}</td>
                      <td>{sessions.find((s) => s.id === r.sessionId)?.name ?? r.sessionId}</td>
                      <td>
                        V {r.frameCount ? ((100 * r.valenceRated) / r.frameCount).toFixed(0) : 0} % · A {r.frameCount ? ((100 * r.arousalRated) / r.frameCount).toFixed(0) : 0} % · reviewed{' '}
                        {r.frameCount ? ((100 * r.framesReviewed) / r.frameCount).toFixed(0) : 0} %
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </li>
        ))}
      </ul>
      <details>
        <summary>New project</summary>
        <div className="row">
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="project name" aria-label="Project name" maxLength={200} />
          <label className="small">
            <input type="checkbox" checked={blind} onChange={(e) => setBlind(e.target.checked)} /> blind
          </label>
        </div>
        <div className="pick-list">
          {sessions.map((s) => (
            <label key={s.id} className="small">
              <input
                type="checkbox"
                checked={picked.has(s.id)}
                onChange={(e) => {
                  const next = new Set(picked)
                  if (e.target.checked) next.add(s.id)
                  else next.delete(s.id)
                  setPicked(next)
                }}
              />{' '}
              {s.name}
            </label>
          ))}
        </div>
        <button disabled={!name.trim() || picked.size === 0} onClick={() => void run(() => api().invoke('projects:create', { name: name.trim(), sessionIds: [...picked], blind }))}>
          Create project
        </button>
      </details>
      {error && <p className="error-text small">{error}</p>}
    </div>
  )
}
