import { statSync } from 'node:fs'
import { AppError } from '../../shared/ipc/errors'
import { parseRate, probeMedia, readVideoTimestamps, type ProbedStream, type ProbeResult } from './probe'

export interface VideoStreamFacts {
  readonly codec: string
  /** Coded size. */
  readonly width: number
  readonly height: number
  /** Display rotation in degrees (0, 90, 180, 270) from the display matrix or the rotate tag. */
  readonly rotation: number
  /** Size after rotation, i.e. as decoded frames are shown (ffmpeg autorotates). */
  readonly displayWidth: number
  readonly displayHeight: number
  /** Mean rate from the real timestamps, (frames − 1) / (last − first); the container's exact rational rate when they agree within 0.1 %. */
  readonly fps: number
  readonly frameCount: number
  readonly durationS: number
  /** Presentation time of each frame in seconds, from the first frame (frame 0 at t = 0). */
  readonly timestamps: Float64Array
  /** Frames whose spacing differs from the median by more than 2 % (variable frame rate, drops). */
  readonly irregularFrames: number
  readonly isVfr: boolean
  readonly startS: number
  /** First frame's time relative to the container's start (what ffmpeg's input `-ss` counts from). */
  readonly seekBaseS: number
}

export interface AudioStreamFacts {
  readonly codec: string
  readonly sampleRate: number
  readonly channels: number
  readonly durationS: number
  /** Audio start relative to the first video frame (positive: audio starts later). */
  readonly offsetS: number
}

export interface MediaFacts {
  readonly path: string
  readonly sizeBytes: number
  readonly container: string
  readonly video: VideoStreamFacts
  readonly audio: AudioStreamFacts | null
  /** |video duration − audio duration| when both exist and differ by more than one frame. */
  readonly durationMismatchS: number | null
  readonly warnings: readonly string[]
}

function rotationOf(s: ProbedStream): number {
  const fromMatrix = s.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation
  const raw = fromMatrix ?? (s.tags?.rotate !== undefined ? Number(s.tags.rotate) : 0)
  const r = ((Math.round(raw / 90) * 90) % 360 + 360) % 360
  return Number.isFinite(r) ? r : 0
}

/** Counts spacing irregularities: |Δ − median Δ| > max(2 % of median, 1 ms). */
export function irregularSpacing(ts: Float64Array): number {
  if (ts.length < 3) return 0
  const d = new Float64Array(ts.length - 1)
  for (let i = 1; i < ts.length; i++) d[i - 1] = ts[i] - ts[i - 1]
  const sorted = Float64Array.from(d).sort()
  const median = sorted[sorted.length >> 1]
  const tol = Math.max(0.02 * median, 0.001)
  let n = 0
  for (const x of d) if (Math.abs(x - median) > tol) n++
  return n
}

/**
 * Everything the app needs to know about a media file before import: streams, rotation, the real
 * presentation timestamp of every frame (VFR-safe), audio facts and offsets. Refuses what it cannot use
 * with a code: NOT_FOUND, MEDIA_UNREADABLE (empty, corrupt, no decodable frames), MEDIA_NO_VIDEO (audio-only).
 */
export async function inspectMedia(
  path: string,
  env: NodeJS.ProcessEnv = process.env,
  signal?: AbortSignal,
  /** Called with the container/stream probe as soon as it is in, before the (slower) per-packet timestamps. */
  onProbe?: (probe: ProbeResult) => void
): Promise<MediaFacts> {
  let sizeBytes: number
  try {
    const st = statSync(path)
    if (!st.isFile()) throw new AppError('MEDIA_UNREADABLE', `${path} is not a file`)
    sizeBytes = st.size
  } catch (e) {
    if (e instanceof AppError) throw e
    throw new AppError('NOT_FOUND', `${path} does not exist or cannot be read`)
  }
  if (sizeBytes === 0) throw new AppError('MEDIA_UNREADABLE', `${path} is empty (0 bytes)`)
  // Both ffprobe runs at once (each is a separate process); their results are judged in the same order as before.
  const probing = probeMedia(path, env, signal)
  const timing = readVideoTimestamps(path, env, signal)
  timing.catch(() => undefined)
  const probe = await probing
  onProbe?.(probe)
  const v = probe.streams.find((s) => s.codec_type === 'video' && (s.width ?? 0) > 0)
  const a = probe.streams.find((s) => s.codec_type === 'audio')
  if (!v) {
    throw new AppError('MEDIA_NO_VIDEO', a ? `${path} has audio but no video stream` : `${path} has no video or audio stream ffmpeg can read`)
  }
  const raw = await timing
  if (raw.length === 0) throw new AppError('MEDIA_UNREADABLE', `${path}: the video stream has no decodable frames`)
  const startS = raw[0]
  const timestamps = raw.map((t) => t - startS)
  const warnings: string[] = []
  const rotation = rotationOf(v)
  const swap = rotation === 90 || rotation === 270
  const last = timestamps[timestamps.length - 1]
  const nominal = parseRate(v.avg_frame_rate) || parseRate(v.r_frame_rate)
  const measured = timestamps.length > 1 && last > 0 ? (timestamps.length - 1) / last : nominal
  // The container's rational rate (25, 30000/1001) when the timestamps agree with it within 0.1 %.
  const fps = nominal > 0 && Math.abs(measured - nominal) / nominal < 0.001 ? nominal : measured
  const frameDur = fps > 0 ? 1 / fps : 0
  const irregularFrames = irregularSpacing(timestamps)
  if (irregularFrames > 0) warnings.push(`${irregularFrames} frame intervals differ from the median: variable frame rate; real timestamps are used`)
  if (rotation !== 0) warnings.push(`display rotation ${rotation}°: frames are decoded upright`)
  const durationS = last + frameDur
  let audio: AudioStreamFacts | null = null
  let durationMismatchS: number | null = null
  if (a) {
    const aStart = Number(a.start_time ?? 0)
    const aDur = Number(a.duration ?? probe.format.duration ?? 0)
    audio = {
      codec: a.codec_name ?? 'unknown',
      sampleRate: Number(a.sample_rate ?? 0),
      channels: a.channels ?? 0,
      durationS: aDur,
      offsetS: Number.isFinite(aStart) ? aStart - startS : 0
    }
    if (Math.abs(aDur - durationS) > Math.max(frameDur, 0.05)) {
      durationMismatchS = Math.abs(aDur - durationS)
      warnings.push(`audio lasts ${aDur.toFixed(3)} s but video ${durationS.toFixed(3)} s`)
    }
  }
  return {
    path,
    sizeBytes,
    container: probe.format.format_name ?? 'unknown',
    video: {
      codec: v.codec_name ?? 'unknown',
      width: v.width ?? 0,
      height: v.height ?? 0,
      rotation,
      displayWidth: swap ? (v.height ?? 0) : (v.width ?? 0),
      displayHeight: swap ? (v.width ?? 0) : (v.height ?? 0),
      fps,
      frameCount: timestamps.length,
      durationS,
      timestamps,
      irregularFrames,
      isVfr: irregularFrames > 0,
      startS,
      seekBaseS: Math.max(0, startS - (Number(probe.format.start_time ?? startS) || 0))
    },
    audio,
    durationMismatchS,
    warnings
  }
}
