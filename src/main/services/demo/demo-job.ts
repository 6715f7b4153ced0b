import { AppError } from '../../../shared/ipc/errors'
import { generateSession } from '../../datasets/synth/generate-session'
import { computeSessionSpectrogram, spectrogramCacheKey, writeSpectrogramCache } from '../../media/audio'
import { hashFile } from '../../media/content-hash'
import type { JobHandler } from '../../jobs/protocol'

export interface DemoJobArgs {
  readonly outDir: string
  readonly seed: number
  readonly seconds: number
  readonly fps: number
  readonly size: number
  /** Where the session spectrogram is cached (the data dir's cache); without it none is computed. */
  readonly cacheDir?: string
}

export interface DemoSpectrogram {
  readonly cacheKey: string
  readonly sampleRate: number
  readonly hop: number
  readonly nMels: number
  readonly columns: number
  readonly audioDurationS: number
  readonly params: Record<string, unknown>
}

export interface DemoJobResult {
  readonly videoPath: string
  readonly frameCount: number
  readonly fps: number
  readonly width: number
  readonly height: number
  readonly valence: Float32Array
  readonly arousal: Float32Array
  /** The synthetic face's true 68 landmarks per frame (frameCount × 68 × 2). */
  readonly landmarks?: Float32Array
  readonly contentHash?: string
  readonly spectrogram?: DemoSpectrogram | null
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
  let spectrogram: DemoSpectrogram | null = null
  let contentHash: string | undefined
  if (typeof args.cacheDir === 'string') {
    // The same session spectrogram an import computes (librosa defaults, sample 0 = frame 0's instant).
    contentHash = await hashFile(r.videoPath, ctx.signal)
    const s = await computeSessionSpectrogram(r.videoPath, { originSec: 0, signal: ctx.signal })
    const key = spectrogramCacheKey(contentHash, s.spectrogram.params)
    await writeSpectrogramCache(args.cacheDir, key, s.spectrogram)
    const p = s.spectrogram.params
    spectrogram = {
      cacheKey: key,
      sampleRate: p.sampleRate,
      hop: p.hopLength,
      nMels: p.nMels,
      columns: s.spectrogram.frames,
      audioDurationS: s.audioDurationSec,
      params: { ...p, originSec: s.spectrogram.originSec, frameZeroIsTimeZero: true }
    }
  }
  const result: DemoJobResult = {
    videoPath: r.videoPath,
    frameCount: r.frameCount,
    fps: r.fps,
    width: args.size,
    height: args.size,
    valence: r.valence,
    arousal: r.arousal,
    landmarks: r.landmarks,
    contentHash,
    spectrogram
  }
  return result
}
