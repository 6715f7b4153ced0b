import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDispatcher, type Handlers } from '../ipc/dispatch'
import { EventBus } from '../services/event-bus'
import { startBrowserHost, type BrowserHost } from './http-server'
import { mediaSessionId, mediaType, parseRange } from './media-route'

interface Reply {
  status: number
  body: Buffer
  headers: Record<string, string | string[] | undefined>
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('parseRange', () => {
  it('reads one bytes= range, suffixes and open ends; multi-range falls back to the whole file', () => {
    expect(parseRange(undefined, 100)).toBeNull()
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 })
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange('bytes=95-500', 100)).toEqual({ start: 95, end: 99 })
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable')
    expect(parseRange('bytes=5-2', 100)).toBe('unsatisfiable')
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull()
    expect(parseRange('items=0-1', 100)).toBeNull()
  })
  it('accepts only a bare session id after /media/', () => {
    expect(mediaSessionId('/media/abc-123')).toBe('abc-123')
    expect(mediaSessionId('/media/..')).toBeNull()
    expect(mediaSessionId('/media/a/b')).toBeNull()
    expect(mediaSessionId('/media/%2e%2e%2fsecret')).toBeNull()
    expect(mediaSessionId('/other/abc')).toBeNull()
    expect(mediaType('/x/clip.MP4')).toBe('video/mp4')
    expect(mediaType('/x/clip.webm')).toBe('video/webm')
    expect(mediaType('/x/clip.bin')).toBe('application/octet-stream')
  })
})

describe('GET /media/<sessionId>', () => {
  let host: BrowserHost
  const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251))
  const asked: string[] = []
  beforeAll(async () => {
    const base = mkdtempSync(join(tmpdir(), 'cx-media-'))
    const root = join(base, 'renderer')
    mkdirSync(root)
    writeFileSync(join(root, 'index.html'), '<!doctype html>')
    writeFileSync(join(base, 'clip.mp4'), bytes)
    writeFileSync(join(base, 'secret.txt'), 'TOP SECRET')
    host = await startBrowserHost({
      rendererDir: root,
      dispatch: createDispatcher({} as Handlers, { error: () => undefined }),
      events: new EventBus(),
      resolveMedia: (id) => {
        asked.push(id)
        return id === 'sess-1' ? join(base, 'clip.mp4') : id === 'gone' ? join(base, 'missing.mp4') : null
      }
    })
  })
  afterAll(async () => host.close())
  const auth = () => ({ Authorization: `Bearer ${host.token}` })

  it('needs the token like every request (401 before any lookup)', async () => {
    const r = await get(host.port, '/media/sess-1', { Range: 'bytes=0-9' })
    expect(r.status).toBe(401)
    expect(asked).toEqual([])
  })

  it('serves the whole file with its type and Accept-Ranges', async () => {
    const r = await get(host.port, '/media/sess-1', auth())
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe('video/mp4')
    expect(r.headers['accept-ranges']).toBe('bytes')
    expect(r.body.equals(bytes)).toBe(true)
  })

  it('answers a Range with 206 and exactly those bytes; out-of-file ranges with 416', async () => {
    const r = await get(host.port, '/media/sess-1', { ...auth(), Range: 'bytes=100-199' })
    expect(r.status).toBe(206)
    expect(r.headers['content-range']).toBe('bytes 100-199/1000')
    expect(r.headers['content-length']).toBe('100')
    expect(r.body.equals(bytes.subarray(100, 200))).toBe(true)
    const tail = await get(host.port, '/media/sess-1', { ...auth(), Range: 'bytes=-10' })
    expect(tail.status).toBe(206)
    expect(tail.body.equals(bytes.subarray(990))).toBe(true)
    const bad = await get(host.port, '/media/sess-1', { ...auth(), Range: 'bytes=5000-' })
    expect(bad.status).toBe(416)
    expect(bad.headers['content-range']).toBe('bytes */1000')
    const head = await get(host.port, `/media/sess-1?token=${host.token}`, { Range: 'bytes=0-9' }, 'HEAD')
    expect(head.status).toBe(206)
    expect(head.body.length).toBe(0)
  })

  it('404s an unknown session and a session whose file is gone', async () => {
    expect((await get(host.port, '/media/unknown', auth())).status).toBe(404)
    expect((await get(host.port, '/media/gone', auth())).status).toBe(404)
  })

  it('never serves another path: traversal, encoded traversal, extra segments', async () => {
    for (const p of ['/media/../secret.txt', '/media/..%2fsecret.txt', '/media/%2e%2e/secret.txt', '/media/sess-1/../../secret.txt', '/media/sess-1/x', '/media/', '/media/sess-1%00']) {
      const r = await get(host.port, p, auth())
      expect(r.status, p).not.toBe(200)
      expect(r.status, p).not.toBe(206)
      expect(r.body.toString()).not.toContain('TOP SECRET')
    }
    expect(asked.every((id) => id === 'sess-1' || id === 'unknown' || id === 'gone')).toBe(true)
  })
})
