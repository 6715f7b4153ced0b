/**
 * Per-video-frame audio features of AEG-CD-SZ (P002:L87): the previous + current + next video frame's audio
 * (frameAudioSpans: real timestamps, zero-padded beyond the PCM), eGeMAPS LLDs with 10 ms steps, and "the first
 * two sets of LLDs" concatenated.
 *
 * Decisions (the paper gives neither the dimension nor the alignment):
 * - "first two sets of LLDs" = the first two 10 ms LLD frames of the chunk, i.e. the frames starting at the chunk
 *   start and 10 ms later (openSMILE frames start at t = 0 of the file it is given: frameCenterSpecial = left), each
 *   with all 25 eGeMAPSv02 LLDs → D = 2 × 25 = 50, order [frame 0 LLDs, frame 1 LLDs] in openSMILE's column order.
 *   Consequently only the first 70 ms of the chunk are used (60 ms frames): mostly the PREVIOUS video frame's audio
 *   at 25 fps. That is what the text says (L87: the same dimension whatever the video frame rate).
 * - The LLDs are read from the session's PCM, not from an isolated chunk: where the chunk is shorter than 70 ms
 *   (≥ 43 fps) the real following audio is used instead of zeros, the spectral flux of frame 0 compares with the
 *   real previous 10 ms frame, and the sma3 smoothing of frame 0 uses the frame 10 ms before the chunk (openSMILE
 *   run per chunk would see neither).
 * - Normalisation: z-scores per dimension with the mean / standard deviation of the TRAINING split
 *   (`audioFeatureStats`), std floored at 1e-6; apply the same stats to validation / test.
 */
import { frameAudioSpans, type PcmLike } from '../frame-audio-chunks'
import { LLD_COUNT, LldExtractor, EGEMAPS_LLD_NAMES, type LldOptions } from './llds'

export const AUDIO_LLD_SETS = 2
export const AUDIO_FEATURE_DIM = AUDIO_LLD_SETS * LLD_COUNT

/** Names of the 50 feature columns, e.g. 'f0.Loudness_sma3', 'f1.mfcc1_sma3'. */
export const AUDIO_FEATURE_NAMES: readonly string[] = Array.from({ length: AUDIO_LLD_SETS }, (_, k) => EGEMAPS_LLD_NAMES.map((n) => `f${k}.${n}`)).flat()

export interface FrameAudioFeatures {
  /** frames × dim, row-major. */
  readonly values: Float32Array
  readonly frames: number
  readonly dim: number
}

export interface FrameAudioFeatureOptions extends Omit<LldOptions, 'sampleRate'> {
  readonly nominalFrameSec?: number
}

/** D = 50 features per video frame (see the header). `pcm` is 16 kHz mono (decodePcm). */
export function frameAudioFeatures(pcm: PcmLike, timestamps: ArrayLike<number>, o: FrameAudioFeatureOptions = {}): FrameAudioFeatures {
  const ex = new LldExtractor({ ...o, sampleRate: pcm.sampleRate })
  const spans = frameAudioSpans(timestamps, { sampleRate: pcm.sampleRate, originSec: pcm.originSec, nominalFrameSec: o.nominalFrameSec })
  const values = new Float32Array(spans.length * AUDIO_FEATURE_DIM)
  spans.forEach((s, i) => values.set(ex.framesAt(pcm.samples, s.start, AUDIO_LLD_SETS), i * AUDIO_FEATURE_DIM))
  return { values, frames: spans.length, dim: AUDIO_FEATURE_DIM }
}

export interface AudioFeatureStats {
  readonly mean: Float32Array
  readonly std: Float32Array
}

/** Per-dimension mean / population std over the rows of `values` (the training split). */
export function audioFeatureStats(values: Float32Array, dim: number): AudioFeatureStats {
  const n = values.length / dim
  const mean = new Float64Array(dim)
  const sq = new Float64Array(dim)
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += values[i * dim + d]
  for (let d = 0; d < dim; d++) mean[d] /= Math.max(1, n)
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) sq[d] += (values[i * dim + d] - mean[d]) ** 2
  return { mean: Float32Array.from(mean), std: Float32Array.from(sq, (s) => Math.max(1e-6, Math.sqrt(s / Math.max(1, n)))) }
}

/** z-scored copy of `values` with `stats`. */
export function normaliseAudioFeatures(values: Float32Array, stats: AudioFeatureStats): Float32Array {
  const dim = stats.mean.length
  const out = new Float32Array(values.length)
  for (let i = 0; i < values.length; i++) out[i] = (values[i] - stats.mean[i % dim]) / stats.std[i % dim]
  return out
}
