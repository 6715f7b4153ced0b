/**
 * Decoded RGB24 frames of a video (or a still image) through an ffmpeg child process.
 *
 * ffmpeg writes `-f rawvideo -pix_fmt rgb24` to stdout; the reader cuts the byte stream into frames of
 * `width * height * 3` bytes and yields them one at a time. Backpressure: stdout is paused while more than
 * a few frames wait unread, so a slow consumer never makes the whole video pile up in memory.
 * `-fps_mode passthrough` keeps one output frame per decoded frame (no duplication/dropping for VFR), and
 * ffmpeg's default autorotation applies rotation metadata; the reported size is the size after rotation
 * and scaling (probed with ffprobe, then checked against the byte count).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process'
import type { Readable } from 'node:stream'
import { AppError } from '../../shared/ipc/errors'
import { probeMedia } from './probe'
import { resolveTool } from './tools'

export interface RgbFrame {
  /** 0-based index of the decoded frame in the stream (counting from the start of the video). */
  readonly index: number
  /** width * height * 3 bytes, row-major, RGB. */
  readonly data: Uint8Array
  readonly width: number
  readonly height: number
}

export interface FrameReaderOptions {
  /** Downscale (never upscale) so that the longer side is at most this many pixels. */
  readonly maxSide?: number
  /** First decoded frame to return (0-based, inclusive). */
  readonly startFrame?: number
  /** Stop after this many frames. */
  readonly maxFrames?: number
  /**
   * Presentation time (s, from the first frame) of `startFrame` and of the frame before it, when known
   * (from the session's timestamps). Then the reader seeks (`-ss` before `-i`: accurate seek, decoding from
   * the previous keyframe) instead of decoding and dropping every earlier frame; the seek point is halfway
   * between the two frames, so the first frame returned is exactly `startFrame`.
   */
  readonly startTimes?: { readonly frame: number; readonly previous: number; readonly streamStart: number }
  /**
   * The output frame size when the caller already knows it, i.e. outputSize() of the inspected stream's coded
   * size and rotation with the same maxSide: saves the reader's own ffprobe run (a wrong size would misframe).
   */
  readonly size?: { readonly width: number; readonly height: number }
  readonly signal?: AbortSignal
  readonly env?: NodeJS.ProcessEnv
}

/** Display size after rotation metadata (what ffmpeg's autorotate produces) and the optional max side. */
export function outputSize(width: number, height: number, rotation: number, maxSide?: number): { width: number; height: number } {
  const quarter = Math.abs(Math.round(rotation / 90)) % 2 === 1
  let w = quarter ? height : width
  let h = quarter ? width : height
  if (maxSide !== undefined && maxSide > 0 && Math.max(w, h) > maxSide) {
    const k = maxSide / Math.max(w, h)
    // Same rounding as the scale filter below (even sizes are not needed for rawvideo).
    w = Math.max(1, Math.round(w * k))
    h = Math.max(1, Math.round(h * k))
  }
  return { width: w, height: h }
}

function rotationOf(stream: { tags?: Record<string, string>; side_data_list?: readonly { rotation?: number }[] }): number {
  const side = stream.side_data_list?.find((s) => typeof s.rotation === 'number')?.rotation
  if (side !== undefined) return side
  const tag = stream.tags?.rotate
  return tag !== undefined && Number.isFinite(Number(tag)) ? Number(tag) : 0
}

function ffmpegPath(env: NodeJS.ProcessEnv): string {
  const tool = resolveTool('ffmpeg', env)
  if (!tool) throw new AppError('TOOL_MISSING', 'ffmpeg was not found: install ffmpeg (e.g. apt-get install ffmpeg) or set CIRCUMPLEX_FFMPEG')
  return tool
}

/** Probes the first video stream and returns the output frame size. */
export async function probeFrameSize(path: string, opts: FrameReaderOptions = {}): Promise<{ width: number; height: number }> {
  const probe = await probeMedia(path, opts.env ?? process.env, opts.signal)
  const v = probe.streams.find((s) => s.codec_type === 'video' && s.width !== undefined && s.height !== undefined)
  if (!v || !v.width || !v.height) throw new AppError('MEDIA_UNREADABLE', `${path}: no decodable video stream`)
  return outputSize(v.width, v.height, rotationOf(v), opts.maxSide)
}

