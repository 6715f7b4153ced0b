import { existsSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { openCliRuntime } from '../cli-runtime'
import { getSession } from '../../db/queries/sessions'
import { importService } from '../../services/import/import-service'
import { inferenceService, resolveCheckpoint } from '../../services/training/training-service'
import { flagBool, flagString } from '../args'
import type { CliCommand } from '../command'
import { assertKnownFlags } from '../affect/cli-io'

export const inferCommand: CliCommand = {
  name: 'infer',
  summary: 'Predict per-frame valence/arousal (+ quadrant probabilities) with a trained run on sessions or videos',
  usage: `circumplex infer --run <run-id|checkpoint path> <session-id|video path> [...] [--json] [--data-dir DIR]
  Writes one prediction trace per input, linked to the run (source model_run), with per-frame quadrant
  probabilities in the trace extras ('quadrant_probs', 4 per frame; NaN where no face). A video path is imported
  first (with face tracking: the landmarks feed the crops). Ctrl+C cancels.`,
  async run(args, ctx) {
    assertKnownFlags(args, ['run', 'json', 'data-dir'])
    const ref = flagString(args, 'run')
    if (!ref) throw new AppError('INVALID_ARGUMENT', '--run <run-id|checkpoint path> is required')
    if (args.positionals.length === 0) throw new AppError('INVALID_ARGUMENT', 'name at least one session id or video file')
    const runtime = openCliRuntime(args, ctx)
    const jobs = runtime.ctx.jobs
    let current: string | null = null
    const onSignal = () => current && jobs.cancel(current)
    process.once('SIGINT', onSignal)
    const off = jobs.on((j) => {
      if (j.id === current && j.state === 'running' && j.total > 0) ctx.err(`\r${j.label}: ${j.done}/${j.total}   `)
    })
    const results: Array<{ input: string; sessionId: string; traceId: string; frames: number; faces: number }> = []
    try {
      const ckpt = resolveCheckpoint(runtime.ctx, ref, ctx.cwd)
      for (const input of args.positionals) {
        let sessionId = input
        if (!getSession(runtime.ctx.db, input)) {
          const path = resolve(ctx.cwd, input)
          if (!existsSync(path)) throw new AppError('NOT_FOUND', `'${input}' is neither a session id nor a video file`)
          let stored: string | null = null
          const job = importService(runtime.ctx).start(path, { name: basename(path), faces: true, spectrogram: false, onStored: (id) => (stored = id) })
          current = job.id
          const end = await jobs.wait(job.id)
          if (end.state !== 'done' || !stored) throw new AppError(end.state === 'cancelled' ? 'CANCELLED' : 'JOB_FAILED', `${path}: import ${end.error?.message ?? end.state}`)
          sessionId = stored
        }
        let traceId: string | null = null
        let faces = 0
        let frames = 0
        const job = inferenceService(runtime.ctx).start(sessionId, ckpt, (id, r) => {
          traceId = id
          frames = r.valence.length
          faces = r.valence.filter((v) => !Number.isNaN(v)).length
        })
        current = job.id
        const end = await jobs.wait(job.id)
        ctx.err('\n')
        if (end.state !== 'done' || !traceId) throw new AppError(end.state === 'cancelled' ? 'CANCELLED' : 'JOB_FAILED', `${input}: ${end.error?.message ?? end.state}`)
        results.push({ input, sessionId, traceId, frames, faces })
      }
    } finally {
      off()
      process.removeListener('SIGINT', onSignal)
      await runtime.close()
    }
    if (flagBool(args, 'json')) ctx.out(JSON.stringify(results, null, 2) + '\n')
    else for (const r of results) ctx.out(`${r.input} → session ${r.sessionId}: trace ${r.traceId} (${r.frames} frames, ${r.faces} with a face)\n`)
    return 0
  }
}
