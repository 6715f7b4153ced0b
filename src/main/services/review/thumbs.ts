/**
 * Thumbnails of consecutive frames of a session's video (e.g. the previous frames an attention window weighs):
 * decoded with the frame-exact reader (accurate seek on the stored timestamps), scaled down, PNG-encoded.
 */
import type { FrameThumbs } from '../../../shared/review'
import { AppError } from '../../../shared/ipc/errors'
import { encodePng } from '../../datasets/synth/png'
import { getVideoFile } from '../../db/queries/review'
import { getFrameTimestamps } from '../../db/queries/sessions'
import { readFrames } from '../../media/frame-reader'
import { probeMedia } from '../../media/probe'
import type { AppContext } from '../app-context'

export const MAX_THUMBS = 64
export const MAX_THUMB_SIZE = 160

/** Seek base of a file (first video pts − container start), cached per path: one quick ffprobe per file. */
const seekBase = new Map<string, Promise<number>>()

function seekBaseOf(path: string, env: NodeJS.ProcessEnv): Promise<number> {
  let p = seekBase.get(path)
  if (!p) {
    p = probeMedia(path, env).then((r) => {
      const v = r.streams.find((s) => s.codec_type === 'video')
      const start = Number(v?.start_time ?? 0) || 0
      return Math.max(0, start - (Number(r.format.start_time ?? start) || 0))
    })
    p.catch(() => seekBase.delete(path))
    seekBase.set(path, p)
  }
  return p
}

export async function frameThumbs(ctx: Pick<AppContext, 'db' | 'env'>, sessionId: string, fromFrame: number, count: number, size = 64): Promise<FrameThumbs> {
  const video = getVideoFile(ctx.db, sessionId)
  const ts = getFrameTimestamps(ctx.db, sessionId)
  if (!video || !ts) throw new AppError('NOT_FOUND', `session ${sessionId} has no video`)
  if (fromFrame >= ts.length) throw new AppError('INVALID_ARGUMENT', `fromFrame ${fromFrame} is past the last frame ${ts.length - 1}`)
  const n = Math.min(count, MAX_THUMBS, ts.length - fromFrame)
  const startTimes = fromFrame > 0 ? { frame: ts[fromFrame], previous: ts[fromFrame - 1], streamStart: await seekBaseOf(video.path, ctx.env) } : undefined
  const pngs: string[] = []
  let width = 0
  let height = 0
  for await (const f of readFrames(video.path, { maxSide: Math.min(size, MAX_THUMB_SIZE), startFrame: fromFrame, maxFrames: n, startTimes, env: ctx.env })) {
    width = f.width
    height = f.height
    pngs.push(encodePng(f.data, f.width, f.height).toString('base64'))
  }
  return { sessionId, fromFrame, width, height, pngs }
}
