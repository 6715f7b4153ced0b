import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { handleMediaRequest, mediaProtocolSessionId, mediaResponse, registerMediaScheme } from './media-protocol'

// Electron cannot run in this test environment: the protocol's pure parts are tested here (URL → session id,
// the response for a file and a Range header, resolution through the DB callback only); registration is a stub.
const dir = mkdtempSync(join(tmpdir(), 'cx-media-proto-'))
const file = join(dir, 'v.mp4')
writeFileSync(file, Buffer.from(Array.from({ length: 100 }, (_, i) => i)))

describe('circumplex-media:// protocol', () => {
  it('accepts only circumplex-media://session/<id>', () => {
    expect(mediaProtocolSessionId('circumplex-media://session/abc-123')).toBe('abc-123')
    expect(mediaProtocolSessionId('circumplex-media://session/a:b.c_d')).toBe('a:b.c_d')
    expect(mediaProtocolSessionId('circumplex-media://other/abc')).toBeNull()
    expect(mediaProtocolSessionId('circumplex-media://session/abc/def')).toBeNull()
    expect(mediaProtocolSessionId('circumplex-media://session/..%2Fetc%2Fpasswd')).toBeNull()
    expect(mediaProtocolSessionId('circumplex-media://session/../etc/passwd')).toBeNull()
    expect(mediaProtocolSessionId('circumplex-media://session/')).toBeNull()
    expect(mediaProtocolSessionId('circumplex-media://session/abc?path=/etc/passwd')).toBeNull()
    expect(mediaProtocolSessionId('file:///etc/passwd')).toBeNull()
    expect(mediaProtocolSessionId('not a url')).toBeNull()
  })

  it('serves the whole file, a range (206), 416 and 404', async () => {
    const whole = mediaResponse(file, 'GET', null)
    expect(whole.status).toBe(200)
    expect(whole.headers.get('content-type')).toBe('video/mp4')
    expect(whole.headers.get('accept-ranges')).toBe('bytes')
    expect(new Uint8Array(await whole.arrayBuffer())).toHaveLength(100)
    const part = mediaResponse(file, 'GET', 'bytes=10-19')
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe('bytes 10-19/100')
    expect(part.headers.get('content-length')).toBe('10')
    expect(Array.from(new Uint8Array(await part.arrayBuffer()))).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19])
    const tail = mediaResponse(file, 'GET', 'bytes=-5')
    expect(Array.from(new Uint8Array(await tail.arrayBuffer()))).toEqual([95, 96, 97, 98, 99])
    expect(mediaResponse(file, 'GET', 'bytes=200-').status).toBe(416)
    const head = mediaResponse(file, 'HEAD', 'bytes=0-0')
    expect([head.status, head.headers.get('content-length'), head.body]).toEqual([206, '1', null])
    expect(mediaResponse(join(dir, 'gone.mp4'), 'GET', null).status).toBe(404)
    expect(mediaResponse(null, 'GET', null).status).toBe(404)
    expect(mediaResponse(dir, 'GET', null).status).toBe(404) // a directory is not a video
    expect(mediaResponse(file, 'POST', null).status).toBe(405)
  })

  it('resolves the file by session id through the DB callback, never from the URL', async () => {
    const asked: string[] = []
    const resolve = (id: string) => {
      asked.push(id)
      return id === 's1' ? file : null
    }
    const ok = handleMediaRequest(new Request('circumplex-media://session/s1', { headers: { Range: 'bytes=0-3' } }), resolve)
    expect(ok.status).toBe(206)
    expect(Array.from(new Uint8Array(await ok.arrayBuffer()))).toEqual([0, 1, 2, 3])
    expect(handleMediaRequest(new Request('circumplex-media://session/s2'), resolve).status).toBe(404)
    expect(handleMediaRequest(new Request(`circumplex-media://session/${encodeURIComponent(file)}`), resolve).status).toBe(404)
    expect(asked).toEqual(['s1', 's2'])
  })

  it('registers a privileged streaming scheme', () => {
    const seen: unknown[] = []
    registerMediaScheme({ registerSchemesAsPrivileged: (s) => seen.push(...s) })
    expect(seen).toEqual([{ scheme: 'circumplex-media', privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } }])
  })
})
