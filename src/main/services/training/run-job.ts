/**
 * A training job that keeps its run row in step (the AP and multi-task services): 'queued' until the runner starts
 * it, then 'running', with the run folder's record copied into the store by `sync` while it runs (the worker
 * rewrites it as epochs / phases end; at most every 2 s, so the app shows the curves live), and when the job ends
 * the final status, backend, wall time and error, then a last sync.
 */
import type { JobInfo } from '../../../shared/domain'
import type { JobSpec } from '../../jobs/job-runner'
import { getRun, setRunStatus, type RunRow } from '../../db/queries/runs'
import type { AppContext } from '../app-context'

export interface RunJobHooks<R> {
  /** After the final status is written, before the last sync (e.g. the registry's stop reason). */
  readonly onEnd?: (end: JobInfo) => void
  readonly onDone?: (run: RunRow, end: JobInfo, result: R | null) => void
}

export function startRunJob<R extends { readonly backend: string }>(
  ctx: AppContext,
  runId: string,
  spec: Omit<JobSpec, 'onResult'>,
  sync: (run: RunRow) => unknown,
  hooks: RunJobHooks<R> = {}
): JobInfo {
  const t0 = Date.now()
  let result: R | null = null
  const job = ctx.jobs.start({
    ...spec,
    onResult: (r) => {
      result = r as R
    }
  })
  let running = false
  let lastSync = 0
  const markRunning = () => {
    running = true
    setRunStatus(ctx.db, runId, { status: 'running', started: true })
  }
  if (ctx.jobs.get(job.id).state === 'running') markRunning()
  else setRunStatus(ctx.db, runId, { status: 'queued' })
  const off = ctx.jobs.on((j) => {
    if (j.id !== job.id || j.state !== 'running') return
    if (!running) markRunning()
    if (Date.now() - lastSync < 2000) return
    lastSync = Date.now()
    try {
      sync(getRun(ctx.db, runId)!)
    } catch {
      // the record mid-rename: the next progress event syncs again
    }
  })
  void ctx.jobs.wait(job.id).then((end) => {
    off()
    const status = end.state === 'done' ? 'done' : end.state === 'cancelled' ? 'cancelled' : 'failed'
    setRunStatus(ctx.db, runId, { status, backend: result?.backend ?? null, finished: true, wallS: (Date.now() - t0) / 1000, error: end.error ? `${end.error.code}: ${end.error.message}` : null })
    hooks.onEnd?.(end)
    try {
      sync(getRun(ctx.db, runId)!)
    } catch {
      // a record cut short by a crash: the store keeps the curves it had
    }
    hooks.onDone?.(getRun(ctx.db, runId)!, end, result)
  })
  return job
}
