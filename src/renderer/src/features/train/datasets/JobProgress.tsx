import type { JobInfo } from '../../../../../shared/domain'
import { api } from '../../../api'
import { isActive } from './use-job'

function eta(s: number | null): string {
  if (s === null) return ''
  return s < 60 ? ` · ${Math.ceil(s)} s left` : ` · ${Math.floor(s / 60)} min left`
}

/** Progress of a dataset job with Cancel, or why it failed. */
export function JobProgress({ job }: { job: JobInfo | null }) {
  if (!job) return null
  if (job.state === 'failed') return <p className="error-text small" role="alert" data-testid="dataset-job-error">{`${job.error?.code ?? 'JOB_FAILED'}: ${job.error?.message ?? 'failed'}`}</p>
  if (job.state === 'cancelled') return <p className="muted small">Cancelled — nothing was registered.</p>
  if (!isActive(job)) return null
  const pct = job.total > 0 ? Math.round((100 * job.done) / job.total) : 0
  return (
    <div className="ds-job" data-testid="dataset-job">
      <progress max={100} value={pct} aria-label={`${job.label} progress`} />
      <span className="small muted">
        {job.state === 'queued' ? 'queued' : `${job.done} / ${job.total}${eta(job.etaS)}`}
      </span>
      <button type="button" className="link" onClick={() => void api().invoke('jobs:cancel', { jobId: job.id })}>
        Cancel
      </button>
    </div>
  )
}
