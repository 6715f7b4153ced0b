import { useEffect, useState, type FormEvent } from 'react'
import type { DatasetJobStart, SessionTraceSource } from '../../../../../shared/datasets'
import { api } from '../../../api'
import { errorText } from '../../../lib/error-text'
import { useAsync } from '../../../lib/use-async'
import { JobProgress } from './JobProgress'
import { isActive, useJob } from './use-job'

/** Builds a dataset from annotated sessions: which sessions, whose trace, the subject of each session. */
export function FromSessionsForm({ onCreated }: { onCreated: (datasetId: string) => void }) {
  const [sessions] = useAsync(() => api().invoke('sessions:list', {}), [])
  const [annotators] = useAsync(() => api().invoke('annotators:list', {}), [])
  const [picked, setPicked] = useState<ReadonlyMap<string, string>>(new Map())
  const [source, setSource] = useState('gold')
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [start, setStart] = useState<DatasetJobStart | null>(null)
  const job = useJob(start?.job ?? null)
  useEffect(() => {
    if (start && job?.state === 'done') {
      onCreated(start.datasetId)
      setStart(null)
      setPicked(new Map())
      setName('')
    }
  }, [job, start, onCreated])
  const list = sessions.status === 'ready' ? sessions.data.filter((s) => s.video !== null) : []
  const toggle = (id: string, subject: string) =>
    setPicked((m) => {
      const next = new Map(m)
      if (next.has(id)) next.delete(id)
      else next.set(id, subject)
      return next
    })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    const src: SessionTraceSource = source === 'gold' ? { kind: 'gold' } : { kind: 'annotator', annotatorId: source }
    const subjects = Object.fromEntries([...picked].map(([id, subject]) => [id, subject.trim()]))
    api()
      .invoke('datasets:from-sessions', { name: name.trim(), sessionIds: [...picked.keys()], source: src, subjects })
      .then(setStart, (err: unknown) => setError(errorText(err)))
  }
  const busy = isActive(job)
  return (
    <form className="ds-form" onSubmit={submit} aria-label="Build a dataset from sessions">
      {sessions.status === 'error' && <p className="error-text small">{`${sessions.code}: ${sessions.message}`}</p>}
      {sessions.status === 'ready' && list.length === 0 ? (
        <p className="empty-state">No sessions with a video yet: import and annotate some first.</p>
      ) : (
        <div className="ds-session-pick" role="group" aria-label="Sessions">
          {list.map((s) => (
            <div key={s.id} className={`ds-session ${picked.has(s.id) ? 'on' : ''}`}>
              <label>
                <input type="checkbox" checked={picked.has(s.id)} onChange={() => toggle(s.id, s.name)} />
                <span className="ds-session-name" title={s.name}>
                  {s.name}
                </span>
                <span className="small muted">
                  {s.video?.frameCount ?? 0} frames · {s.traceCount} trace{s.traceCount === 1 ? '' : 's'}
                </span>
              </label>
              {picked.has(s.id) && (
                <input
                  className="ds-subject"
                  value={picked.get(s.id)}
                  onChange={(e) => setPicked((m) => new Map(m).set(s.id, e.target.value))}
                  aria-label={`Subject of ${s.name}`}
                  title="Subject (person): folds keep all sessions of a subject together"
                />
              )}
            </div>
          ))}
        </div>
      )}
      <label>
        <span>Labels</span>
        <select value={source} onChange={(e) => setSource(e.target.value)} aria-label="Trace source">
          <option value="gold">Gold trace (the latest fused one)</option>
          {annotators.status === 'ready' &&
            annotators.data.map((a) => (
              <option key={a.id} value={a.id}>
                {`${a.name}'s trace`}
              </option>
            ))}
        </select>
      </label>
      <label>
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. lab sessions 2025" aria-label="New dataset name" maxLength={200} required />
      </label>
      <div className="ds-form-actions">
        <button type="submit" disabled={busy || picked.size === 0 || name.trim() === ''}>
          Build dataset
        </button>
        <span className="small muted">
          {picked.size} session{picked.size === 1 ? '' : 's'} · written to the data folder (videos hard-linked)
        </span>
      </div>
      {error && (
        <p className="error-text small" role="alert">
          {error}
        </p>
      )}
      <JobProgress job={job} />
    </form>
  )
}
