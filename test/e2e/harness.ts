import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import type { Download, Locator, Page } from 'playwright-core'
import WebSocket from 'ws'

export const ROOT = resolve(import.meta.dirname, '..', '..')
export const CLI = join(ROOT, 'out', 'main', 'cli.js')
export const ARTIFACTS = join(ROOT, 'test-results', 'e2e')
mkdirSync(ARTIFACTS, { recursive: true })

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export interface CliRun {
  status: number | null
  stdout: string
  stderr: string
}

export function cli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test builds before e2e)`)
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

export interface Served {
  url: string
  port: number
  token: string
  dataDir: string
  child: ChildProcess
  stop(): Promise<void>
}

/** Starts `circumplex serve --json` and resolves with the URL it prints. */
export function serve(dataDir: string, extra: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--json', '--port', '0', '--data-dir', dataDir, ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr?.on('data', (d) => (stderr += String(d)))
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in time; stderr: ${stderr}`)), 60_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited with ${code}: ${stderr}`))
    })
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer)
      const info = JSON.parse(line) as { url: string; port: number; token: string }
      resolvePromise({
        ...info,
        dataDir,
        child,
        stop: () =>
          new Promise<void>((r) => {
            if (child.exitCode !== null) return r()
            child.once('exit', () => r())
            child.kill('SIGTERM')
          })
      })
    })
  })
}

/** One contract call over the browser host's WebSocket. */
export async function invoke(s: Pick<Served, 'port' | 'token'>, channel: string, args: unknown = {}): Promise<{ ok: boolean; data?: unknown; error?: { code: string; message: string } }> {
  const ws = new WebSocket(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`)
  try {
    await new Promise((r, j) => {
      ws.once('open', r)
      ws.once('error', j)
    })
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel, args }))
    // Events (job progress) may arrive first: wait for the answer to this call.
    const msg = await new Promise<{ type: string; id?: number; result?: unknown }>((r) =>
      ws.on('message', (d) => {
        const m = JSON.parse(String(d)) as { type: string; id?: number; result?: unknown }
        if (m.type === 'result' && m.id === 1) r(m)
      })
    )
    return msg.result as { ok: boolean; data?: unknown; error?: { code: string; message: string } }
  } finally {
    ws.close()
  }
}

