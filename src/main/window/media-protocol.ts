import type { Protocol } from 'electron'
import { createReadStream, statSync } from 'node:fs'
import { Readable } from 'node:stream'
import { mediaType, parseRange } from '../media/byte-range'
import { mediaSessionId } from '../server/media-route'
import type { AppContext } from '../services/app-context'
import { reviewService } from '../services/review/review-service'

/**
 * Electron's media route: `circumplex-media://session/<sessionId>` serves that session's video file with Range
 * support (the same pure range logic as the browser host's `/media/<sessionId>`). The URL names a session, never a
 * path: the file is the one the DB stored at import, so no URL can reach any other file.
 */
export const MEDIA_SCHEME = 'circumplex-media'

/** Must run before the app is ready: a standard, secure scheme that streams and works with fetch and <video>. */
export function registerMediaScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } }])
}

/** Session id of a `circumplex-media://session/<id>` URL, or null for anything else (other hosts, extra segments, dots). */
export function mediaProtocolSessionId(url: string): string | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  if (u.protocol !== `${MEDIA_SCHEME}:` || u.hostname !== 'session' || u.port !== '' || u.username !== '' || u.search !== '') return null
  return mediaSessionId(`/media${u.pathname}`)
}

const text = (status: number, body: string, extra: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra } })

/** The response for a media request: the file whole (200) or the requested byte range (206), 416, or 404. */
export function mediaResponse(file: string | null, method: string, rangeHeader: string | null): Response {
  if (method !== 'GET' && method !== 'HEAD') return text(405, 'method not allowed', { Allow: 'GET, HEAD' })
  let size = 0
  try {
    if (file === null) throw new Error('unknown session')
    const st = statSync(file)
    if (!st.isFile()) throw new Error('not a file')
    size = st.size
  } catch {
    return text(404, file === null ? 'no video for this session' : 'the video file of this session is missing')
  }
  const common = { 'Content-Type': mediaType(file), 'Accept-Ranges': 'bytes', 'Cache-Control': 'private, no-cache' }
  const range = parseRange(rangeHeader ?? undefined, size)
  if (range === 'unsatisfiable') return text(416, '', { 'Content-Range': `bytes */${size}` })
  const start = range?.start ?? 0
  const end = range?.end ?? size - 1
  const headers = { ...common, 'Content-Length': String(Math.max(0, end - start + 1)), ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}) }
  const body = method === 'HEAD' || size === 0 ? null : (Readable.toWeb(createReadStream(file, { start, end })) as ReadableStream<Uint8Array>)
  return new Response(body, { status: range ? 206 : 200, headers })
}

/** Answers one protocol request: the session's video from the DB path (`resolve`), never any other file. */
export function handleMediaRequest(req: Request, resolve: (sessionId: string) => string | null): Response {
  const sessionId = mediaProtocolSessionId(req.url)
  if (!sessionId) return text(404, 'not found')
  return mediaResponse(resolve(sessionId), req.method, req.headers.get('range'))
}

/** After ready: serve `circumplex-media://session/<id>` from the session's stored video path. */
export function handleMediaProtocol(protocol: Pick<Protocol, 'handle'>, ctx: AppContext): void {
  const review = reviewService(ctx)
  protocol.handle(MEDIA_SCHEME, (req) => handleMediaRequest(req, (id) => review.videoPath(id)))
}
