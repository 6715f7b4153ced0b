/**
 * `circumplex apply`: the Train page's "Apply to sessions…" from the command line — the same service (every session
 * checked before anything is queued, one inference job per session). `circumplex infer` does the same per session
 * and can also import video files first; `apply` takes sessions that are already in the store.
 */
import { AppError } from '../../../shared/ipc/errors'
import type { JobInfo } from '../../../shared/domain'
import { getRun } from '../../db/queries/runs'
import { listSessions } from '../../db/queries/sessions'
import { applyKind, applyRefusal, applyService } from '../../services/training/apply-service'
import { flagBool, flagString } from '../args'
import type { CliCommand } from '../command'
import { assertKnownFlags } from '../affect/cli-io'
import { openCliRuntime } from '../cli-runtime'

const USAGE = `circumplex apply --run <run-id> (<session-id> … | --all) [--json] [--data-dir DIR]
  Predicts per-frame valence/arousal with a finished run on sessions of the store: one job per session, run one
  after the other, each stored as a prediction trace linked to the run (review shows it). ANCLaF stage-1 runs
  use their best checkpoint, sequence runs their final stage (see 'circumplex infer' for --stage and video files).
  Every session is checked first (a face track; audio for audio models): one that cannot be used refuses the
  whole batch with its reason, before anything runs. --all takes every session the run can use and names the
  ones it skips. Ctrl+C cancels the running job and the queued ones; finished sessions keep their trace.`

interface ApplyOutput {
  readonly sessionId: string
  readonly sessionName: string
  readonly state: JobInfo['state']
  readonly traceId: string | null
  readonly error: string | null
}

export const applyCommand: CliCommand = {
  name: 'apply',
  summary: 'Apply a finished run to many sessions of the store (batch of prediction jobs)',
  usage: USAGE,
  async run(args, ctx) {
    assertKnownFlags(args, ['run', 'all', 'json', 'data-dir'])
    const runId = flagString(args, 'run')
    if (!runId) throw new AppError('INVALID_ARGUMENT', '--run <run-id> is required')
    const all = flagBool(args, 'all')
    if (args.positionals.length === 0 && !all) throw new AppError('INVALID_ARGUMENT', 'name sessions: session ids, or --all')
    const runtime = openCliRuntime(args, ctx)
    const jobs = runtime.ctx.jobs
    const traces = new Map<string, string>()
    let ids: string[] = []
    const onSignal = () => ids.forEach((id) => jobs.cancel(id))
    process.once('SIGINT', onSignal)
    const off = jobs.on((j) => {
      if (ids.includes(j.id) && j.state === 'running' && j.total > 0) ctx.err(`\r${j.label}: ${Math.round(j.done)}/${Math.round(j.total)}   `)
    })
    const out: ApplyOutput[] = []
    try {
      const sessionIds = [...args.positionals]
      if (all) {
        const run = getRun(runtime.ctx.db, runId)
        if (!run) throw new AppError('NOT_FOUND', `no run ${runId}`)
        const kind = applyKind(runtime.ctx, run)
        for (const s of listSessions(runtime.ctx.db)) {
          if (sessionIds.includes(s.id)) continue
          const why = applyRefusal(runtime.ctx, run, kind, s.id)
          if (why) ctx.err(`skipped ${s.id} (${s.name}): ${why.message}\n`)
          else sessionIds.push(s.id)
        }
        if (sessionIds.length === 0) throw new AppError('NOT_FOUND', `no session of the store can be used by run ${runId}`)
      }
      const batch = applyService(runtime.ctx).apply(runId, sessionIds, (sid, tid) => traces.set(sid, tid))
      ids = batch.items.map((i) => i.job.id)
      for (const item of batch.items) {
        const end = await jobs.wait(item.job.id)
        ctx.err('\n')
        out.push({
          sessionId: item.sessionId,
          sessionName: item.sessionName,
          state: end.state,
          traceId: traces.get(item.sessionId) ?? null,
          error: end.error ? `${end.error.code}: ${end.error.message}` : null
        })
      }
    } finally {
      off()
      process.removeListener('SIGINT', onSignal)
      await runtime.close()
    }
    if (flagBool(args, 'json')) ctx.out(JSON.stringify(out, null, 2) + '\n')
    else for (const r of out) ctx.out(`${r.sessionId} (${r.sessionName}): ${r.state}${r.traceId ? `, trace ${r.traceId}` : ''}${r.error ? ` — ${r.error}` : ''}\n`)
    const failed = out.filter((r) => r.state !== 'done')
    if (failed.length > 0) {
      const cancelled = failed.every((r) => r.state === 'cancelled')
      throw new AppError(cancelled ? 'CANCELLED' : 'JOB_FAILED', `${failed.length} of ${out.length} session(s) got no prediction: ${failed.map((r) => r.sessionName).join(', ')}`)
    }
    return 0
  }
}
