import { useEffect, useMemo, useState } from 'react'
import type { ApplyBatch } from '../../../../shared/completion'
import type { JobInfo, SessionSummary } from '../../../../shared/domain'
import { api } from '../../api'
import { hrefOf } from '../../app/router'
import { errorText } from '../../lib/error-text'
import './apply-run.css'

const FINAL: readonly JobInfo['state'][] = ['done', 'failed', 'cancelled']

function SessionPicker({ sessions, picked, onPick }: { sessions: readonly SessionSummary[]; picked: ReadonlySet<string>; onPick: (next: Set<string>) => void }) {
  const usable = sessions.filter((s) => s.video)
  const all = usable.length > 0 && usable.every((s) => picked.has(s.id))
  return (
    <div className="apply-picker" data-testid="apply-picker">
      <label className="apply-all small">
        <input type="checkbox" checked={all} onChange={() => onPick(all ? new Set() : new Set(usable.map((s) => s.id)))} /> all sessions with a video ({usable.length})
      </label>
      <ul>
        {sessions.map((s) => (
          <li key={s.id}>
            <label className={s.video ? '' : 'muted'}>
              <input
                type="checkbox"
                disabled={!s.video}
                checked={picked.has(s.id)}
                onChange={() => {
                  const next = new Set(picked)
                  if (next.has(s.id)) next.delete(s.id)
                  else next.add(s.id)
                  onPick(next)
                }}
                aria-label={`Apply to ${s.name}`}
              />{' '}
              {s.name}
              <span className="small muted">{s.video ? ` · ${s.video.frameCount} frames` : ' · no video'}</span>
            </label>
          </li>
        ))}
      </ul>
    </div>
  )
}

function JobState({ job }: { job: JobInfo }) {
  if (job.state === 'running') {
    const pct = job.total > 0 ? Math.round((100 * job.done) / job.total) : 0
    return (
      <span className="apply-state">
        <progress max={100} value={pct} aria-label="Prediction progress" /> <span className="small muted">{pct} %</span>
      </span>
    )
  }
  if (job.state === 'failed') return <span className="error-text small">{`${job.error?.code ?? 'JOB_FAILED'}: ${job.error?.message ?? 'failed'}`}</span>
  return <span className={`badge status-${job.state}`}>{job.state}</span>
}

/** Apply a finished run to one or many sessions (batch queue); shown in the run detail pane. */
export function ApplyRun({ runId }: { runId: string }) {
  const [open, setOpen] = useState(false)
  const [sessions, setSessions] = useState<readonly SessionSummary[] | null>(null)
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set())
  const [batch, setBatch] = useState<ApplyBatch | null>(null)
  const [jobs, setJobs] = useState<ReadonlyMap<string, JobInfo>>(new Map())
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  // A new run in the pane starts fresh.
  useEffect(() => {
    setOpen(false)
    setBatch(null)
    setError(null)
    setPicked(new Set())
  }, [runId])

  useEffect(() => {
    if (!open || sessions) return
    api()
      .invoke('sessions:list', {})
      .then(setSessions, (e: unknown) => setError(errorText(e)))
  }, [open, sessions])

  useEffect(() => {
    if (!batch) return
    const ids = new Set(batch.items.map((i) => i.job.id))
    return api().on('job:progress', (j) => ids.has(j.id) && setJobs((m) => new Map(m).set(j.id, j)))
  }, [batch])

  const rows = useMemo(() => (batch ? batch.items.map((i) => ({ ...i, job: jobs.get(i.job.id) ?? i.job })) : []), [batch, jobs])
  const finished = rows.filter((r) => FINAL.includes(r.job.state)).length
  const pending = rows.length - finished

  const apply = async () => {
    setBusy(true)
    setError(null)
    try {
      const b = await api().invoke('runs:apply', { runId, sessionIds: [...picked] })
      setJobs(new Map(b.items.map((i) => [i.job.id, i.job])))
      setBatch(b)
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  if (!open) {
    return (
      <div className="apply-run">
        <button className="small-btn" data-testid="apply-open" onClick={() => setOpen(true)} title="Predict V/A with this run on sessions of the library; results appear in review">
          Apply to sessions…
        </button>
      </div>
    )
  }
  return (
    <div className="apply-run panel" data-testid="apply-run">
      <div className="apply-head">
        <strong>Apply to sessions</strong>
        <span className="small muted">one prediction job per session, run one after the other; each result is a prediction trace in review</span>
        <button className="link" onClick={() => setOpen(false)} aria-label="Close apply">
          close
        </button>
      </div>
      {!batch && sessions === null && !error && <p className="muted small">Loading sessions…</p>}
      {!batch && sessions && sessions.length === 0 && <p className="empty-state small">No sessions in the library yet: import a video first.</p>}
      {!batch && sessions && sessions.length > 0 && (
        <>
          <SessionPicker sessions={sessions} picked={picked} onPick={setPicked} />
          <div className="apply-actions">
            <button className="small-btn" data-testid="apply-start" disabled={busy || picked.size === 0} onClick={() => void apply()}>
              Apply to {picked.size} session{picked.size === 1 ? '' : 's'}
            </button>
          </div>
        </>
      )}
      {batch && (
        <>
          <div className="apply-actions small">
            <span data-testid="apply-summary" data-finished={finished} data-total={rows.length}>
              {finished} of {rows.length} finished
            </span>
            {pending > 0 ? (
              <button className="link" onClick={() => rows.forEach((r) => !FINAL.includes(r.job.state) && void api().invoke('jobs:cancel', { jobId: r.job.id }))}>
                Cancel the rest
              </button>
            ) : (
              <button
                className="link"
                onClick={() => {
                  setBatch(null)
                  setSessions(null)
                }}
              >
                Apply to more sessions
              </button>
            )}
          </div>
          <table className="apply-table">
            <tbody>
              {rows.map((r) => (
                <tr key={r.job.id} data-testid="apply-row" data-state={r.job.state}>
                  <td>{r.sessionName}</td>
                  <td>
                    <JobState job={r.job} />
                  </td>
                  <td>{r.job.state === 'done' && <a href={hrefOf('review', r.sessionId)}>Open in review</a>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {error && (
        <p className="error-text small" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
