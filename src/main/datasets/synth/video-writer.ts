import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { resolveTool } from '../../media/tools'
import { encodeWav } from './audio'

export interface VideoWriterOptions {
  readonly width: number
  readonly height: number
  readonly fps: number
  /** Mono PCM muxed as AAC; omitted → video only. */
  readonly audio?: { readonly pcm: Float32Array; readonly sampleRate: number }
  /** Expected frame count, reported to onProgress. */
  readonly totalFrames?: number
  readonly crf?: number
  readonly signal?: AbortSignal
  readonly onProgress?: (framesWritten: number, totalFrames: number) => void
  readonly env?: NodeJS.ProcessEnv
}

/** Streams RGB24 frames into ffmpeg (H.264 yuv420p + AAC in MP4). Only one frame is buffered at a time. */
export interface VideoWriter {
  writeFrame(rgb: Uint8Array): Promise<void>
  /** Closes stdin and waits for ffmpeg; rejects with JOB_FAILED on a non-zero exit. */
  finish(): Promise<void>
  /** Kills ffmpeg and deletes the partial output. */
  abort(): Promise<void>
  readonly framesWritten: number
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'video encoding was cancelled')
}

export async function openVideoWriter(outPath: string, opts: VideoWriterOptions): Promise<VideoWriter> {
  const ffmpeg = resolveTool('ffmpeg', opts.env)
  if (!ffmpeg) throw new AppError('TOOL_MISSING', 'ffmpeg was not found (install it or set CIRCUMPLEX_FFMPEG)')
  if (opts.width % 2 || opts.height % 2) throw new AppError('INVALID_ARGUMENT', `frame size must be even for yuv420p, got ${opts.width}x${opts.height}`)
  if (opts.signal?.aborted) throw cancelled()
  const frameBytes = opts.width * opts.height * 3
  const total = opts.totalFrames ?? 0
  let tmpDir: string | null = null
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${opts.width}x${opts.height}`, '-r', String(opts.fps), '-i', 'pipe:0']
  if (opts.audio) {
    tmpDir = await mkdtemp(join(tmpdir(), 'circumplex-synth-'))
    const wav = join(tmpDir, 'audio.wav')
    await writeFile(wav, encodeWav(opts.audio.pcm, opts.audio.sampleRate))
    args.push('-i', wav, '-map', '0:v:0', '-map', '1:a:0')
  }
  args.push('-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(opts.crf ?? 20), '-g', '25')
  if (opts.audio) args.push('-c:a', 'aac', '-b:a', '96k')
  args.push('-movflags', '+faststart', '-f', 'mp4', outPath)

  const child: ChildProcessWithoutNullStreams = spawn(ffmpeg, args, { stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString('utf8')).slice(-4000)
  })
  child.stdout.resume()
  let exitCode: number | null = null
  let exitSignal: NodeJS.Signals | null = null
  let spawnError: Error | null = null
  const exited = new Promise<void>((resolve) => {
    child.on('error', (e) => {
      spawnError = e
      resolve()
    })
    child.on('close', (code, sig) => {
      exitCode = code
      exitSignal = sig
      resolve()
    })
  })
  let stdinError: Error | null = null
  child.stdin.on('error', (e) => {
    stdinError = e
  })
  let written = 0
  let state: 'open' | 'finished' | 'aborted' = 'open'

  const cleanupTmp = async (): Promise<void> => {
    if (tmpDir) await rm(tmpDir, { recursive: true, force: true })
    tmpDir = null
  }
  let aborting: Promise<void> | null = null
  const abort = (): Promise<void> => {
    if (aborting) return aborting
    state = 'aborted'
    opts.signal?.removeEventListener('abort', onAbort)
    if (exitCode === null && exitSignal === null && !spawnError) child.kill('SIGKILL')
    aborting = (async () => {
      await exited
      await unlink(outPath).catch(() => undefined)
      await cleanupTmp()
    })()
    return aborting
  }
  const onAbort = (): void => {
    void abort()
  }
  opts.signal?.addEventListener('abort', onAbort, { once: true })

  const failure = (what: string): AppError => {
    const reason = spawnError ? String(spawnError) : `${what}: ${stderr.trim().split('\n').slice(-3).join(' | ') || `exit ${exitCode ?? exitSignal}`}`
    return new AppError('JOB_FAILED', `ffmpeg failed (${reason})`)
  }

  return {
    get framesWritten() {
      return written
    },
    async writeFrame(rgb: Uint8Array): Promise<void> {
      if (state === 'aborted' || opts.signal?.aborted) {
        await abort()
        throw cancelled()
      }
      if (state !== 'open') throw new AppError('INTERNAL', 'writeFrame after finish')
      if (rgb.length !== frameBytes) throw new AppError('INVALID_ARGUMENT', `frame has ${rgb.length} bytes, expected ${frameBytes}`)
      if (exitCode !== null || exitSignal !== null || spawnError || stdinError) {
        await abort()
        throw failure('encoder exited early')
      }
      // Copy: the caller reuses its buffer while the pipe may still hold this chunk.
      const ok = child.stdin.write(Buffer.from(rgb))
      if (!ok) {
        // once() rejects on a stdin 'error' (EPIPE when ffmpeg died): that is reported below as JOB_FAILED.
        await Promise.race([once(child.stdin, 'drain').catch(() => undefined), exited])
        if (exitCode !== null || exitSignal !== null || spawnError || stdinError) {
          await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))])
          const wasAborted = (state as string) === 'aborted' || opts.signal?.aborted
          await abort()
          throw wasAborted ? cancelled() : failure('encoder exited early')
        }
      }
      written++
      opts.onProgress?.(written, total || written)
    },
    async finish(): Promise<void> {
      if (state === 'aborted' || opts.signal?.aborted) {
        await abort()
        throw cancelled()
      }
      state = 'finished'
      child.stdin.end()
      await exited
      opts.signal?.removeEventListener('abort', onAbort)
      await cleanupTmp()
      if (opts.signal?.aborted) {
        await unlink(outPath).catch(() => undefined)
        throw cancelled()
      }
      if (spawnError || exitCode !== 0) {
        await unlink(outPath).catch(() => undefined)
        throw failure('encoding failed')
      }
    },
    abort
  }
}

/**
 * Encodes `frameCount` frames produced on demand by `render(index, out)` (one buffer reused; the whole video
 * is never held in memory). Cancels cleanly on `signal`.
 */
export async function writeMp4(outPath: string, frameCount: number, render: (index: number, out: Uint8Array) => Uint8Array, opts: VideoWriterOptions): Promise<void> {
  const writer = await openVideoWriter(outPath, { ...opts, totalFrames: frameCount })
  const buf = new Uint8Array(opts.width * opts.height * 3)
  try {
    for (let i = 0; i < frameCount; i++) await writer.writeFrame(render(i, buf))
  } catch (e) {
    await writer.abort()
    throw e
  }
  await writer.finish()
}
