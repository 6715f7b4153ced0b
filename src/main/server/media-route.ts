import { createReadStream, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname } from 'node:path'

/**
 * `GET /media/<sessionId>`: the session's video file with HTTP Range support, for the review workspace's <video>.
 * The URL names a session, never a path: the file is the one the DB stored at import (`resolve`), so no URL can
 * reach any other file. The token check happens before this route (like every request).
 * Electron: the same bytes will be served through a custom protocol (`circumplex-media://<sessionId>`) later.
 */
export const MEDIA_PREFIX = '/media/'
const SESSION_ID = /^[A-Za-z0-9_.:-]{1,200}$/

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.ogv': 'video/ogg',
  '.avi': 'video/x-msvideo',
  '.mpg': 'video/mpeg',
  '.mpeg': 'video/mpeg',
  '.ts': 'video/mp2t',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4'
}

export function mediaType(path: string): string {
  return MEDIA_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/** Session id of a /media/ URL path, or null when the path is anything else (extra segments, dots, escapes). */
export function mediaSessionId(pathname: string): string | null {
  if (!pathname.startsWith(MEDIA_PREFIX)) return null
  const rest = pathname.slice(MEDIA_PREFIX.length)
  return SESSION_ID.test(rest) && rest !== '.' && rest !== '..' ? rest : null
}

export type ByteRange = { readonly start: number; readonly end: number } | 'unsatisfiable' | null

/**
 * One `bytes=` range (RFC 9110 §14.1.2): `a-b`, `a-`, `-suffix`. Multi-range requests are answered with the whole
 * file (null), which the RFC allows; a syntactically valid range outside the file is 'unsatisfiable' (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange {
  if (!header) return null
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return null
  if (m[1] === '') {
    const suffix = Number(m[2])
    if (suffix === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(m[1])
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  if (start >= size || end < start) return 'unsatisfiable'
  return { start, end }
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
