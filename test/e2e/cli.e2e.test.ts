import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, invoke, serve, tempDir, type Served } from './harness'

function status(port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('circumplex CLI', () => {
  it('prints its version and help, and refuses unknown commands with a one-line reason', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
    expect(cli(['--version']).stdout.trim()).toBe(pkg.version)
    const help = cli(['--help'])
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/serve/)
    expect(help.stdout).toMatch(/doctor/)
    const bad = cli(['frobnicate'])
    expect(bad.status).toBe(2)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toMatch(/^circumplex: INVALID_ARGUMENT: unknown command/)
  })

  it('doctor --json reports Electron, tfjs backends, ffmpeg and the data dir truthfully', () => {
    const dataDir = tempDir('cx-doctor-')
    const r = cli(['doctor', '--json', '--data-dir', dataDir])
    expect(r.status).toBe(0)
    const report = JSON.parse(r.stdout) as {
      electron: { usable: boolean; binary: string | null; reason: string; packageVersion: string | null }
      tfjs: { backends: { name: string; available: boolean; reason: string }[]; best: string | null }
      ffmpeg: { path: string | null; version: string | null }
      dataDir: { path: string }
    }
    // Electron: usable exactly when its binary exists on disk.
    const hasBinary = existsSync(join('node_modules', 'electron', 'dist')) || !!process.env.ELECTRON_OVERRIDE_DIST_PATH
    if (!hasBinary) {
      expect(report.electron.usable).toBe(false)
      expect(report.electron.binary).toBeNull()
      expect(report.electron.reason).toMatch(/no binary/)
    }
    expect(report.electron.packageVersion).toMatch(/^45\./)
    // tfjs: every backend is listed in preference order; the wasm backend really runs here.
    expect(report.tfjs.backends.map((b) => b.name)).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'])
    const wasm = report.tfjs.backends.find((b) => b.name === 'wasm')
    expect(wasm?.available, wasm?.reason).toBe(true)
    expect(wasm?.reason).toMatch(/4\.22\.0/)
    const gpu = report.tfjs.backends.find((b) => b.name === 'tensorflow-gpu')
    if (!existsSync(join('node_modules', '@tensorflow', 'tfjs-node-gpu'))) {
      expect(gpu).toMatchObject({ available: false, reason: '@tensorflow/tfjs-node-gpu is not installed' })
    }
    expect(report.tfjs.best).toBe(report.tfjs.backends.find((b) => b.available)?.name)
    // ffmpeg: the version line of the binary that is on PATH.
    expect(report.ffmpeg.version).toMatch(/^ffmpeg version/)
    expect(report.dataDir.path).toBe(dataDir)
  })

  it('refuses a database from a future schema and leaves it byte-identical', () => {
    const dataDir = tempDir('cx-future-')
    const file = join(dataDir, 'circumplex.sqlite')
    const db = new Database(file)
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);')
    db.pragma('user_version = 999')
    db.close()
    const before = createHash('sha256').update(readFileSync(file)).digest('hex')
    const r = cli(['serve', '--data-dir', dataDir, '--json'])
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/DB_FUTURE_VERSION/)
    expect(r.stderr).toMatch(/left untouched/)
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(before)
  })

  it('reports a data dir that cannot be written', () => {
    const blocker = join(tempDir('cx-ro-'), 'file')
    writeFileSync(blocker, 'x')
    const r = cli(['serve', '--data-dir', join(blocker, 'data'), '--json'])
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/DATA_DIR_NOT_WRITABLE/)
  })

  it('rejects a bad --port with a usage error', () => {
    const r = cli(['serve', '--port', 'http'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/INVALID_ARGUMENT: --port must be an integer/)
  })
})

describe('circumplex serve', () => {
  let s: Served
  beforeAll(async () => {
    const dataDir = tempDir('cx-serve-')
    mkdirSync(dataDir, { recursive: true })
    s = await serve(dataDir, ['--no-demo'])
  })
  afterAll(async () => s?.stop())

  it('answers 401 without the token and 200 with it', async () => {
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/)
    expect(await status(s.port, '/')).toBe(401)
    expect(await status(s.port, '/', { Authorization: `Bearer ${s.token}` })).toBe(200)
    expect(await status(s.port, `/?token=${s.token}`)).toBe(200)
  })

  it('never serves files outside the renderer directory', async () => {
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/../../../../etc/passwd', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd']) {
      expect([400, 404]).toContain(await status(s.port, p, { Authorization: `Bearer ${s.token}` }))
    }
  })

  it('answers bad WebSocket calls with INVALID_ARGUMENT and real ones with data', async () => {
    expect((await invoke(s, 'sessions:get', { sessionId: 12 })).error?.code).toBe('INVALID_ARGUMENT')
    expect((await invoke(s, 'traces:get', { traceId: 'x', fromFrame: 'zero' })).error?.code).toBe('INVALID_ARGUMENT')
    expect((await invoke(s, 'sessions:get', { sessionId: 'missing' })).error?.code).toBe('NOT_FOUND')
    const info = await invoke(s, 'app:info')
    expect(info).toMatchObject({ ok: true, data: { name: 'Circumplex', host: 'browser', dataDir: s.dataDir } })
    expect(await invoke(s, 'sessions:list')).toEqual({ ok: true, data: [] })
  })
})
