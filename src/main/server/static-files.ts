import { createReadStream, realpathSync, statSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { extname, join, sep } from 'node:path'

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.map': 'application/json'
}

/**
 * Resolves a URL path to a file inside `root`, or null. Rejects malformed escapes, NUL bytes,
 * backslashes, dot segments (decoded or not) and anything whose real path (symlinks resolved) leaves root.
 * Directories are never listed: only "/" maps to index.html.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  if (decoded === '/' || decoded === '') decoded = '/index.html'
  const segments = decoded.split('/').filter((s) => s.length > 0)
  if (segments.some((s) => s === '.' || s === '..')) return null
  let realRoot: string
  try {
    realRoot = realpathSync(root)
  } catch {
    return null
  }
  const candidate = join(realRoot, ...segments)
  try {
    const real = realpathSync(candidate)
    if (!real.startsWith(realRoot + sep)) return null
    if (!statSync(real).isFile()) return null
    return real
  } catch {
    return null
  }
}

export function serveFile(res: ServerResponse, file: string, headers: Record<string, string>): void {
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
  const immutable = /[.-][A-Za-z0-9_-]{8,}\.(js|css|wasm|woff2)$/.test(file)
  res.writeHead(200, {
    ...headers,
    'Content-Type': type,
    'Cache-Control': immutable ? 'private, max-age=31536000, immutable' : 'no-cache'
  })
  createReadStream(file).pipe(res)
}
