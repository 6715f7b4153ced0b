/**
 * Relinking a session whose video file moved or vanished: the new file must be the same video — the same content
 * hash when one was stored at import, else the same frame count and duration — before the path is changed.
 * Nothing else of the session is touched.
 */
import { statSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import type { SessionSummary } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import { getVideoFile } from '../../db/queries/review'
import { getSession } from '../../db/queries/sessions'
import { hashFile } from '../../media/content-hash'
import { probeMedia } from '../../media/probe'
import type { AppContext } from '../app-context'

export async function relinkVideo(ctx: Pick<AppContext, 'db' | 'env'>, sessionId: string, path: string): Promise<SessionSummary> {
  const session = getSession(ctx.db, sessionId)
  const video = getVideoFile(ctx.db, sessionId)
  if (!session || !video || !session.video) throw new AppError('NOT_FOUND', `session ${sessionId} has no video to relink`)
  if (!isAbsolute(path)) throw new AppError('INVALID_ARGUMENT', `give the full path of the video file, got '${path}'`)
  try {
    if (!statSync(path).isFile()) throw new Error('not a file')
  } catch {
    throw new AppError('NOT_FOUND', `${path} does not exist or is not a file`)
  }
  if (video.contentHash) {
    const h = await hashFile(path)
    if (h !== video.contentHash) throw new AppError('CONFLICT', `${path} is not the video of this session (its content differs from the imported file)`)
  } else {
    const p = await probeMedia(path, ctx.env)
    const v = p.streams.find((s) => s.codec_type === 'video')
    if (!v) throw new AppError('MEDIA_NO_VIDEO', `${path} has no video stream`)
    const dur = Number(p.format.duration ?? v.duration ?? NaN)
    const expected = session.video.durationS
    if (!(Math.abs(dur - expected) <= Math.max(0.1, 2 / session.video.fps)) || v.width === undefined) {
      throw new AppError('CONFLICT', `${path} is not the video of this session (duration ${dur.toFixed(3)} s, expected ${expected.toFixed(3)} s)`)
    }
  }
  ctx.db.prepare('UPDATE videos SET path = ? WHERE session_id = ?').run(path, sessionId)
  return getSession(ctx.db, sessionId) as SessionSummary
}
