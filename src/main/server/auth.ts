import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const TOKEN_COOKIE = 'circumplex_token'

export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Constant-time comparison (hashing first makes the lengths equal). */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 512) return false
  const a = createHash('sha256').update(expected).digest()
  const b = createHash('sha256').update(given).digest()
  return timingSafeEqual(a, b)
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return null
}

/** The token a request carries: `Authorization: Bearer`, the session cookie, or `?token=`. */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim()
  return cookieValue(req.headers.cookie, TOKEN_COOKIE) ?? url.searchParams.get('token')
}

/**
 * DNS-rebinding guard: the Host header must name the address we bound (or localhost) and our port.
 */
export function hostAllowed(hostHeader: string | undefined, boundHost: string, port: number): boolean {
  if (!hostHeader) return false
  // Bound to every interface on request (--host 0.0.0.0): clients use whatever name reaches us; the token still applies.
  if (boundHost === '0.0.0.0' || boundHost === '::') return true
  const allowed = new Set([`${boundHost}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`])
  return allowed.has(hostHeader.toLowerCase())
}

/** WebSocket upgrades from browsers carry an Origin: it must be this server's own origin. */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (origin === undefined) return true // non-browser clients (CLI, tests) send none; the token still applies
  return hostHeader !== undefined && origin === `http://${hostHeader}`
}
