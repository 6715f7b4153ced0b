import { useEffect, useState } from 'react'
import type { JobInfo } from '../../../shared/domain'
import { api } from '../api'
import { dismissJob, dismissedJobs, trayJobs } from './job-tray-logic'

function eta(s: number | null): string {
  if (s === null) return ''
  if (s < 60) return `${Math.ceil(s)} s left`
  return `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s left`
}

/** Running and recent jobs with progress bars and cancel; re-attaches to main's jobs after a reload. */
export function JobTray() {
  const [jobs, setJobs] = useState<ReadonlyMap<string, JobInfo>>(new Map())
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => dismissedJobs(window.localStorage))
  useEffect(() => {
    const client = api()
    void client.invoke('jobs:list', {}).then((list) => setJobs(new Map(list.map((j) => [j.id, j]))))
    return client.on('job:progress', (j) => setJobs((m) => new Map(m).set(j.id, j)))
  }, [])
  const visible = trayJobs([...jobs.values()], dismissed)
  if (visible.length === 0) return null
  return (
    <aside className="job-tray" aria-label="Jobs">
      {visible.map((j) => {
        const pct = j.total > 0 ? Math.round((100 * j.done) / j.total) : 0
        return (
          <div key={j.id} className={`job job-${j.state}`} data-testid="job" data-state={j.state}>
            <div className="job-head">
              <span className="job-label">{j.label}</span>
              {(j.state === 'running' || j.state === 'queued') && (
                <button className="link" onClick={() => void api().invoke('jobs:cancel', { jobId: j.id })}>
                  Cancel
                </button>
              )}
              {j.state === 'failed' && (
                <button className="link" data-testid="job-dismiss" title="Hide this failed job (its run or session keeps the error)" onClick={() => setDismissed(dismissJob(window.localStorage, j.id))}>
                  Dismiss
                </button>
              )}
            </div>
            {j.state === 'failed' ? (
              <div className="job-error">
                {j.error?.code}: {j.error?.message}
              </div>
            ) : (
              <>
                <progress max={100} value={pct} aria-label={`${j.label} progress`} />
                <div className="job-meta">
                  {j.state === 'queued' ? 'queued' : `${j.done} / ${j.total}`} {eta(j.etaS)}
                </div>
              </>
            )}
          </div>
        )
      })}
    </aside>
  )
}