export async function waitFor<T>(what: string, poll: () => Promise<T | null | undefined>, timeoutMs = 120_000): Promise<T> {
  const t0 = Date.now()
  for (;;) {
    const v = await poll()
    if (v) return v
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

export function chromiumPath(): string {
  const fromEnv = process.env.CIRCUMPLEX_CHROMIUM
  if (fromEnv) return fromEnv
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const r = spawnSync('which', [name], { encoding: 'utf8' })
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim()
  }
  throw new Error('Chromium is needed for the e2e tests: apt-get install chromium (or set CIRCUMPLEX_CHROMIUM)')
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic'
]

/**
 * Signs a page in: opening the served URL trades its #token for the session cookie; the library then shows (its
 * session cards, or with `sessions: false` just its heading for a store without sessions).
 */
export async function signIn(page: Page, s: Pick<Served, 'url'>, opts: { sessions?: boolean } = {}): Promise<void> {
  await page.goto(s.url)
  const ready = opts.sessions === false ? page.getByRole('heading', { name: 'Library' }) : page.getByTestId('session-card').first()
  await ready.waitFor({ state: 'visible', timeout: 30_000 })
}

/** The app URL of a route (`review/<id>`, `train`, …) on the served origin, without the token. */
export function routeUrl(s: Pick<Served, 'url'>, route: string): string {
  return `${s.url.replace(/#.*$/, '')}#/${route}`
}

/** Opens a session in review and waits for its workspace (the page must be signed in). */
export async function openReview(page: Page, s: Pick<Served, 'url'>, sessionId: string): Promise<void> {
  await page.goto(routeUrl(s, `review/${sessionId}`))
  await page.getByTestId('review-workspace').waitFor({ state: 'visible', timeout: 30_000 })
}

/**
 * A tiny synthetic dataset for the training e2e tests: `circumplex synth` (3 subjects × 1 clip of `seconds` at
 * 10 fps, 96²) in `root/synth`, a browser host on a fresh store without the demo (`root/store`), the dataset
 * registered through the contract with one fold (train S01, val S02, test S03).
 */
export async function serveTinyDataset(root: string, seconds: number): Promise<{ s: Served; datasetId: string; dataset: string }> {
  const dataset = join(root, 'synth')
  const made = cli(['synth', '--out', dataset, '--subjects', '3', '--sessions', '1', '--seconds', String(seconds), '--fps', '10', '--size', '96'])
  if (made.status !== 0) throw new Error(`circumplex synth failed: ${made.stderr}`)
  const s = await serve(join(root, 'store'), ['--no-demo'])
  const reg = await invoke(s, 'datasets:register', { path: dataset, format: 'afew-va', name: 'tiny synth' })
  if (!reg.ok) throw new Error(`datasets:register: ${JSON.stringify(reg.error)}`)
  const datasetId = (reg.data as { datasetId: string }).datasetId
  await waitFor('the dataset registration', async () => ((await invoke(s, 'datasets:get', { datasetId })).ok ? true : null), 60_000)
  const folds = await invoke(s, 'datasets:save-folds', { datasetId, folds: [{ name: 'fold-1', train: ['S01'], val: ['S02'], test: ['S03'] }] })
  if (!folds.ok) throw new Error(`datasets:save-folds: ${JSON.stringify(folds.error)}`)
  return { s, datasetId, dataset }
}

/** The demo session of a fresh store, once its generation has finished: its id and frame count. */
export async function demoSession(s: Pick<Served, 'port' | 'token'>): Promise<{ id: string; frameCount: number }> {
  const sessions = await waitFor('the demo session', async () => {
    const r = await invoke(s, 'sessions:list')
    return r.ok && Array.isArray(r.data) && r.data.length > 0 ? (r.data as { id: string; video: { frameCount: number } }[]) : null
  })
  return { id: sessions[0].id, frameCount: sessions[0].video.frameCount }
}

type AnchorLog = { __cxAnchorDownloads?: string[] }

/**
 * Clicks `target` and resolves with the download it starts. It records which file names the page
 * itself asked for (anchor clicks with a download attribute), so a missing download says whether
 * the click never reached the app or the browser dropped what the app started. One retry, logged:
 * CI once saw a download event never arrive from a click that works on every other run.
 */
export async function downloadByClick(page: Page, target: Locator, what: string, timeoutMs = 10_000): Promise<Download> {
  await page.evaluate(() => {
    const w = window as unknown as AnchorLog
    if (w.__cxAnchorDownloads) return
    const log: string[] = []
    w.__cxAnchorDownloads = log
    const click = HTMLAnchorElement.prototype.click
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      if (this.download) log.push(this.download)
      click.call(this)
    }
  })
  const attempts: string[] = []
  for (let attempt = 1; attempt <= 2; attempt++) {
    const before = await page.evaluate(() => (window as unknown as AnchorLog).__cxAnchorDownloads?.length ?? 0)
    const event = page.waitForEvent('download', { timeout: timeoutMs }).catch(() => null)
    let clicked = 'clicked'
    await target.click({ timeout: timeoutMs }).catch((e: unknown) => {
      clicked = `click failed: ${String(e instanceof Error ? e.message : e).split('\n').slice(0, 4).join(' | ')}`
    })
    const d = await event
    const started = await page.evaluate((n) => (window as unknown as AnchorLog).__cxAnchorDownloads?.slice(n) ?? [], before)
    if (d) {
      if (attempt > 1) console.warn(`download of ${what} arrived on the second click (${attempts.join('; ')})`)
      return d
    }
    attempts.push(`attempt ${attempt}: ${clicked}; the page started ${started.length > 0 ? started.join(', ') : 'no download'}`)
    console.warn(`download of ${what}: no download event within ${timeoutMs} ms (${attempts[attempts.length - 1]})`)
  }
  throw new Error(`no download for ${what}: ${attempts.join('; ')}`)
}