/** The ffmpeg argument list (exported for tests). */
export function frameReaderArgs(path: string, size: { width: number; height: number }, opts: FrameReaderOptions): string[] {
  const start = opts.startFrame ?? 0
  const seek = start > 0 && opts.startTimes !== undefined
  const seekAt = seek ? opts.startTimes!.streamStart + (opts.startTimes!.previous + opts.startTimes!.frame) / 2 : 0
  const args = ['-hide_banner', '-nostdin', '-v', 'error', ...(seek ? ['-ss', seekAt.toFixed(6)] : []), '-i', path, '-map', '0:v:0', '-an', '-sn', '-dn']
  const filters: string[] = []
  if (start > 0 && !seek) filters.push(`select=gte(n\\,${start})`)
  if (opts.maxSide !== undefined) filters.push(`scale=${size.width}:${size.height}:flags=area`)
  if (filters.length > 0) args.push('-vf', filters.join(','))
  args.push('-fps_mode', 'passthrough')
  if (opts.maxFrames !== undefined) args.push('-frames:v', String(opts.maxFrames))
  args.push('-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1')
  return args
}

const MAX_QUEUED = 4

/**
 * Streams decoded frames. Throws AppError TOOL_MISSING (no ffmpeg), MEDIA_UNREADABLE (ffmpeg failed or
 * produced a truncated frame) or CANCELLED (signal aborted; ffmpeg is killed). Breaking out of the loop
 * also kills ffmpeg.
 */
export async function* readFrames(path: string, opts: FrameReaderOptions = {}): AsyncGenerator<RgbFrame> {
  const env = opts.env ?? process.env
  const tool = ffmpegPath(env)
  if (opts.signal?.aborted) throw new AppError('CANCELLED', 'cancelled')
  const size = opts.size ?? (await probeFrameSize(path, opts))
  const frameBytes = size.width * size.height * 3
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(tool, frameReaderArgs(path, size, opts), {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const queue: Uint8Array[] = []
  // The frame being filled: ffmpeg's pipe chunks are copied straight into it (one copy per byte).
  let filling: Uint8Array | null = null
  let pendingBytes = 0
  let ended = false
  let failure: AppError | null = null
  let stderr = ''
  let wake: (() => void) | null = null
  const notify = (): void => {
    const w = wake
    wake = null
    w?.()
  }
  const onAbort = (): void => {
    failure = new AppError('CANCELLED', 'cancelled')
    child.kill('SIGKILL')
    notify()
  }
  opts.signal?.addEventListener('abort', onAbort, { once: true })
  child.stdout.on('data', (chunk: Buffer) => {
    for (let off = 0; off < chunk.length; ) {
      filling ??= new Uint8Array(frameBytes)
      const n = Math.min(frameBytes - pendingBytes, chunk.length - off)
      filling.set(chunk.subarray(off, off + n), pendingBytes)
      pendingBytes += n
      off += n
      if (pendingBytes === frameBytes) {
        queue.push(filling)
        filling = null
        pendingBytes = 0
      }
    }
    if (queue.length >= MAX_QUEUED) child.stdout.pause()
    notify()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 8192) stderr += chunk.toString('utf8')
  })
  child.on('error', (e) => {
    failure ??= new AppError('TOOL_MISSING', `ffmpeg could not be started: ${e.message}`)
    notify()
  })
  child.on('close', (code) => {
    ended = true
    if (failure === null && code !== 0 && !opts.signal?.aborted) {
      const last = stderr.trim().split('\n').slice(-1)[0] ?? ''
      failure = new AppError('MEDIA_UNREADABLE', `${path}: ffmpeg exited with ${code}${last ? `: ${last}` : ''}`)
    } else if (failure === null && pendingBytes > 0) {
      failure = new AppError('MEDIA_UNREADABLE', `${path}: truncated frame (${pendingBytes} of ${frameBytes} bytes)`)
    }
    notify()
  })
  let index = opts.startFrame ?? 0
  try {
    for (;;) {
      if (failure !== null && (failure as AppError).code === 'CANCELLED') throw failure
      const next = queue.shift()
      if (next !== undefined) {
        if (queue.length < MAX_QUEUED && child.stdout.isPaused()) child.stdout.resume()
        yield { index: index++, data: next, width: size.width, height: size.height }
        continue
      }
      if (failure !== null) throw failure
      if (ended) return
      await new Promise<void>((resolve) => {
        wake = resolve
      })
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort)
    if (!ended) child.kill('SIGKILL')
  }
}

/** Decodes a still image (PNG, JPEG, ... anything ffmpeg reads) to one RGB24 frame. */
export async function readImageRgb(path: string, opts: Omit<FrameReaderOptions, 'startFrame' | 'maxFrames'> = {}): Promise<RgbFrame> {
  for await (const frame of readFrames(path, { ...opts, maxFrames: 1 })) return { ...frame, index: 0 }
  throw new AppError('MEDIA_UNREADABLE', `${path}: no image data decoded`)
}
