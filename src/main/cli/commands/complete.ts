/**
 * `circumplex complete`: "Complete the session" (the annotate workspace's Ctrl+L) from the command line — learns from
 * the rated frames of an annotation and stores a proposal for the rest, with per-frame confidence; prints how it
 * compares with the session's gold / synthetic ground truth when there is one.
 */
import { AppError } from '../../../shared/ipc/errors'
import { MAX_ENSEMBLE_SIZE, type ProposalSummary } from '../../../shared/completion'
import { findAnnotatorTrace, getAnnotatorByName } from '../../db/queries/annotation'
import { getSession, listSessions } from '../../db/queries/sessions'
import { getTraceSummary, listTraces } from '../../db/queries/traces'
import type { AppContext } from '../../services/app-context'
import { completionService } from '../../services/completion/completion-service'
import { flagBool, flagInt, flagString } from '../args'
import type { CliCommand } from '../command'
import { assertKnownFlags } from '../affect/cli-io'
import { openCliRuntime } from '../cli-runtime'

const USAGE = `circumplex complete <session-id|session name> --from <trace-id|annotator name|trace name> [--ensemble N] [--json] [--data-dir DIR]
  Learns from the frames of the trace that have values (e.g. the first 20–50 % an annotator rated) and proposes
  every other frame: a compact ensemble of ridge regressions on the session's own features — the 68 landmarks
  normalised for position, size and in-plane rotation (a dozen face measures: mouth corners, eye opening, brows…)
  and pooled mel bands of the audio — with the ensemble's spread as per-frame confidence (--ensemble, default 5,
  at most ${MAX_ENSEMBLE_SIZE}). Stored as a prediction trace 'Proposal from <who> (first N %)' with a 'confidence'
  extra (dims 2: std V, std A); rated frames are left empty in it. When the session has a gold trace (e.g. the
  synthetic ground truth of the demo) the CCC of the proposal against it on the proposed frames is printed.`

function resolveSession(ctx: AppContext, ref: string): string {
  if (getSession(ctx.db, ref)) return ref
  const named = listSessions(ctx.db).filter((s) => s.name === ref)
  if (named.length === 1) return named[0].id
  if (named.length > 1) throw new AppError('INVALID_ARGUMENT', `${named.length} sessions are named '${ref}': give the session id`)
  throw new AppError('NOT_FOUND', `no session '${ref}' (id or name)`)
}

function resolveTrace(ctx: AppContext, sessionId: string, ref: string): string {
  const t = getTraceSummary(ctx.db, ref)
  if (t && t.sessionId === sessionId) return t.id
  const annotator = getAnnotatorByName(ctx.db, ref)
  const own = annotator ? findAnnotatorTrace(ctx.db, sessionId, annotator.id) : null
  if (own) return own
  const named = listTraces(ctx.db, sessionId).filter((x) => x.name === ref && x.kind !== 'prediction')
  if (named.length === 1) return named[0].id
  throw new AppError('NOT_FOUND', `--from '${ref}' is neither a trace of this session, an annotator with a trace on it, nor a trace name`)
}

const pct = (v: number | null) => (v === null ? '–' : v.toFixed(3))

export const completeCommand: CliCommand = {
  name: 'complete',
  summary: 'Complete a session from its annotated part: propose the rest with per-frame confidence (Ctrl+L in the app)',
  usage: USAGE,
  async run(args, ctx) {
    assertKnownFlags(args, ['from', 'ensemble', 'json', 'data-dir'])
    const [sessionRef, ...rest] = args.positionals
    if (!sessionRef) throw new AppError('INVALID_ARGUMENT', 'name the session to complete')
    if (rest.length > 0) throw new AppError('INVALID_ARGUMENT', `one session at a time (got also: ${rest.join(' ')})`)
    const from = flagString(args, 'from')
    if (!from) throw new AppError('INVALID_ARGUMENT', '--from <trace-id|annotator name> is required')
    const ensemble = flagInt(args, 'ensemble', { min: 1, max: MAX_ENSEMBLE_SIZE })
    const runtime = openCliRuntime(args, ctx)
    const jobs = runtime.ctx.jobs
    let jobId: string | null = null
    const onSignal = () => jobId && jobs.cancel(jobId)
    process.once('SIGINT', onSignal)
    let stored: ProposalSummary | null = null
    try {
      const sessionId = resolveSession(runtime.ctx, sessionRef)
      const traceId = resolveTrace(runtime.ctx, sessionId, from)
      const job = completionService(runtime.ctx).start(sessionId, traceId, { ensemble }, (p) => (stored = p))
      jobId = job.id
      const end = await jobs.wait(job.id)
      if (end.state !== 'done' || !stored) {
        throw new AppError(end.state === 'cancelled' ? 'CANCELLED' : end.error?.code === 'INVALID_ARGUMENT' ? 'INVALID_ARGUMENT' : 'JOB_FAILED', end.error?.message ?? end.state)
      }
    } finally {
      process.removeListener('SIGINT', onSignal)
      await runtime.close()
    }
    const p = stored as ProposalSummary
    if (flagBool(args, 'json')) {
      ctx.out(JSON.stringify(p, null, 2) + '\n')
      return 0
    }
    ctx.out(`${p.name}: trace ${p.traceId}\n`)
    ctx.out(`  learned from ${p.fromName} (${p.annotatedFrames} rated frames); proposed ${p.proposedFrames.valence} valence and ${p.proposedFrames.arousal} arousal frames\n`)
    ctx.out(`  ${p.method}, ${p.ensemble} members, features: ${p.featureGroups.join(' + ')}\n`)
    if (p.check) ctx.out(`  against ${p.check.name} on ${p.check.frames} proposed frames: CCC valence ${pct(p.check.cccValence)}, arousal ${pct(p.check.cccArousal)}\n`)
    else ctx.out('  no gold trace on this session to check the proposal against\n')
    return 0
  }
}
