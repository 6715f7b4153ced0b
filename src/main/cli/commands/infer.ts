import { existsSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { openCliRuntime } from '../cli-runtime'
import { getRun } from '../../db/queries/runs'
import { getSession } from '../../db/queries/sessions'
import { importService } from '../../services/import/import-service'
import { inferenceService, resolveCheckpoint } from '../../services/training/training-service'
import { isSequenceRun } from '../../services/training/sequence-service'
import { AP_INFER_USAGE, apSessionRefusal, isApRun, startApInfer } from './infer-ap'
import { isMtlRunRef, MTL_INFER_USAGE, runMtlInfer } from './infer-mtl'
import { AEG_INFER_USAGE, isAegRunRef, runAegInfer } from './infer-aeg'
import { sequenceInferenceService, sessionRefusal } from '../../services/training/sequence-infer-service'
import type { SequenceConfig } from '../../engine/models/sequence/config'
import { flagBool, flagString } from '../args'
import type { CliCommand, CliContext } from '../command'
import { assertKnownFlags } from '../affect/cli-io'
import type { AppRuntime } from '../../app/bootstrap'
import { jobEndError, sessionsForAll, watchJobs } from './cli-jobs'

const USAGE = `circumplex infer --run <run-id|checkpoint path> (--session ID[,ID…] | --all | <session-id|video path> …)
                [--stage NAME] [--json] [--data-dir DIR]
  Writes one prediction trace per session, linked to the run (traces.source_type 'model_run', source_id = run id).
  Stage-1 (ANCLaF) runs: V/A + per-frame quadrant probabilities ('quadrant_probs', 4 per frame; NaN where no face).
  A video path is imported first (with face tracking: the landmarks feed the crops).
  Sequence runs (anclaf-s/sa, vi-des, au-des, avi-cas, avi-gas): the trace is named after the stage (e.g.
  'AVi-GaS-8'; --stage picks another curriculum stage, default the final one), values on [-1, 1], and per-frame
  extras in trace_extras (little-endian float32 blobs, frame_count × dims, NaN = none):
    attention       dims n: row f, column l = weight frame f's step gives to frame f − (n − 1) + l; column n − 1
                    (the frame itself) is NaN (attention is over previous states); rows without a prediction NaN
    gate_mean       dims 1: mean over units of ZG, the weight on the VISUAL branch (AVi-GaS)
    gate_stats      dims 4: mean, std, min, max of ZG over units (AVi-GaS)
    quadrant_probs  dims 4: where the model has a quadrant head
  Latents come from <data-dir>/latents/<stage-1 run>/<session>.bin (computed on first use). Models reading audio
  refuse sessions without an audio track; image models need a face track. --all runs every session that has what
  the model needs and names the ones it skips.
  See them: circumplex extras --run <run-id> (or --trace ID --kind attention --from F --to T), or in SQL:
    sqlite3 <data-dir>/circumplex.sqlite "SELECT t.session_id, t.name, e.kind, e.dims, e.frame_count
      FROM trace_extras e JOIN traces t ON t.id = e.trace_id WHERE t.source_id = '<run-id>'"
${AP_INFER_USAGE}
${MTL_INFER_USAGE}
${AEG_INFER_USAGE}
  Ctrl+C cancels.`

interface InferOutput {
  readonly input: string
  readonly sessionId: string
  readonly traceId: string
  readonly frames: number
  readonly predicted: number
  readonly stage?: string
  readonly extras?: string[]
}

async function sessionsOf(runtime: AppRuntime, inputs: readonly string[], ctx: CliContext, jobs: AppRuntime['ctx']['jobs'], setCurrent: (id: string) => void): Promise<Array<{ input: string; sessionId: string }>> {
  const out: Array<{ input: string; sessionId: string }> = []
  for (const input of inputs) {
    if (getSession(runtime.ctx.db, input)) {
      out.push({ input, sessionId: input })
      continue
    }
    const path = resolve(ctx.cwd, input)
    if (!existsSync(path)) throw new AppError('NOT_FOUND', `'${input}' is neither a session id nor a video file`)
    let stored: string | null = null
    const job = importService(runtime.ctx).start(path, { name: basename(path), faces: true, spectrogram: true, onStored: (id) => (stored = id) })
    setCurrent(job.id)
    const end = await jobs.wait(job.id)
    if (end.state !== 'done' || !stored) throw new AppError(end.state === 'cancelled' ? 'CANCELLED' : 'JOB_FAILED', `${path}: import ${end.error?.message ?? end.state}`)
    out.push({ input, sessionId: stored })
  }
  return out
}

export const inferCommand: CliCommand = {
  name: 'infer',
  summary: 'Predict per-frame valence/arousal with a trained run (stage 1 or sequence: + attention, gates) on sessions',
  usage: USAGE,
  async run(args, ctx) {
    if (isMtlRunRef(flagString(args, 'run'))) return runMtlInfer(args, ctx)
    if (isAegRunRef(flagString(args, 'run'))) return runAegInfer(args, ctx)
    assertKnownFlags(args, ['run', 'session', 'all', 'stage', 'samples', 'json', 'data-dir'])
    const ref = flagString(args, 'run')
    if (!ref) throw new AppError('INVALID_ARGUMENT', '--run <run-id|checkpoint path> is required')
    const listed = (flagString(args, 'session') ?? '').split(',').map((s) => s.trim()).filter(Boolean)
    const all = flagBool(args, 'all')
    if (args.positionals.length === 0 && listed.length === 0 && !all) throw new AppError('INVALID_ARGUMENT', 'name sessions: --session ID, --all, or session ids / video files')
    const runtime = openCliRuntime(args, ctx)
    const jobs = runtime.ctx.jobs
    const watch = watchJobs(jobs, ctx)
    const results: InferOutput[] = []
    try {
      const run = getRun(runtime.ctx.db, ref)
      const sequence = run !== null && isSequenceRun(run)
      const ap = run !== null && isApRun(run)
      const inputs = [...args.positionals, ...listed]
      const targets = await sessionsOf(runtime, inputs, ctx, jobs, watch.follow)
      if (all) {
        const cfg = sequence ? (JSON.parse(run.configJson) as { config: SequenceConfig }).config : null
        const refusal = (id: string) => (cfg ? sessionRefusal(runtime.ctx, cfg, id) : ap ? apSessionRefusal(runtime.ctx, id) : null)
        for (const s of sessionsForAll(runtime.ctx, ctx, (id) => targets.some((t) => t.sessionId === id), refusal)) targets.push({ input: s.name, sessionId: s.id })
      }
      const ckpt = sequence || ap ? null : resolveCheckpoint(runtime.ctx, ref, ctx.cwd)
      if (!sequence && flagString(args, 'stage')) throw new AppError('INVALID_ARGUMENT', '--stage applies to sequence runs only')
      for (const t of targets) {
        let out: InferOutput | null = null
        const job = ap
          ? startApInfer(runtime.ctx, run, t.sessionId, args, (o) => (out = { ...t, ...o }))
          : sequence
          ? sequenceInferenceService(runtime.ctx).start(t.sessionId, run, { stage: flagString(args, 'stage') }, (traceId, r) => {
              out = { ...t, traceId, frames: r.valence.length, predicted: r.valence.filter((v) => !Number.isNaN(v)).length, stage: r.stage, extras: r.extras.map((e) => e.kind) }
            })
          : inferenceService(runtime.ctx).start(t.sessionId, ckpt!, (traceId, r) => {
              out = { ...t, traceId, frames: r.valence.length, predicted: r.valence.filter((v) => !Number.isNaN(v)).length }
            })
        watch.follow(job.id)
        const end = await jobs.wait(job.id)
        ctx.err('\n')
        if (end.state !== 'done' || !out) throw jobEndError(end, ['CONFLICT', 'MEDIA_NO_AUDIO'], t.input)
        results.push(out)
      }
    } finally {
      watch.close()
      await runtime.close()
    }
    if (flagBool(args, 'json')) ctx.out(JSON.stringify(results, null, 2) + '\n')
    else {
      for (const r of results) {
        ctx.out(`${r.input} → session ${r.sessionId}: trace ${r.traceId}${r.stage ? ` '${r.stage}'` : ''} (${r.frames} frames, ${r.predicted} predicted)${r.extras?.length ? `; extras: ${r.extras.join(', ')}` : ''}\n`)
      }
    }
    return 0
  }
}
