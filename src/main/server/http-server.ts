import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { MAX_PAYLOAD_BYTES } from '../../shared/ipc/contract'
import type { Dispatch } from '../ipc/dispatch'
import type { EventBus } from '../services/event-bus'
import { TOKEN_COOKIE, hostAllowed, newToken, originAllowed, requestToken, tokenMatches } from './auth'
import { MEDIA_PREFIX, mediaSessionId, serveMedia } from './media-route'
import { resolveStaticPath, serveFile } from './static-files'
import { attachRpc, broadcast } from './ws-rpc'

export interface BrowserHostOptions {
  readonly host?: string
  readonly port?: number
  readonly token?: string
  readonly rendererDir: string
  readonly dispatch: Dispatch
  readonly events: EventBus
  /** Video file of a session for `GET /media/<sessionId>` (from the DB, never from the URL); null = unknown. */
  readonly resolveMedia?: (sessionId: string) => string | null
}

export interface BrowserHost {
  readonly url: string
  readonly port: number
  readonly host: string
  readonly token: string
  close(): Promise<void>
}

/** Shown with every 401: takes the token from the URL fragment, trades it for a cookie, reloads. */
const LOGIN_SCRIPT = `(function(){var m=/(?:^#|&)token=([^&]+)/.exec(location.hash);if(!m){document.getElementById('m').textContent='Open the URL that circumplex printed (it ends with #token=...).';return}fetch('/auth',{method:'POST',headers:{Authorization:'Bearer '+decodeURIComponent(m[1])}}).then(function(r){if(!r.ok){document.getElementById('m').textContent='The token in this URL is not valid for this server.';return}history.replaceState(null,'',location.pathname+location.hash.replace(/(^#|&)token=[^&]+/,'$1').replace(/^#&?$/,''));location.reload()})})()`
const LOGIN_HASH = createHash('sha256').update(LOGIN_SCRIPT).digest('base64')
const LOGIN_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Circumplex</title></head><body style="font-family:sans-serif;padding:2rem"><h1>Circumplex</h1><p id="m">Signing in…</p><script>${LOGIN_SCRIPT}</script></body></html>`

function securityHeaders(host: string, port: number): Record<string, string> {
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "media-src 'self' blob:",
      `connect-src 'self' ws://${host}:${port} ws://127.0.0.1:${port} ws://localhost:${port}`,
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'"
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'X-Frame-Options': 'DENY'
  }
}

function reply(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers })
  res.end(body)
}

/**
 * The browser host: serves the built renderer and the IPC contract over WebSocket on 127.0.0.1
 * (another address only when asked explicitly). Every HTTP request and WebSocket upgrade needs the token.
 */
export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const host = opts.host ?? '127.0.0.1'
  const token = opts.token ?? newToken()
  const clients = new Set<WebSocket>()
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * MAX_PAYLOAD_BYTES })
  let port = 0

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const headers = securityHeaders(host, port)
    if (!hostAllowed(req.headers.host, host, port)) return reply(res, 421, 'misdirected request', headers)
    let url: URL
    try {
      url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    } catch {
      return reply(res, 400, 'bad request', headers)
    }
    const authed = tokenMatches(token, requestToken(req, url))
    if (req.method === 'POST' && url.pathname === '/auth') {
      req.resume()
      if (Number(req.headers['content-length'] ?? 0) > 1024) return reply(res, 413, 'payload too large', headers)
      if (!authed) return reply(res, 401, 'unauthorized', headers)
      res.writeHead(204, { ...headers, 'Set-Cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` })
      res.end()
      return
    }
    if (!authed) {
      const wantsHtml = (req.headers.accept ?? '').includes('text/html')
      const csp = `default-src 'none'; script-src 'sha256-${LOGIN_HASH}'; connect-src 'self'; style-src 'unsafe-inline'`
      if (wantsHtml) return reply(res, 401, LOGIN_PAGE, { ...headers, 'Content-Security-Policy': csp, 'Content-Type': 'text/html; charset=utf-8' })
      return reply(res, 401, 'unauthorized: this Circumplex server needs its token', headers)
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'method not allowed', { ...headers, Allow: 'GET, HEAD' })
    if (url.pathname.length > 2048) return reply(res, 414, 'uri too long', headers)
    if (url.pathname.startsWith(MEDIA_PREFIX)) {
      const sessionId = mediaSessionId(url.pathname)
      const file = sessionId && opts.resolveMedia ? opts.resolveMedia(sessionId) : null
      if (!file) return reply(res, 404, 'not found', headers)
      return serveMedia(req, res, file, headers)
    }
    const file = resolveStaticPath(opts.rendererDir, url.pathname)
    if (!file) return reply(res, 404, 'not found', headers)
    serveFile(res, file, headers)
  }

  const server: Server = createServer({ maxHeaderSize: 16 * 1024, requestTimeout: 30_000 }, handle)
  server.on('upgrade', (req, socket, head) => {
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    let url: URL
    try {
      url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    } catch {
      return refuse(400, 'Bad Request')
    }
    if (url.pathname !== '/ws') return refuse(404, 'Not Found')
    if (!hostAllowed(req.headers.host, host, port)) return refuse(421, 'Misdirected Request')
    if (!originAllowed(req.headers.origin, req.headers.host)) return refuse(403, 'Forbidden')
    if (!tokenMatches(token, requestToken(req, url))) return refuse(401, 'Unauthorized')
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws)
      ws.on('close', () => clients.delete(ws))
      attachRpc(ws, opts.dispatch)
    })
  })
  const unsubscribe = opts.events.on((event, payload) => broadcast(clients, event, payload))

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => resolve())
  })
  port = (server.address() as AddressInfo).port
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${shownHost}:${port}/#token=${token}`,
    port,
    host,
    token,
    async close() {
      unsubscribe()
      for (const ws of clients) ws.terminate()
      wss.close()
      await new Promise<void>((r) => server.close(() => r()))
    }
  }
}
