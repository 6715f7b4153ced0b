/**
 * `circumplex infer --run <run> …` for a model family whose runs infer one session per job (multi-task, AEG-CD-SZ):
 * names the sessions (--session ID[,ID…] and positionals, or --all for every usable one), runs the family's job per
 * session and prints one line per stored trace (JSON with --json).
 */
import type { JobInfo } from '../../../shared/domain'
import { AppError, type AppErrorCode } from '../../../shared/ipc/errors'
import { getRun, type RunRow } from '../../db/queries/runs'
import { getSession } from '../../db/queries/sessions'
import type { AppContext } from '../../services/app-context'
import { openCliRuntime } from '../cli-runtime'
import { flagBool, flagString } from '../args'
import type { CliContext, ParsedArgs } from '../command'
import { assertKnownFlags } from '../affect/cli-io'
import { jobEndError, sessionsForAll, watchJobs } from './cli-jobs'

export interface InferredSession {
  readonly sessionId: string
  readonly name: string
  readonly traceId: string
  readonly frames: number
  readonly predicted: number
  readonly extras: string[]
}

export interface ModelInferFamily {
  /** 'multi-task', 'AEG-CD-SZ': for messages. */
  readonly label: string
  /** The trace name printed per session. */
  readonly traceName: string
  readonly isRun: (run: RunRow) => boolean
  readonly refusal: (app: AppContext, sessionId: string) => { code: AppErrorCode; message: string } | null
  /** Starts the session's job; `stored` is called with what was stored. */
  readonly start: (app: AppContext, sessionId: string, run: RunRow, stored: (traceId: string, r: { valence: Float32Array; predicted: number; extras: string[] }) => void) => JobInfo
  /** Job error codes shown as they are (others become JOB_FAILED). */
  readonly passThrough: readonly AppErrorCode[]
}

export async function runModelInfer(args: ParsedArgs, ctx: CliContext, f: ModelInferFamily): Promise<number> {
  assertKnownFlags(args, ['run', 'session', 'all', 'json', 'data-dir'])
  const ref = flagString(args, 'run')!
  const listed = [...args.positionals, ...(flagString(args, 'session') ?? '').split(',')].map((s) => s.trim()).filter(Boolean)
  const all = flagBool(args, 'all')
  if (listed.length === 0 && !all) throw new AppError('INVALID_ARGUMENT', 'name sessions: --session ID[,ID…] or --all')
  const runtime = openCliRuntime(args, ctx)
  const jobs = runtime.ctx.jobs
  const watch = watchJobs(jobs, ctx)
  const results: InferredSession[] = []
  try {
    const run = getRun(runtime.ctx.db, ref)
    if (!run || !f.isRun(run)) throw new AppError('NOT_FOUND', `no ${f.label} run '${ref}' in this data directory`)
    const targets: string[] = []
    for (const id of listed) {
      if (!getSession(runtime.ctx.db, id)) throw new AppError('NOT_FOUND', `no session '${id}' (import videos first: circumplex import …)`)
      targets.push(id)
    }
    if (all) targets.push(...sessionsForAll(runtime.ctx, ctx, (id) => targets.includes(id), (id) => f.refusal(runtime.ctx, id)).map((s) => s.id))
    for (const sessionId of targets) {
      let out: InferredSession | null = null
      const job = f.start(runtime.ctx, sessionId, run, (traceId, r) => {
        out = { sessionId, name: getSession(runtime.ctx.db, sessionId)?.name ?? sessionId, traceId, frames: r.valence.length, predicted: r.predicted, extras: r.extras }
      })
      watch.follow(job.id)
      const end = await jobs.wait(job.id)
      ctx.err('\n')
      if (end.state !== 'done' || !out) throw jobEndError(end, f.passThrough, sessionId)
      results.push(out)
    }
  } finally {
    watch.close()
    await runtime.close()
  }
  if (flagBool(args, 'json')) ctx.out(JSON.stringify(results, null, 2) + '\n')
  else for (const r of results) ctx.out(`${r.name} → session ${r.sessionId}: trace ${r.traceId} '${f.traceName}' (${r.frames} frames, ${r.predicted} predicted)${r.extras.length ? `; extras: ${r.extras.join(', ')}` : ''}\n`)
  return 0
}
