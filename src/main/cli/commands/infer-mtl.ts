/** `circumplex infer --run mtl-… …`: the multi-task model on imported sessions (V/A trace + AU / expression extras). */
import { AppError } from '../../../shared/ipc/errors'
import { getRun } from '../../db/queries/runs'
import { getSession } from '../../db/queries/sessions'
import { mtlInferenceService, mtlSessionRefusal } from '../../services/mtl/mtl-infer-service'
import { isMtlRun, MTL_RUN_PREFIX } from '../../services/mtl/mtl-service'
import { openCliRuntime } from '../cli-runtime'
import { flagBool, flagString } from '../args'
import type { CliContext, ParsedArgs } from '../command'
import { assertKnownFlags } from '../affect/cli-io'
import { jobEndError, sessionsForAll, watchJobs } from './cli-jobs'

export const MTL_INFER_USAGE = `  MTL runs (run ids mtl-…): one trace 'MTL' per session (V/A on [−1, 1]) with extras au_probs (dims 12: AU1, AU2,
  AU4, AU6, AU7, AU10, AU12, AU15, AU23, AU24, AU25, AU26) and expr_probs (dims 8: Neutral, Anger, Disgust, Fear,
  Happiness, Sadness, Surprise, Other); NaN rows where there is no face. Sessions are given by id (or --all).`

/** Whether `--run` names a multi-task run (by its id; the store confirms it). */
export function isMtlRunRef(ref: string | undefined): boolean {
  return ref !== undefined && ref.startsWith(MTL_RUN_PREFIX)
}

interface MtlInferOutput {
  readonly sessionId: string
  readonly name: string
  readonly traceId: string
  readonly frames: number
  readonly predicted: number
  readonly extras: string[]
}

export async function runMtlInfer(args: ParsedArgs, ctx: CliContext): Promise<number> {
  assertKnownFlags(args, ['run', 'session', 'all', 'json', 'data-dir'])
  const ref = flagString(args, 'run')!
  const listed = [...args.positionals, ...(flagString(args, 'session') ?? '').split(',')].map((s) => s.trim()).filter(Boolean)
  const all = flagBool(args, 'all')
  if (listed.length === 0 && !all) throw new AppError('INVALID_ARGUMENT', 'name sessions: --session ID[,ID…] or --all')
  const runtime = openCliRuntime(args, ctx)
  const jobs = runtime.ctx.jobs
  const watch = watchJobs(jobs, ctx)
  const results: MtlInferOutput[] = []
  try {
    const run = getRun(runtime.ctx.db, ref)
    if (!run || !isMtlRun(run)) throw new AppError('NOT_FOUND', `no multi-task run '${ref}' in this data directory`)
    const targets: string[] = []
    for (const id of listed) {
      if (!getSession(runtime.ctx.db, id)) throw new AppError('NOT_FOUND', `no session '${id}' (import videos first: circumplex import …)`)
      targets.push(id)
    }
    if (all) targets.push(...sessionsForAll(runtime.ctx, ctx, (id) => targets.includes(id), (id) => mtlSessionRefusal(runtime.ctx, id)).map((s) => s.id))
    for (const sessionId of targets) {
      let out: MtlInferOutput | null = null
      const job = mtlInferenceService(runtime.ctx).start(sessionId, run, (traceId, r) => {
        out = { sessionId, name: getSession(runtime.ctx.db, sessionId)?.name ?? sessionId, traceId, frames: r.valence.length, predicted: r.validFrames, extras: r.extras.map((e) => e.kind) }
      })
      watch.follow(job.id)
      const end = await jobs.wait(job.id)
      ctx.err('\n')
      if (end.state !== 'done' || !out) throw jobEndError(end, ['CONFLICT', 'NOT_FOUND'], sessionId)
      results.push(out)
    }
  } finally {
    watch.close()
    await runtime.close()
  }
  if (flagBool(args, 'json')) ctx.out(JSON.stringify(results, null, 2) + '\n')
  else for (const r of results) ctx.out(`${r.name} → session ${r.sessionId}: trace ${r.traceId} 'MTL' (${r.frames} frames, ${r.predicted} predicted); extras: ${r.extras.join(', ')}\n`)
  return 0
}
