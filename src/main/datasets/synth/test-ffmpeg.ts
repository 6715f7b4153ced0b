import { spawnSync } from 'node:child_process'
import { resolveTool } from '../../media/tools'

/** ffmpeg/ffprobe for tests; null (and a logged reason) when missing so tests can skip. */
export const FFMPEG = resolveTool('ffmpeg')
export const FFPROBE = resolveTool('ffprobe')
export const HAVE_FFMPEG = FFMPEG !== null && FFPROBE !== null
if (!HAVE_FFMPEG) console.warn('synth tests: ffmpeg/ffprobe not found on PATH (or CIRCUMPLEX_FFMPEG/FFPROBE): skipping encoding tests')

/** Number of packets of the first video and audio streams (ffprobe -count_packets). */
export function probeCounts(path: string): { video: number; audio: number; width: number; height: number } {
  const r = spawnSync(FFPROBE as string, ['-v', 'error', '-count_packets', '-show_entries', 'stream=codec_type,nb_read_packets,width,height', '-of', 'json', path], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`ffprobe failed: ${r.stderr}`)
  const streams = (JSON.parse(r.stdout) as { streams: Array<{ codec_type: string; nb_read_packets: string; width?: number; height?: number }> }).streams
  const v = streams.find((s) => s.codec_type === 'video')
  const a = streams.find((s) => s.codec_type === 'audio')
  return { video: Number(v?.nb_read_packets ?? 0), audio: Number(a?.nb_read_packets ?? 0), width: v?.width ?? 0, height: v?.height ?? 0 }
}
