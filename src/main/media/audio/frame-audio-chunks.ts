import { AppError } from '../../../shared/ipc/errors'

/**
 * Per-video-frame audio for AEG-CD-SZ's eGeMAPS descriptors (P002:L87; READING-NOTES "AEG-CD-SZ" → Audio):
 * the audio of the previous + current + next frame, cut from the same decoded PCM stream (e.g. 16 kHz mono
 * from `decodePcm`).
 *
 * Decisions (not given by the paper):
 * - Frame i covers [t_i, t_{i+1}) with t the real presentation timestamps (VFR-safe, no nominal fps grid).
 *   Beyond the ends, boundaries are extrapolated with a nominal frame duration d (default: the median of
 *   the positive timestamp differences): frame −1 = [t_0 − d, t_0), the last frame = [t_{N−1}, t_{N−1} + d),
 *   frame N = [t_{N−1} + d, t_{N−1} + 2d).
 * - The chunk of frame i is [start of frame i − 1, end of frame i + 1), converted to sample indices with
 *   round((t − originSec) · sr).
 * - **Edges are zero-padded**: samples before PCM sample 0 or after its last sample (audio shorter than the
 *   video) are 0. Where audio exists before t_0 it is used (it is real audio of that time).
 */
export interface FrameAudioSpan {
  readonly frameIndex: number
  /** First sample of the chunk (previous frame's start); may be negative. */
  readonly start: number
  /** One past the last sample (next frame's end); may exceed the PCM length. */
  readonly end: number
  /** The current frame's own samples [currentStart, currentEnd) inside the chunk's range. */
  readonly currentStart: number
  readonly currentEnd: number
}

export interface FrameAudioOptions {
  readonly sampleRate: number
  /** Presentation time of PCM sample 0 (as given to decodePcm). Default 0. */
  readonly originSec?: number
  /** Nominal frame duration (s) used beyond the first and last frames. Default: median positive Δt. */
  readonly nominalFrameSec?: number
}

export interface PcmLike {
  readonly samples: Float32Array
  readonly sampleRate: number
  readonly originSec: number
}

function medianPositiveDiff(ts: ArrayLike<number>): number {
  const d: number[] = []
  for (let i = 1; i < ts.length; i++) {
    const v = ts[i] - ts[i - 1]
    if (v > 0) d.push(v)
  }
  if (d.length === 0) return Number.NaN
  d.sort((a, b) => a - b)
  const mid = d.length >> 1
  return d.length % 2 ? d[mid] : (d[mid - 1] + d[mid]) / 2
}

/** Sample spans of every frame's previous + current + next audio. */
export function frameAudioSpans(timestamps: ArrayLike<number>, options: FrameAudioOptions): FrameAudioSpan[] {
  const n = timestamps.length
  const { sampleRate } = options
  const origin = options.originSec ?? 0
  if (!(sampleRate > 0)) throw new AppError('INVALID_ARGUMENT', `sample rate must be positive, got ${sampleRate}`)
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(timestamps[i])) throw new AppError('INVALID_ARGUMENT', `timestamp ${i} is not finite`)
    if (i > 0 && timestamps[i] < timestamps[i - 1]) throw new AppError('INVALID_ARGUMENT', `timestamps must be non-decreasing (frame ${i})`)
  }
  if (n === 0) return []
  const d = options.nominalFrameSec ?? medianPositiveDiff(timestamps)
  if (!(d > 0)) {
    throw new AppError('INVALID_ARGUMENT', 'cannot infer a frame duration from fewer than two distinct timestamps: pass nominalFrameSec')
  }
  const boundary = (k: number): number => {
    if (k < 0) return timestamps[0] + k * d
    if (k < n) return timestamps[k]
    return timestamps[n - 1] + (k - n + 1) * d
  }
  const toSample = (t: number): number => Math.round((t - origin) * sampleRate)
  const spans: FrameAudioSpan[] = new Array<FrameAudioSpan>(n)
  for (let i = 0; i < n; i++) {
    spans[i] = {
      frameIndex: i,
      start: toSample(boundary(i - 1)),
      end: toSample(boundary(i + 2)),
      currentStart: toSample(boundary(i)),
      currentEnd: toSample(boundary(i + 1))
    }
  }
  return spans
}

/** Copy of samples [start, end) with zeros where the range leaves the PCM. */
export function extractAudioSpan(samples: Float32Array, start: number, end: number): Float32Array {
  const out = new Float32Array(Math.max(0, end - start))
  const from = Math.max(0, start)
  const to = Math.min(samples.length, end)
  if (to > from) out.set(samples.subarray(from, to), from - start)
  return out
}

export interface FrameAudioChunk {
  readonly span: FrameAudioSpan
  /** The zero-padded previous + current + next audio (length span.end − span.start). */
  readonly samples: Float32Array
}

/** Lazily yields each frame's chunk (chunks overlap ×3: never materialise them all for a long session). */
export function* frameAudioChunks(
  pcm: PcmLike,
  timestamps: ArrayLike<number>,
  options: { readonly nominalFrameSec?: number } = {}
): Generator<FrameAudioChunk, void, undefined> {
  const spans = frameAudioSpans(timestamps, { sampleRate: pcm.sampleRate, originSec: pcm.originSec, nominalFrameSec: options.nominalFrameSec })
  for (const span of spans) yield { span, samples: extractAudioSpan(pcm.samples, span.start, span.end) }
}
