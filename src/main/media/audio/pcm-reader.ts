import { spawn } from 'node:child_process'
import { endianness } from 'node:os'
import { AppError } from '../../../shared/ipc/errors'
import { resolveTool } from '../tools'

/**
 * Decodes a media file's first audio stream to mono float32 PCM through ffmpeg:
 *
 *   ffmpeg -nostdin -hide_banner -v error -copyts -i FILE -map 0:a:0 -vn
 *          -af aresample=RATE:first_pts=ORIGIN_SAMPLES:rematrix_maxval=1,aformat=channel_layouts=mono
 *          -ac 1 -ar RATE -f f32le pipe:1
 *
 * Time base: `-copyts` keeps the container's presentation timestamps (the ones ffprobe's `pts_time` reports
 * for video frames), and `aresample=first_pts=…` pads with silence (or trims) so that **sample i is the audio at
 * presentation time originSec + i / sampleRate**. An audio stream that starts later than the origin gets
 * leading zeros; encoder priming with negative timestamps is trimmed (swresample's async mode, which
 * first_pts turns on, also fills gaps over 0.1 s with silence). originSec defaults to 0; pass the first video
 * timestamp for containers whose clock starts far from 0 (MPEG-TS), or the audio is preceded by that much silence.
 *
 * Down-mix: `rematrix_maxval=1` normalises swresample's matrix, so stereo → (L + R) / 2 like librosa's
 * `to_mono` (plain `-ac 1` gives (L + R)/√2; irrelevant to the dB-relative-to-max spectrogram, not to loudness
 * features). Other layouts get ffmpeg's normalised standard downmix. The resampler is swresample's: for reference
 * comparisons use audio already at the target rate (resamplers differ).
 */
export interface PcmReadOptions {
  /** Output sample rate in Hz (22 050 for the mel spectrogram, 16 000 for the eGeMAPS chunks). */
  readonly sampleRate: number
  /** Presentation time (s) of output sample 0. Default 0. */
  readonly originSec?: number
  readonly signal?: AbortSignal
  readonly env?: NodeJS.ProcessEnv
}

export interface PcmStream extends AsyncIterable<Float32Array> {
  readonly path: string
  readonly sampleRate: number
  readonly originSec: number
  /** Samples yielded so far; after the iteration completes, the decoded length. */
  readonly sampleCount: number
  /** sampleCount / sampleRate: decoded audio duration from the origin (s). */
  readonly durationSec: number
}

export interface PcmAudio {
  readonly samples: Float32Array
  readonly sampleRate: number
  readonly originSec: number
  /** samples.length / sampleRate. Compare with the video's duration to detect short audio. */
  readonly durationSec: number
}

const LITTLE_ENDIAN_HOST = endianness() === 'LE'

export function ffmpegPcmArgs(path: string, sampleRate: number, originSec = 0): string[] {
  const firstPts = Math.round(originSec * sampleRate)
  return [
    '-nostdin', '-hide_banner', '-v', 'error', '-copyts',
    '-i', path,
    '-map', '0:a:0', '-vn',
    '-af', `aresample=${sampleRate}:first_pts=${firstPts}:rematrix_maxval=1,aformat=channel_layouts=mono`,
    '-ac', '1', '-ar', String(sampleRate),
    '-f', 'f32le', 'pipe:1'
  ]
}

/** Maps ffmpeg's stderr to an AppError (exported for tests). */
export function classifyFfmpegFailure(path: string, stderr: string, exitCode: number | null): AppError {
  const text = stderr.trim()
  if (/matches no streams|does not contain any stream|Output file #\d+ does not contain/i.test(text)) {
    return new AppError('MEDIA_NO_AUDIO', `${path} has no audio stream, so no spectrogram or audio features can be computed for it`)
  }
  const last = text.split('\n').filter((l) => l.trim() !== '').slice(-1)[0] ?? `ffmpeg exited with code ${exitCode}`
  return new AppError('MEDIA_UNREADABLE', `cannot decode the audio of ${path}: ${last}`)
}

function bytesToFloats(bytes: Uint8Array): Float32Array {
  const n = bytes.length >> 2
  const out = new Float32Array(n)
  if (LITTLE_ENDIAN_HOST) {
    new Uint8Array(out.buffer).set(bytes.subarray(0, n * 4))
  } else {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, n * 4)
    for (let i = 0; i < n; i++) out[i] = dv.getFloat32(i * 4, true)
  }
  return out
}

