import { AppError } from '../../../shared/ipc/errors'
import { generateSession } from '../../datasets/synth/generate-session'
import type { JobHandler } from '../../jobs/protocol'

export interface DemoJobArgs {
  readonly outDir: string
  readonly seed: number
  readonly seconds: number
  readonly fps: number
  readonly size: number
}

export interface DemoJobResult {
  readonly videoPath: string
  readonly frameCount: number
  readonly fps: number
  readonly width: number
  readonly height: number
  readonly valence: Float32Array
  readonly arousal: Float32Array
}

function isDemoArgs(a: unknown): a is DemoJobArgs {
  if (typeof a !== 'object' || a === null) return false
  const o = a as Record<string, unknown>
  return typeof o.outDir === 'string' && [o.seed, o.seconds, o.fps, o.size].every((v) => typeof v === 'number' && Number.isFinite(v))
}

/** Worker-side body of the demo job: renders a short synthetic face session with known V/A. */
export const demoGenerateJob: JobHandler = async (args, ctx) => {
  if (!isDemoArgs(args)) throw new AppError('INVALID_ARGUMENT', 'demo job arguments are malformed')
  const r = await generateSession(
    {
      subjectId: 'demo-subject',
      sessionId: 'circumplex-demo',
      seed: args.seed,
      seconds: args.seconds,
      fps: args.fps,
      width: args.size,
      height: args.size,
      degrade: false
    },
    args.outDir,
    { onProgress: (d, t) => ctx.progress(d, t), signal: ctx.signal }
  )
  const result: DemoJobResult = {
    videoPath: r.videoPath,
    frameCount: r.frameCount,
    fps: r.fps,
    width: args.size,
    height: args.size,
    valence: r.valence,
    arousal: r.arousal
  }
  return result
}
