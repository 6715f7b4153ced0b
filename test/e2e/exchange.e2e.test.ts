/// <reference lib="dom" />
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExchangeFormat } from '../../src/shared/annotation'
import { FORMAT_INFO } from '../../src/renderer/src/features/export/exchange-logic'
import { ARTIFACTS, CHROMIUM_ARGS, chromiumPath, downloadByClick, invoke, routeUrl, serve, signIn, tempDir, waitFor, type Served } from './harness'

interface Points {
  frames: number[]
  valence: (number | null)[]
  arousal: (number | null)[]
}
interface Rater {
  name: string
  annotatorId: string
  traceId: string
  v: number[]
  a: number[]
}

async function call<T>(s: Served, channel: string, args: unknown = {}): Promise<T> {
  const r = await invoke(s, channel, args)
  if (!r.ok) throw new Error(`${channel}: ${r.error?.code} ${r.error?.message}`)
  return r.data as T
}

/** Piecewise linear between knots every 5 frames (0.2 s at 25 fps: on the frame grid and SEWA's 0.1 s grid), float32. */
function signal(n: number, knot: (k: number) => number): number[] {
  const knots = Array.from({ length: Math.ceil(n / 5) + 1 }, (_, k) => Math.max(-0.95, Math.min(0.95, knot(k))))
  return Array.from({ length: n }, (_, f) => {
    const k = Math.floor(f / 5)
    const w = (f % 5) / 5
    return Math.fround(knots[k] * (1 - w) + knots[k + 1] * w)
  })
}

/** A complete 2-D rating pass of a new annotator over frames [0, n) through the contract. */
async function ratePass(s: Served, sessionId: string, name: string, v: number[], a: number[], frames = v.length): Promise<Rater> {
  const annotator = await call<{ id: string }>(s, 'annotators:create', { name })
  const pass = await call<{ id: string; traceId: string }>(s, 'annotations:start-pass', { sessionId, annotatorId: annotator.id, mode: '2d' })
  const samples = Array.from({ length: frames }, (_, f) => [f, v[f], a[f]])
  for (let i = 0; i < samples.length; i += 500) await call(s, 'annotations:append', { passId: pass.id, samples: samples.slice(i, i + 500) })
  await call(s, 'annotations:finish-pass', { passId: pass.id })
  return { name, annotatorId: annotator.id, traceId: pass.traceId, v, a }
}

/** Linear interpolation of per-frame values at time t on the frames' timestamps. */
function at(pts: Float64Array, x: readonly number[], t: number): number {
  let hi = pts.findIndex((p) => p >= t - 1e-9)
  if (hi < 0) hi = pts.length - 1
  if (Math.abs(pts[hi] - t) < 1e-9 || hi === 0) return x[hi]
  const lo = hi - 1
  const w = (t - pts[lo]) / (pts[hi] - pts[lo])
  return x[lo] * (1 - w) + x[hi] * w
}

