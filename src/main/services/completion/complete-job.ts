/**
 * 'session:complete' job body (worker thread): reads the session spectrogram from the cache (when there is one), then
 * fits the completion ensemble on the annotated frames and proposes the rest (engine/models/completion). Nothing is
 * written here: main stores the proposal in one transaction when the result arrives.
 */
import { AppError } from '../../../shared/ipc/errors'
import type { CompletionMethod } from '../../../shared/completion'
import { completeSession, CompletionError, DEFAULT_COMPLETION, type CompletionResult } from '../../engine/models/completion/complete'
import type { SpectrogramInput } from '../../engine/models/completion/audio-features'
import type { MelParams } from '../../media/audio/mel-params'
import { readSpectrogramCache } from '../../media/audio/spectrogram-cache'
import type { JobHandler } from '../../jobs/protocol'

export interface CompleteJobArgs {
  readonly frames: number
  readonly fps: number
  /** frames × 136, NaN without a face; null without a face track. */
  readonly landmarks: Float32Array | null
  readonly spectrogram: { readonly cacheDir: string; readonly cacheKey: string; readonly params: MelParams } | null
  /** Presentation time (s) of each frame. */
  readonly frameTimes: Float64Array
  /** The annotation to learn from (NaN = not rated). */
  readonly valence: Float32Array
  readonly arousal: Float32Array
  readonly members: number
  readonly method: CompletionMethod
  readonly seed: number
}

export interface CompleteJobResult extends CompletionResult {
  /** Why the audio was not used although the session has a spectrogram (null: used, or none). */
  readonly audioNote: string | null
}

function isArgs(a: unknown): a is CompleteJobArgs {
  if (typeof a !== 'object' || a === null) return false
  const o = a as Record<string, unknown>
  return (
    typeof o.frames === 'number' &&
    o.valence instanceof Float32Array &&
    o.arousal instanceof Float32Array &&
    o.frameTimes instanceof Float64Array &&
    (o.landmarks === null || o.landmarks instanceof Float32Array) &&
    typeof o.members === 'number'
  )
}

export const completeJob: JobHandler = async (raw, ctx) => {
  if (!isArgs(raw)) throw new AppError('INVALID_ARGUMENT', 'malformed completion job arguments')
  const a = raw
  ctx.progress(0, 4)
  let spec: SpectrogramInput | null = null
  let audioNote: string | null = null
  if (a.spectrogram) {
    const m = await readSpectrogramCache(a.spectrogram.cacheDir, a.spectrogram.cacheKey, a.spectrogram.params).catch((e: unknown) => {
      audioNote = `the spectrogram cache could not be read (${(e as Error).message}); completed from the face alone`
      return null
    })
    if (m) spec = { data: m.data, columns: m.frames, nMels: m.params.nMels, originSec: m.originSec, hopS: m.params.hopLength / m.params.sampleRate }
    else audioNote ??= 'the spectrogram cache is missing; completed from the face alone'
  }
  if (ctx.signal.aborted) throw new AppError('CANCELLED', 'cancelled')
  try {
    const r = completeSession(
      {
        frames: a.frames,
        fps: a.fps,
        landmarks: a.landmarks,
        audio: spec ? { spec, frameTimes: a.frameTimes } : null,
        valence: a.valence,
        arousal: a.arousal
      },
      { ...DEFAULT_COMPLETION, method: a.method, members: a.members, seed: a.seed },
      (done, total) => {
        if (ctx.signal.aborted) throw new AppError('CANCELLED', 'cancelled')
        ctx.progress(1 + done, 1 + total)
      }
    )
    return { ...r, audioNote } satisfies CompleteJobResult
  } catch (e) {
    if (e instanceof CompletionError) throw new AppError('INVALID_ARGUMENT', e.message)
    throw e
  }
}