/**
 * Streams the decoded PCM as Float32Array chunks (ffmpeg's pipe reads, ~16 k samples each). Backpressure: ffmpeg
 * is read only as fast as the consumer iterates. Aborting the signal, or leaving the loop early, kills ffmpeg.
 * Errors (AppError) are thrown from the iteration: TOOL_MISSING, MEDIA_NO_AUDIO, MEDIA_UNREADABLE, CANCELLED.
 * Each stream can be iterated once.
 */
export function openPcmStream(path: string, options: PcmReadOptions): PcmStream {
  const { sampleRate, signal } = options
  const originSec = options.originSec ?? 0
  if (!Number.isInteger(sampleRate) || sampleRate < 1000 || sampleRate > 384_000) {
    throw new AppError('INVALID_ARGUMENT', `sample rate must be an integer in [1000, 384000] Hz, got ${sampleRate}`)
  }
  if (!Number.isFinite(originSec)) throw new AppError('INVALID_ARGUMENT', `origin must be finite, got ${originSec}`)
  let count = 0
  let started = false

  async function* generate(): AsyncGenerator<Float32Array, void, undefined> {
    const tool = resolveTool('ffmpeg', options.env ?? process.env)
    if (!tool) throw new AppError('TOOL_MISSING', 'ffmpeg was not found: install ffmpeg (e.g. apt-get install ffmpeg) or set CIRCUMPLEX_FFMPEG')
    if (signal?.aborted) throw new AppError('CANCELLED', 'audio decoding was cancelled')
    const child = spawn(tool, ffmpegPcmArgs(path, sampleRate, originSec), { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (d: string) => {
      stderr = (stderr + d).slice(-16_384)
    })
    let spawnError: Error | null = null
    const exited = new Promise<number | null>((resolve) => {
      child.once('error', (e) => {
        spawnError = e
        resolve(null)
      })
      child.once('close', (code) => resolve(code))
    })
    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
    signal?.addEventListener('abort', kill, { once: true })
    try {
      let carry = new Uint8Array(0)
      for await (const raw of child.stdout as AsyncIterable<Buffer>) {
        let bytes: Uint8Array = raw
        if (carry.length > 0) {
          const joined = new Uint8Array(carry.length + raw.length)
          joined.set(carry)
          joined.set(raw, carry.length)
          bytes = joined
        }
        const whole = bytes.length & ~3
        carry = bytes.slice(whole)
        if (whole === 0) continue
        const floats = bytesToFloats(bytes.subarray(0, whole))
        count += floats.length
        yield floats
      }
      const code = await exited
      if (signal?.aborted) throw new AppError('CANCELLED', 'audio decoding was cancelled')
      if (spawnError) {
        throw new AppError('TOOL_MISSING', `ffmpeg (${tool}) could not be started: ${(spawnError as Error).message}`, { cause: spawnError })
      }
      if (code !== 0) throw classifyFfmpegFailure(path, stderr, code)
    } catch (e) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'audio decoding was cancelled', { cause: e })
      throw e
    } finally {
      signal?.removeEventListener('abort', kill)
      kill()
    }
  }

  return {
    path,
    sampleRate,
    originSec,
    get sampleCount() {
      return count
    },
    get durationSec() {
      return count / sampleRate
    },
    [Symbol.asyncIterator]() {
      if (started) throw new AppError('INVALID_ARGUMENT', 'a PCM stream can be iterated only once')
      started = true
      return generate()
    }
  }
}

/** Decodes the whole first audio stream into one Float32Array (10 min at 22 050 Hz = 53 MB). */
export async function decodePcm(path: string, options: PcmReadOptions): Promise<PcmAudio> {
  const stream = openPcmStream(path, options)
  const chunks: Float32Array[] = []
  for await (const chunk of stream) chunks.push(chunk)
  const samples = new Float32Array(stream.sampleCount)
  let at = 0
  for (const c of chunks) {
    samples.set(c, at)
    at += c.length
  }
  return { samples, sampleRate: stream.sampleRate, originSec: stream.originSec, durationSec: stream.durationSec }
}