/** Parses an exported file into rows of numbers and checks them against the rater's values. Returns the row count. */
function checkRows(format: ExchangeFormat, text: string, r: Rater, pts: Float64Array, dimension: 'valence' | 'arousal'): number {
  const n = pts.length
  const lines = text.trimEnd().split('\n')
  const near = (got: number, want: number, what: string) => expect(Math.abs(got - want), `${format} ${what}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-6)
  const one = dimension === 'valence' ? r.v : r.a
  switch (format) {
    case 'circumplex': {
      expect(lines[0]).toBe('frame,time_s,valence,arousal,source')
      const rows = lines.slice(1).map((l) => l.split(','))
      expect(rows).toHaveLength(n)
      rows.forEach((c, f) => {
        expect(Number(c[0])).toBe(f)
        expect(Number(c[2])).toBe(r.v[f]) // lossless: float32 written with full precision
        expect(Number(c[3])).toBe(r.a[f])
      })
      return rows.length
    }
    case 'aff-wild2': {
      expect(lines[0]).toBe('valence,arousal')
      const rows = lines.slice(1).map((l) => l.split(',').map(Number))
      expect(rows).toHaveLength(n)
      rows.forEach(([v, a], f) => {
        expect(v).toBe(r.v[f])
        expect(a).toBe(r.a[f])
      })
      return rows.length
    }
    case 'afew-va': {
      const doc = JSON.parse(text) as { frames: Record<string, { valence: number; arousal: number }> }
      const keys = Object.keys(doc.frames)
      expect(keys).toHaveLength(n)
      keys.forEach((k, f) => {
        expect(k).toBe(String(f).padStart(5, '0'))
        near(doc.frames[k].valence / 10, r.v[f], `valence frame ${f}`)
        near(doc.frames[k].arousal / 10, r.a[f], `arousal frame ${f}`)
      })
      return keys.length
    }
    case 'sewa': {
      expect(lines[0]).toBe('name;timestamp;arousal;valence;liking')
      const rows = lines.slice(1).map((l) => l.split(';'))
      expect(rows).toHaveLength(Math.floor((pts[n - 1] - pts[0]) * 10 + 1e-6) + 1)
      rows.forEach((c) => {
        const t = Number(c[1])
        near(Number(c[2]), at(pts, r.a, t), `arousal at ${t}`)
        near(Number(c[3]), at(pts, r.v, t), `valence at ${t}`)
      })
      return rows.length
    }
    case 'nova': {
      const rows = lines.map((l) => l.split(';').map(Number))
      expect(rows).toHaveLength(n) // default rate = the video's fps: one sample per frame
      rows.forEach(([score, confidence], k) => {
        expect(confidence).toBe(1)
        near(score, one[k], `score ${k}`)
      })
      return rows.length
    }
    case 'darma': {
      expect(lines[0]).toBe('time,x,y')
      const rows = lines.slice(1).map((l) => l.split(',').map(Number))
      expect(rows).toHaveLength(n)
      rows.forEach(([t, x, y]) => {
        near(x, at(pts, r.v, t), `x at ${t}`)
        near(y, at(pts, r.a, t), `y at ${t}`)
      })
      return rows.length
    }
    case 'carma': {
      expect(lines[0]).toBe('time,value')
      const rows = lines.slice(1).map((l) => l.split(',').map(Number))
      expect(rows).toHaveLength(n)
      rows.forEach(([t, value]) => near(value, at(pts, one, t), `value at ${t}`))
      return rows.length
    }
  }
}

const FORMATS: { format: ExchangeFormat; dimension?: 'valence' | 'arousal' }[] = [
  { format: 'circumplex' },
  { format: 'sewa' },
  { format: 'aff-wild2' },
  { format: 'nova', dimension: 'arousal' },
  { format: 'darma' },
  { format: 'carma', dimension: 'valence' },
  { format: 'afew-va' }
]

describe('CSV exchange in Chromium', () => {
  let s: Served
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let sessionId = ''
  let pts: Float64Array
  let ann: Rater
  let bob: Rater
  let short: Rater
  /** Downloaded file texts by format (Ann's trace). */
  const downloaded = new Map<ExchangeFormat, { name: string; text: string }>()
  const consoleErrors: string[] = []
  let firstImport = ''

  beforeAll(async () => {
    s = await serve(tempDir('cx-exchange-'))
    const sessions = await waitFor('the demo session', async () => {
      const r = await invoke(s, 'sessions:list')
      return r.ok && Array.isArray(r.data) && r.data.length > 0 ? (r.data as { id: string }[]) : null
    })
    sessionId = sessions[0].id
    const ts = await call<{ timestamps: string; frameCount: number }>(s, 'sessions:timestamps', { sessionId })
    pts = new Float64Array(new Uint8Array(Buffer.from(ts.timestamps, 'base64')).buffer)
    const n = pts.length
    // Two raters who agree closely but not exactly, and a third who stopped half way (a trace shorter than the video).
    const v = signal(n, (k) => 0.8 * Math.sin(0.37 * k))
    const a = signal(n, (k) => 0.6 * Math.cos(0.23 * k) + 0.1)
    ann = await ratePass(s, sessionId, 'Ann E2E', v, a)
    bob = await ratePass(
      s,
      sessionId,
      'Bob E2E',
      signal(n, (k) => 0.85 * 0.8 * Math.sin(0.37 * k + 0.15) + 0.04 * Math.cos(1.3 * k)),
      signal(n, (k) => 0.9 * (0.6 * Math.cos(0.23 * k) + 0.1) - 0.05 + 0.03 * Math.sin(2.1 * k))
    )
    short = await ratePass(s, sessionId, 'Short E2E', v, a, Math.floor(n / 2))
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true })
    page = await context.newPage()
    page.on('console', (m) => {
      if (m.type() === 'error' && !/401|WebSocket/.test(m.text())) consoleErrors.push(m.text())
    })
    page.on('pageerror', (e) => consoleErrors.push(e.message))
  })

  afterAll(async () => {
    await browser?.close()
    await s?.stop()
  })

  async function chooseTraces(ids: string[]): Promise<void> {
    const panel = page.getByTestId('export-panel')
    await panel.getByRole('button', { name: 'none' }).click()
    for (const id of ids) await panel.locator(`[data-testid="trace-check"][data-trace-id="${id}"]`).check()
  }

  /** Runs an export from the form and waits for its files to be listed. */
  async function exportFrom(format: ExchangeFormat, dimension?: 'valence' | 'arousal'): Promise<void> {
    await page.getByTestId('export-format').selectOption(format)
    if (dimension) await page.getByTestId(`export-dimension-${dimension}`).check()
    await page.getByTestId('export-run').click()
    const label = FORMAT_INFO[format].label
    await page.waitForFunction((l) => document.querySelector('[data-testid="export-results"] .x-results-head')?.textContent?.includes(` ${l} file`), label, { timeout: 15_000 })
  }

  async function download(traceId: string): Promise<{ name: string; text: string }> {
    const file = page.locator(`[data-testid="export-file"][data-trace-id="${traceId}"]`)
    const d = await downloadByClick(page, file.getByTestId('export-download'), `export of trace ${traceId}`)
    const path = await d.path()
    return { name: d.suggestedFilename(), text: readFileSync(path, 'utf8') }
  }

  it('exports both raters in every format; each download holds the backend file, with the rows the page announces', async () => {
    await signIn(page, s)
    await page.goto(routeUrl(s, 'export'))
    await page.getByTestId('export-panel').waitFor({ state: 'visible', timeout: 30_000 })
    await page.locator(`[data-testid="trace-check"][data-trace-id="${ann.traceId}"]`).waitFor({ timeout: 15_000 })
    await chooseTraces([ann.traceId, bob.traceId])
    for (const { format, dimension } of FORMATS) {
      await exportFrom(format, dimension)
      const files = page.getByTestId('export-file')
      await expect(files.count()).resolves.toBe(2)
      const want = await call<{ traceId: string; fileName: string; text: string; rows: number; warnings: string[] }[]>(s, 'annotations:export', {
        sessionId,
        traceIds: [ann.traceId, bob.traceId],
        format,
        ...(dimension ? { dimension } : {})
      })
      for (const r of [ann, bob]) {
        const got = await download(r.traceId)
        const backend = want.find((w) => w.traceId === r.traceId)!
        expect(got.name).toBe(backend.fileName)
        expect(got.name.endsWith(`.${FORMAT_INFO[format].ext}`)).toBe(true)
        expect(got.text).toBe(backend.text)
        expect(backend.warnings).toEqual([])
        const rows = checkRows(format, got.text, r, pts, dimension ?? 'valence')
        const shown = await page.locator(`[data-testid="export-file"][data-trace-id="${r.traceId}"]`).getAttribute('data-rows')
        expect(Number(shown)).toBe(backend.rows)
        expect(rows).toBe(backend.rows)
        if (r === ann) downloaded.set(format, got)
      }
      if (format === 'circumplex') await page.screenshot({ path: join(ARTIFACTS, 'export-dialog.png'), fullPage: true })
    }
    expect(consoleErrors).toEqual([])
  })

  it('refuses a trace shorter than the video with LENGTH_MISMATCH, then exports anyway with a warning', async () => {
    await chooseTraces([short.traceId])
    await page.getByTestId('export-format').selectOption('circumplex')
    await page.getByTestId('export-run').click()
    const err = page.getByTestId('export-error')
    await err.waitFor({ state: 'visible', timeout: 15_000 })
    await expect(err.getAttribute('data-code')).resolves.toBe('LENGTH_MISMATCH')
    const n = pts.length
    const half = Math.floor(n / 2)
    await expect(err.innerText()).resolves.toMatch(new RegExp(`LENGTH_MISMATCH[\\s\\S]*spans ${half} frame\\(s\\) but the video .* has ${n}`))
    await page.screenshot({ path: join(ARTIFACTS, 'export-length-mismatch.png'), fullPage: true })
    await page.getByTestId('export-anyway').click()
    const file = page.locator(`[data-testid="export-file"][data-trace-id="${short.traceId}"]`)
    await file.waitFor({ state: 'visible', timeout: 15_000 })
    await expect(file.getAttribute('data-rows')).resolves.toBe(String(pts.length))
    await expect(file.getByTestId('export-warnings').innerText()).resolves.toContain(`frames ${half}..${n - 1} written as missing`)
    await expect(page.getByTestId('export-error').count()).resolves.toBe(0)
  })

  it('imports the exported Circumplex CSV back through the preview: the new trace equals the original', async () => {
    await page.getByTestId('tab-import').click()
    await page.getByTestId('import-panel').waitFor({ state: 'visible' })
    // A new annotator made in the form.
    await page.getByTestId('import-new-annotator').fill('Importer E2E')
    await page.getByTestId('import-new-annotator').press('Enter')
    await page.waitForFunction(() => (document.querySelector('[data-testid="import-annotator"]') as HTMLSelectElement | null)?.selectedOptions[0]?.text === 'Importer E2E')
    const file = downloaded.get('circumplex')!
    await page.getByTestId('import-file').setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: Buffer.from(file.text) })
    await expect.poll(() => page.getByTestId('import-format').inputValue(), { timeout: 10_000 }).toBe('circumplex') // recognised from the header
    const preview = page.getByTestId('import-preview')
    await preview.waitFor({ state: 'visible', timeout: 15_000 })
    const n = pts.length
    await page.waitForFunction((nn) => document.querySelector('[data-testid="import-preview"]')?.getAttribute('data-covered') === String(nn), n)
    await expect(preview.getAttribute('data-row-count')).resolves.toBe(String(n))
    await expect(page.getByTestId('preview-coverage').innerText()).resolves.toBe(`${n} of ${n} frames (100.0 %)`)
    const vStats = page.getByTestId('preview-stats-valence')
    expect(Number(await vStats.getAttribute('data-min'))).toBeCloseTo(Math.min(...ann.v), 9)
    expect(Number(await vStats.getAttribute('data-max'))).toBeCloseTo(Math.max(...ann.v), 9)
    expect(Number(await vStats.getAttribute('data-missing'))).toBe(0)
    await expect(page.getByTestId('preview-first-rows').locator('tbody tr').count()).resolves.toBe(5)
    await page.screenshot({ path: join(ARTIFACTS, 'import-preview.png'), fullPage: true })

    await page.getByTestId('import-name').fill('Ann round trip')
    await page.getByTestId('import-run').click()
    const result = page.getByTestId('import-result')
    await result.waitFor({ state: 'visible', timeout: 15_000 })
    const traceId = (await result.getAttribute('data-trace-id'))!
    firstImport = traceId
    await expect(page.getByTestId('import-review-link').getAttribute('href')).resolves.toBe(`#/review/${sessionId}`)
    const back = await call<Points>(s, 'traces:get', { traceId })
    expect(back.frames).toEqual(Array.from({ length: n }, (_, f) => f))
    expect(back.valence).toEqual(ann.v) // lossless: float32 → text → float32
    expect(back.arousal).toEqual(ann.a)
    const list = await call<{ id: string; name: string; kind: string; sourceType: string }[]>(s, 'traces:list', { sessionId })
    expect(list.find((t) => t.id === traceId)).toMatchObject({ name: 'Ann round trip', kind: 'annotation', sourceType: 'import' })
  })

  it('maps a one-dimension CARMA file onto arousal with the mapping dialog', async () => {
    const file = downloaded.get('carma')! // Ann's valence
    await page.getByTestId('import-file').setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: Buffer.from(file.text) })
    // The file is read asynchronously; its format is recognised once it has been read.
    await expect.poll(() => page.getByTestId('import-format').inputValue(), { timeout: 10_000 }).toBe('carma')
    await page.getByTestId('mapping-dimension').selectOption('arousal')
    await page.waitForFunction(() => document.querySelector('[data-testid="preview-stats-arousal"]') !== null && document.querySelector('[data-testid="preview-stats-valence"]') === null)
    await page.waitForFunction(() => !document.querySelector('.x-preview.x-stale') && (document.querySelector('[data-testid="import-run"]') as HTMLButtonElement | null)?.disabled === false)
    await page.getByTestId('import-name').fill('Ann valence as arousal')
    await page.getByTestId('import-run').click()
    // Choosing a new file cleared the previous result: the result shown now is this import's.
    await page.getByTestId('import-result').waitFor({ state: 'visible', timeout: 15_000 })
    const traceId = (await page.getByTestId('import-result').getAttribute('data-trace-id'))!
    expect(traceId).not.toBe(firstImport)
    const back = await call<Points>(s, 'traces:get', { traceId })
    expect(back.valence.every((x) => x === null)).toBe(true)
    back.frames.forEach((f, i) => expect(Math.abs((back.arousal[i] as number) - ann.v[f])).toBeLessThanOrEqual(1e-6))
    expect(back.frames).toHaveLength(pts.length)
  })

  it('shows a bad file’s error code and message, keeping the form as it was', async () => {
    await page.getByTestId('import-format').selectOption('circumplex')
    await page.getByTestId('import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('frame;time_s;valence;arousal;source\n0;0;0.1;0.2;x\n') })
    const err = page.getByTestId('preview-error')
    await err.waitFor({ state: 'visible', timeout: 15_000 })
    await expect(err.getAttribute('data-code')).resolves.toBe('PARSE_ERROR')
    await expect(page.getByTestId('import-run').isDisabled()).resolves.toBe(true)
    await expect(page.getByTestId('import-name').inputValue()).resolves.toBe('Ann valence as arousal')
    await page.waitForFunction(() => (document.querySelector('[data-testid="import-annotator"]') as HTMLSelectElement | null)?.selectedOptions[0]?.text === 'Importer E2E')
    await page.screenshot({ path: join(ARTIFACTS, 'import-error.png'), fullPage: true })
    expect(consoleErrors).toEqual([])
  })
})
