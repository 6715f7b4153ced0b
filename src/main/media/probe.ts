import { execFile } from 'node:child_process'
import { AppError } from '../../shared/ipc/errors'
import { resolveTool } from './tools'

export interface ProbedStream {
  readonly index: number
  readonly codec_type?: string
  readonly codec_name?: string
  readonly width?: number
  readonly height?: number
  readonly avg_frame_rate?: string
  readonly r_frame_rate?: string
  readonly sample_rate?: string
  readonly channels?: number
  readonly duration?: string
  readonly start_time?: string
  readonly nb_frames?: string
  readonly tags?: Record<string, string>
  readonly side_data_list?: readonly { rotation?: number }[]
}

export interface ProbeResult {
  readonly format: { readonly duration?: string; readonly format_name?: string; readonly size?: string; readonly start_time?: string }
  readonly streams: readonly ProbedStream[]
}

function run(tool: string, args: string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { maxBuffer: 256 * 1024 * 1024, signal, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) {
        if (signal?.aborted) reject(new AppError('CANCELLED', 'cancelled'))
        else reject(new AppError('MEDIA_UNREADABLE', (stderr || err.message).trim().split('\n').slice(-1)[0] ?? 'ffprobe failed'))
        return
      }
      resolve(stdout)
    })
  })
}

function ffprobe(env: NodeJS.ProcessEnv): string {
  const tool = resolveTool('ffprobe', env)
  if (!tool) throw new AppError('TOOL_MISSING', 'ffprobe was not found: install ffmpeg (e.g. apt-get install ffmpeg) or set CIRCUMPLEX_FFPROBE')
  return tool
}

/** Container and stream metadata as ffprobe reports it. */
export async function probeMedia(path: string, env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<ProbeResult> {
  const out = await run(ffprobe(env), ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path], signal)
  try {
    const parsed = JSON.parse(out) as Partial<ProbeResult>
    return { format: parsed.format ?? {}, streams: parsed.streams ?? [] }
  } catch {
    throw new AppError('MEDIA_UNREADABLE', `ffprobe gave unreadable output for ${path}`)
  }
}

/**
 * Presentation timestamp (seconds) of every packet of the first video stream, in presentation order.
 * One packet = one frame for the codecs we accept; B-frame reordering is undone by sorting.
 */
export async function readVideoTimestamps(path: string, env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<Float64Array> {
  const out = await run(
    ffprobe(env),
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', path],
    signal
  )
  const values = out
    .split('\n')
    .map((l) => l.trim().replace(/,$/, ''))
    .filter((l) => l !== '' && l !== 'N/A')
    .map(Number)
    .filter((v) => Number.isFinite(v))
  const ts = Float64Array.from(values)
  ts.sort()
  return ts
}

export function parseRate(rate: string | undefined): number {
  if (!rate) return 0
  const [n, d] = rate.split('/').map(Number)
  if (!d) return Number.isFinite(n) ? n : 0
  return n / d
}
