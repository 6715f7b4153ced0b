import { AppError } from '../../../shared/ipc/errors'
import { type MelParams, type MelSpectrogram } from './mel-params'
import { MelSpectrogramBuilder } from './mel-spectrogram'
import { openPcmStream } from './pcm-reader'

export interface SessionSpectrogramOptions {
  /** Overrides of the librosa defaults (see mel-params.ts); the sample rate is also the decode rate. */
  readonly params?: Partial<MelParams>
  /** Presentation time of PCM sample 0 (see pcm-reader.ts). Default 0. */
  readonly originSec?: number
  readonly signal?: AbortSignal
  readonly env?: NodeJS.ProcessEnv
}

export interface SessionSpectrogramResult {
  readonly spectrogram: MelSpectrogram
  /** Decoded audio duration from the origin (s); shorter than the video means the last frames see padding. */
  readonly audioDurationSec: number
  readonly sampleCount: number
}

/**
 * Decodes a file's first audio stream at the spectrogram's rate and computes its ONE session mel spectrogram
 * (dB relative to the whole file's maximum). Decoding (ffmpeg, another process) and the STFT run concurrently;
 * the PCM is never held in full.
 */
export async function computeSessionSpectrogram(path: string, options: SessionSpectrogramOptions = {}): Promise<SessionSpectrogramResult> {
  const builder = new MelSpectrogramBuilder(options.params)
  const stream = openPcmStream(path, {
    sampleRate: builder.params.sampleRate,
    originSec: options.originSec,
    signal: options.signal,
    env: options.env
  })
  for await (const chunk of stream) builder.push(chunk)
  if (stream.sampleCount === 0) throw new AppError('MEDIA_NO_AUDIO', `the audio stream of ${path} decodes to no samples`)
  const spectrogram = builder.finish(stream.originSec)
  return { spectrogram, audioDurationSec: stream.durationSec, sampleCount: stream.sampleCount }
}
