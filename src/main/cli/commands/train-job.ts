/**
 * Runs one training job from `circumplex train` (the AP and multi-task paths): opens the store, starts the run through
 * its service, prints the job's progress on stderr (Ctrl-C cancels it), waits for the end and prints the result
 * (JSON with --json, else the family's report). A job that did not finish becomes an AppError: CANCELLED, the job's
 * own code where it is one of `passThrough`, else JOB_FAILED.
 */
import type { JobInfo } from '../../../shared/domain'
import { AppError, isAppErrorCode, type AppErrorCode } from '../../../shared/ipc/errors'
import type { RunRow } from '../../db/queries/runs'
import type { AppContext } from '../../services/app-context'
import { openCliRuntime } from '../cli-runtime'
import { flagBool } from '../args'
import type { CliContext, ParsedArgs } from '../command'
import { watchJobs } from './cli-jobs'

export type StartTraining<R> = (app: AppContext, onDone: (run: RunRow, end: JobInfo, result: R | null) => void) => { job: JobInfo; run: RunRow }

export async function runTrainingJob<R>(
  args: ParsedArgs,
  ctx: CliContext,
  start: StartTraining<R>,
  passThrough: readonly AppErrorCode[],
  report: (r: R) => string
): Promise<number> {
  const runtime = openCliRuntime(args, ctx)
  const watch = watchJobs(runtime.ctx.jobs, ctx, true)
  try {
    const r = await new Promise<{ result: R | null; runId: string; state: string; error: string | null; code: string | null }>((res, rej) => {
      try {
        const { job, run } = start(runtime.ctx, (stored, end, result) =>
          res({ result, runId: stored.id, state: end.state, error: end.error ? `${end.error.code}: ${end.error.message}` : null, code: end.error?.code ?? null })
        )
        watch.follow(job.id)
        ctx.err(`run ${run.id}\n`)
      } catch (e) {
        rej(e)
      }
    })
    ctx.err('\n')
    if (r.state !== 'done' || !r.result) {
      const code = r.state === 'cancelled' ? 'CANCELLED' : r.code && isAppErrorCode(r.code) && passThrough.includes(r.code) ? r.code : 'JOB_FAILED'
      throw new AppError(code, `run ${r.runId}: ${r.error ?? r.state}`)
    }
    ctx.out(flagBool(args, 'json') ? JSON.stringify(r.result, null, 2) + '\n' : report(r.result) + '\n')
    return 0
  } finally {
    watch.close()
    await runtime.close()
  }
}
