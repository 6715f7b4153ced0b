/**
 * The AEG-CD-SZ audio features of every frame of a media file: its first audio stream decoded at 16 kHz (pcm-reader.ts)
 * and frame-features.ts over the frames' presentation times. A file with no audio, or whose audio decodes to nothing,
 * is MEDIA_NO_AUDIO with `who` (a clip id, a path) and why the caller needs it in the message.
 */
import { AppError } from '../../../../shared/ipc/errors'
import { decodePcm } from '../pcm-reader'
import { frameAudioFeatures } from './frame-features'

export const EGEMAPS_SAMPLE_RATE = 16000

/** frames × 50 raw (not z-scored) features of `path` at `timestamps` (seconds from frame 0). */
export async function fileFrameAudioFeatures(
  path: string,
  timestamps: ArrayLike<number>,
  o: { readonly who: string; readonly need: string; readonly signal?: AbortSignal; readonly env?: NodeJS.ProcessEnv }
): Promise<Float32Array> {
  const pcm = await decodePcm(path, { sampleRate: EGEMAPS_SAMPLE_RATE, signal: o.signal, env: o.env }).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'MEDIA_NO_AUDIO') throw new AppError('MEDIA_NO_AUDIO', `${o.who}: ${e.message}; ${o.need}`)
    throw e
  })
  if (pcm.samples.length === 0) throw new AppError('MEDIA_NO_AUDIO', `${o.who}: the audio stream decodes to no samples; ${o.need}`)
  return frameAudioFeatures(pcm, timestamps).values
}
