import { useState } from 'react'
import type { RunSummary } from '../../../../../shared/runs'
import { RESTARTING_MODELS, type RunJob } from '../../../../../shared/training'
import { api } from '../../../api'

type Action = 'pause' | 'resume' | 'cancel'

/** Whether the run's model trains again from the start when resumed (AP, MTL): no pause for those. */
export function restartsWhenResumed(run: Pick<RunSummary, 'model'>): boolean {
  return RESTARTING_MODELS.includes(run.model)
}

/** What a run's state allows: pause / cancel while it trains here; resume or give up once it stopped. */
export function allowedActions(run: Pick<RunSummary, 'status' | 'stopReason' | 'model'>, job: RunJob | null): Action[] {
  const here = job !== null && (job.state === 'queued' || job.state === 'running')
  if (here) return restartsWhenResumed(run) ? ['cancel'] : ['pause', 'cancel']
  if (restartsWhenResumed(run) && (run.status === 'failed' || run.status === 'cancelled')) return ['resume']
  if (run.status === 'failed' || run.status === 'cancelled') {
    return run.stopReason === 'paused' || run.stopReason === 'crashed' || run.status === 'failed' ? ['resume', 'cancel'] : ['resume']
  }
  return []
}

const LABEL: Record<Action, string> = { pause: 'Pause', resume: 'Resume', cancel: 'Cancel run' }
const TITLE: Record<Action, string> = {
  pause: 'Stop after the current step; the last checkpoint is kept and the run can resume',
  resume: 'Continue from the last checkpoint (the data are checked first)',
  cancel: 'Stop for good (the checkpoints stay on disk)'
}

/** Pause / Resume / Cancel of the run in the detail pane. */
export function RunControls({ run, job, onChanged }: { run: RunSummary; job: RunJob | null; onChanged: () => void }) {
  const [busy, setBusy] = useState<Action | null>(null)
  const [error, setError] = useState<string | null>(null)
  const actions = allowedActions(run, job)
  const restarts = restartsWhenResumed(run)
  const runningElsewhere = actions.length === 0 && (run.status === 'running' || run.status === 'queued')
  const act = async (a: Action) => {
    setBusy(a)
    setError(null)
    try {
      if (a === 'pause') await api().invoke('runs:pause', { runId: run.id })
      else if (a === 'cancel') await api().invoke('runs:cancel', { runId: run.id })
      else await api().invoke('runs:resume', { runId: run.id })
    } catch (e) {
      const err = e as { code?: string; message?: string }
      setError(`${err.code ?? 'INTERNAL'}: ${err.message ?? String(e)}`)
    } finally {
      setBusy(null)
      onChanged()
    }
  }
  if (actions.length === 0 && !runningElsewhere && !error) return null
  return (
    <div className="run-controls" data-testid="run-controls">
      {actions.map((a) => (
        <button
          key={a}
          type="button"
          className={a === 'resume' ? '' : 'small-btn'}
          disabled={busy !== null}
          title={restarts && a === 'resume' ? 'This model restarts when resumed: it trains again from the start with the same settings (the data are checked first)' : TITLE[a]}
          onClick={() => void act(a)}
          data-testid={`run-${a}`}
        >
          {busy === a ? `${restarts && a === 'resume' ? 'Train again' : LABEL[a]}…` : restarts && a === 'resume' ? 'Train again' : LABEL[a]}
        </button>
      ))}
      {restarts && actions.includes('cancel') && (
        <span className="muted small" data-testid="no-pause-note">
          No pause: this model restarts when resumed.
        </span>
      )}
      {runningElsewhere && <span className="muted small">Trained by another process (e.g. circumplex train): watch it here, stop it there.</span>}
      {error && (
        <p className="error-text small" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
