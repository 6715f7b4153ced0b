import { useState } from 'react'
import type { Annotator } from '../../../../shared/annotation'
import { api } from '../../api'
import { hrefOf } from '../../app/router'
import { useAsync } from '../../lib/use-async'
import { ProjectsPanel } from './ProjectsPanel'
import { errorText } from '../../lib/error-text'


/** Who is annotating, and their sessions with progress (assigned or not). */
export function AnnotateHome({ annotatorId, onAnnotator }: { annotatorId: string | null; onAnnotator: (id: string) => void }) {
  const [annotators, reloadAnnotators] = useAsync(() => api().invoke('annotators:list', {}), [])
  const [sessions] = useAsync(() => api().invoke('sessions:list', {}), [])
  const [progress, reloadProgress] = useAsync(async () => (annotatorId ? api().invoke('annotations:progress', { annotatorId }) : []), [annotatorId])
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)

  const create = async () => {
    setError(null)
    try {
      const a: Annotator = await api().invoke('annotators:create', { name: name.trim() })
      setName('')
      reloadAnnotators()
      onAnnotator(a.id)
    } catch (e) {
      setError(errorText(e))
    }
  }
  const list = annotators.status === 'ready' ? annotators.data : []
  const me = list.find((a) => a.id === annotatorId) ?? null
  const prog = progress.status === 'ready' ? progress.data : []

  return (
    <section className="annotate-home">
      <div className="section-head">
        <h1>Annotate</h1>
      </div>
      <div className="panel">
        <h2>Annotator</h2>
        <div className="row">
          <label>
            I am{' '}
            <select value={me?.id ?? ''} onChange={(e) => onAnnotator(e.target.value)} aria-label="Annotator" data-testid="annotator-select">
              <option value="">— choose —</option>
              {list.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          <span className="muted">or</span>
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="new annotator name" aria-label="New annotator name" maxLength={200} />
          <button disabled={name.trim().length === 0} onClick={() => void create()}>
            Create profile
          </button>
        </div>
        {error && <p className="error-text small">{error}</p>}
      </div>
      {me && sessions.status === 'ready' && (
        <div className="panel">
          <h2>Sessions</h2>
          <table className="data-table" data-testid="annotate-sessions">
            <thead>
              <tr>
                <th>session</th>
                <th>frames</th>
                <th>assigned</th>
                <th>valence rated</th>
                <th>arousal rated</th>
                <th>reviewed</th>
                <th>passes</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {sessions.data
                .filter((s) => s.video)
                .map((s) => {
                  const p = prog.find((x) => x.sessionId === s.id)
                  const n = s.video!.frameCount
                  const pct = (k: number) => (n > 0 ? `${((100 * k) / n).toFixed(0)} %` : '–')
                  return (
                    <tr key={s.id}>
                      <td>{s.name}</td>
                      <td>{n}</td>
                      <td>{p ? 'yes' : '–'}</td>
                      <td>{p ? pct(p.valenceRated) : '–'}</td>
                      <td>{p ? pct(p.arousalRated) : '–'}</td>
                      <td>{p ? pct(p.framesReviewed) : '–'}</td>
                      <td>{p ? `${p.passesFinished}/${p.passesStarted}` : '–'}</td>
                      <td>
                        <a className="button-link" href={hrefOf('annotate', s.id)} data-testid="annotate-open">
                          Annotate
                        </a>
                      </td>
                    </tr>
                  )
                })}
            </tbody>
          </table>
        </div>
      )}
      {me && sessions.status === 'ready' && <ProjectsPanel annotator={me} annotators={list} sessions={sessions.data} onChanged={reloadProgress} />}
    </section>
  )
}
