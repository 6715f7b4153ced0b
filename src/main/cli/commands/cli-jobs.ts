/**
 * What the job-running CLI commands (`infer`, `train --model ap|mtl`) share: the followed job's progress on stderr
 * with Ctrl-C cancelling it, the error a job that did not finish becomes, and the sessions `--all` adds.
 */
import type { JobInfo } from '../../../shared/domain'
import { AppError, isAppErrorCode, type AppErrorCode } from '../../../shared/ipc/errors'
import { listSessions } from '../../db/queries/sessions'
import type { AppContext } from '../../services/app-context'
import type { CliContext } from '../command'
import { eta } from './train-common'

export interface JobWatch {
  /** The job whose progress is printed and which Ctrl-C cancels. */
  follow(jobId: string): void
  close(): void
}

/** Prints `label: done/total` (+ ETA with `withEta`) of the followed job; SIGINT cancels it. close() detaches both. */
export function watchJobs(jobs: AppContext['jobs'], ctx: CliContext, withEta = false): JobWatch {
  let current: string | null = null
  const onSignal = () => current && jobs.cancel(current)
  process.once('SIGINT', onSignal)
  const off = jobs.on((j) => {
    if (j.id === current && j.state === 'running' && j.total > 0) ctx.err(`\r${j.label}: ${Math.round(j.done)}/${Math.round(j.total)}${withEta ? eta(j.etaS) : ''}   `)
  })
  return {
    follow: (jobId) => {
      current = jobId
    },
    close: () => {
      off()
      process.removeListener('SIGINT', onSignal)
    }
  }
}

/** A job that ended without its result: CANCELLED, its own code where that is one of `passThrough`, else JOB_FAILED. */
export function jobEndError(end: JobInfo, passThrough: readonly AppErrorCode[], what: string): AppError {
  const own = end.error?.code
  const code = end.state === 'cancelled' ? 'CANCELLED' : own !== undefined && isAppErrorCode(own) && passThrough.includes(own) ? own : 'JOB_FAILED'
  return new AppError(code, `${what}: ${end.error?.message ?? end.state}`)
}

/**
 * `--all`: every session with a video not already `taken`, unless `refusal` names why the model cannot use it
 * (printed as "skipped …" on stderr).
 */
export function sessionsForAll(
  app: AppContext,
  ctx: CliContext,
  taken: (sessionId: string) => boolean,
  refusal: (sessionId: string) => { message: string } | null
): Array<{ id: string; name: string }> {
  const out: Array<{ id: string; name: string }> = []
  for (const s of listSessions(app.db)) {
    if (!s.video || taken(s.id)) continue
    const why = refusal(s.id)
    if (why) ctx.err(`skipped ${s.id} (${s.name}): ${why.message}\n`)
    else out.push({ id: s.id, name: s.name })
  }
  return out
}
