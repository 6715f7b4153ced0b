import { createReadStream, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { mediaType, parseRange } from '../media/byte-range'

export { mediaType, parseRange, type ByteRange } from '../media/byte-range'

/**
 * `GET /media/<sessionId>`: the session's video file with HTTP Range support, for the review workspace's <video>.
 * The URL names a session, never a path: the file is the one the DB stored at import (`resolve`), so no URL can
 * reach any other file. The token check happens before this route (like every request).
 * Electron serves the same bytes through the `circumplex-media://session/<sessionId>` protocol
 * (src/main/window/media-protocol.ts); both use the pure range logic of src/main/media/byte-range.ts.
 */
export const MEDIA_PREFIX = '/media/'
const SESSION_ID = /^[A-Za-z0-9_.:-]{1,200}$/

/** Session id of a /media/ URL path, or null when the path is anything else (extra segments, dots, escapes). */
export function mediaSessionId(pathname: string): string | null {
  if (!pathname.startsWith(MEDIA_PREFIX)) return null
  const rest = pathname.slice(MEDIA_PREFIX.length)
  return SESSION_ID.test(rest) && rest !== '.' && rest !== '..' ? rest : null
}

/** Streams `file` (whole or the requested range). Answers 404 when the stored file is gone. */
export function serveMedia(req: IncomingMessage, res: ServerResponse, file: string, headers: Record<string, string>): void {
  let size: number
  try {
    const st = statSync(file)
    if (!st.isFile()) throw new Error('not a file')
    size = st.size
  } catch {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
    res.end('the video file of this session is missing')
    return
  }
  const common = { ...headers, 'Content-Type': mediaType(file), 'Accept-Ranges': 'bytes', 'Cache-Control': 'private, no-cache' }
  const range = parseRange(req.headers.range, size)
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...common, 'Content-Range': `bytes */${size}`, 'Content-Type': 'text/plain; charset=utf-8' })
    res.end()
    return
  }
  const start = range?.start ?? 0
  const end = range?.end ?? size - 1
  const status = range ? 206 : 200
  res.writeHead(status, {
    ...common,
    'Content-Length': String(Math.max(0, end - start + 1)),
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {})
  })
  if (req.method === 'HEAD' || size === 0) {
    res.end()
    return
  }
  const stream = createReadStream(file, { start, end })
  stream.on('error', () => res.destroy())
  res.on('close', () => stream.destroy())
  stream.pipe(res)
}
