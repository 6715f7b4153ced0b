import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { ok } from '../../shared/ipc/errors'
import { createDispatcher, type Handlers } from '../ipc/dispatch'
import { EventBus } from '../services/event-bus'
import { startBrowserHost, type BrowserHost } from './http-server'

interface Reply {
  status: number
  body: string
  headers: Record<string, string | string[] | undefined>
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // Raw paths (no URL normalisation by the client) so traversal attempts reach the server as typed.
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

function wsCall(url: string, messages: unknown[], headers: Record<string, string> = {}): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    const answers: unknown[] = []
    ws.on('open', () => messages.forEach((m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m))))
    ws.on('message', (d) => {
      answers.push(JSON.parse(String(d)))
      if (answers.length === messages.length) {
        ws.close()
        resolve(answers)
      }
    })
    ws.on('error', reject)
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
}

describe('browser host', () => {
  let host: BrowserHost
  let root: string
  const events = new EventBus()
  beforeAll(async () => {
    const base = mkdtempSync(join(tmpdir(), 'cx-host-'))
    root = join(base, 'renderer')
    mkdirSync(join(root, 'assets'), { recursive: true })
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>')
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)')
    writeFileSync(join(base, 'secret.txt'), 'TOP SECRET')
    const handlers = { 'app:info': () => ({ name: 'Circumplex' }), 'sessions:list': () => [] } as unknown as Handlers
    host = await startBrowserHost({ rendererDir: root, dispatch: createDispatcher(handlers, { error: () => undefined }), events })
  })
  afterAll(async () => host.close())

  it('binds 127.0.0.1 and prints a URL with the token in the fragment', () => {
    expect(host.host).toBe('127.0.0.1')
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`)
    expect(host.token.length).toBeGreaterThanOrEqual(40)
  })

  it('answers 401 without the token and 200 with it (header, query or cookie)', async () => {
    expect((await get(host.port, '/')).status).toBe(401)
    expect((await get(host.port, '/assets/app.js')).status).toBe(401)
    expect((await get(host.port, '/', { Authorization: 'Bearer wrong' })).status).toBe(401)
    expect((await get(host.port, `/?token=${host.token}x`)).status).toBe(401)
    const okHeader = await get(host.port, '/', { Authorization: `Bearer ${host.token}` })
    expect(okHeader.status).toBe(200)
    expect(okHeader.body).toContain('<title>app</title>')
    expect(okHeader.headers['content-security-policy']).toMatch(/default-src 'self'/)
    expect((await get(host.port, `/assets/app.js?token=${host.token}`)).status).toBe(200)
    expect((await get(host.port, '/', { Cookie: `circumplex_token=${host.token}` })).status).toBe(200)
  })

  it('trades the token for an HttpOnly SameSite cookie at /auth', async () => {
    const r = await get(host.port, '/auth', { Authorization: `Bearer ${host.token}` }, 'POST')
    expect(r.status).toBe(204)
    expect(String(r.headers['set-cookie'])).toMatch(/circumplex_token=.*HttpOnly; SameSite=Strict/)
    expect((await get(host.port, '/auth', {}, 'POST')).status).toBe(401)
  })

  it('serves the login page (no app content) to a browser without the token', async () => {
    const r = await get(host.port, '/', { Accept: 'text/html' })
    expect(r.status).toBe(401)
    expect(r.body).toContain('#token=')
    expect(r.body).not.toContain('<title>app</title>')
  })

  it('never escapes the renderer directory and lists no directories', async () => {
    const auth = { Authorization: `Bearer ${host.token}` }
    const attempts = [
      '/../secret.txt',
      '/../../etc/passwd',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%252e%252e/secret.txt',
      '/assets/%00/app.js',
      '/%E0%A4%A',
      '/assets',
      '/assets/'
    ]
    for (const path of attempts) {
      const r = await get(host.port, path, auth)
      expect([400, 404], path).toContain(r.status)
      expect(r.body, path).not.toContain('TOP SECRET')
    }
  })

  it('refuses a foreign Host header (DNS rebinding) and other methods', async () => {
    expect((await get(host.port, '/', { Authorization: `Bearer ${host.token}`, Host: 'evil.example:80' })).status).toBe(421)
    expect((await get(host.port, '/', { Authorization: `Bearer ${host.token}` }, 'DELETE')).status).toBe(405)
  })

  it('speaks the contract over WebSocket and returns INVALID_ARGUMENT / UNKNOWN_CHANNEL as codes', async () => {
    const url = `ws://127.0.0.1:${host.port}/ws?token=${host.token}`
    const answers = await wsCall(url, [
      { type: 'invoke', id: 1, channel: 'app:info', args: {} },
      { type: 'invoke', id: 2, channel: 'sessions:get', args: { sessionId: 42 } },
      { type: 'invoke', id: 3, channel: 'fs:readFile', args: { path: '/etc/passwd' } },
      'not json',
      { type: 'invoke', id: 5, channel: 'sessions:list', args: { evil: true } }
    ])
    const byId = (id: number | null) => answers.find((a) => (a as { id: number | null }).id === id) as { result: { ok: boolean; error?: { code: string } } }
    expect(byId(1).result).toEqual(ok({ name: 'Circumplex' }))
    expect(byId(2).result.error?.code).toBe('INVALID_ARGUMENT')
    expect(byId(3).result.error?.code).toBe('UNKNOWN_CHANNEL')
    expect(byId(null).result.error?.code).toBe('INVALID_ARGUMENT')
    expect(byId(5).result.error?.code).toBe('INVALID_ARGUMENT')
  })

  it('answers PAYLOAD_TOO_LARGE for an oversized message', async () => {
    const url = `ws://127.0.0.1:${host.port}/ws?token=${host.token}`
    const big = JSON.stringify({ id: 9, type: 'invoke', channel: 'sessions:list', args: { x: 'y'.repeat(9 * 1024 * 1024) } })
    const [a] = await wsCall(url, [big])
    expect(a).toMatchObject({ id: 9, result: { ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } } })
  })

  it('refuses WebSocket upgrades without the token or from another origin', async () => {
    await expect(wsCall(`ws://127.0.0.1:${host.port}/ws`, [{}])).rejects.toThrow(/401/)
    await expect(
      wsCall(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, [{}], { Origin: 'http://evil.example' })
    ).rejects.toThrow(/403/)
  })

  it('pushes events to connected clients', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`)
    await new Promise((r) => ws.on('open', r))
    const got = new Promise((r) => ws.on('message', (d) => r(JSON.parse(String(d)))))
    events.emit('sessions:changed', { sessionId: 's1' })
    expect(await got).toEqual({ type: 'event', event: 'sessions:changed', payload: { sessionId: 's1' } })
    ws.close()
  })
})
