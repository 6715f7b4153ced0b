/// <reference lib="dom" />
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, CHROMIUM_ARGS, chromiumPath, downloadByClick, invoke, openReview, serve, signIn, tempDir, waitFor, type Served } from './harness'

const FRAMES = 15_000 // 10 minutes at 25 fps: far more frames than plot pixels

async function call<T>(s: Served, channel: string, args: unknown = {}): Promise<T> {
  const r = await invoke(s, channel, args)
  if (!r.ok) throw new Error(`${channel}: ${r.error?.code} ${r.error?.message}`)
  return r.data as T
}

const valenceOf = (f: number) => Math.round(1e6 * 0.8 * Math.sin(f / 40)) / 1e6
const arousalOf = (f: number) => Math.round(1e6 * 0.5 * Math.cos(f / 170)) / 1e6

describe('review of a long session: overview, zoom to full resolution, PNG and CSV export', () => {
  let s: Served
  let browser: Browser
  let page: Page
  let sessionId = ''

  beforeAll(async () => {
    const dir = tempDir('cx-zoom-')
    const video = join(dir, 'long.mp4')
    const ff = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=96x64:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=220:sample_rate=16000', '-t', String(FRAMES / 25), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', video], { encoding: 'utf8' })
    expect(ff.status, ff.stderr).toBe(0)
    s = await serve(join(dir, 'data'), ['--no-demo'])
    const job = await call<{ id: string }>(s, 'media:import', { path: video, name: 'Ten minutes', faces: false })
    await waitFor('the import', async () => {
      const jobs = await call<{ id: string; state: string; error: unknown }[]>(s, 'jobs:list')
      const j = jobs.find((x) => x.id === job.id)
      if (j?.state === 'failed') throw new Error(`import failed: ${JSON.stringify(j.error)}`)
      return j?.state === 'done' ? true : null
    }, 240_000)
    sessionId = (await call<{ id: string }[]>(s, 'sessions:list'))[0].id
    const annotator = await call<{ id: string }>(s, 'annotators:create', { name: 'Long' })
    const rows = ['frame,time_s,valence,arousal,source']
    for (let f = 0; f < FRAMES; f++) rows.push(`${f},${(f / 25).toFixed(6)},${valenceOf(f)},${arousalOf(f)},sine`)
    await call(s, 'annotations:import', { sessionId, annotatorId: annotator.id, format: 'circumplex', text: rows.join('\n') + '\n', name: 'sine rater' })
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true })
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await s?.stop()
  })

  it('draws the whole session from the SQLite overview, then full-resolution points once zoomed', async () => {
    await signIn(page, s)
    await openReview(page, s, sessionId)
    const plot = page.getByTestId('trace-plot')
    await expect.poll(() => plot.getAttribute('data-resolution'), { timeout: 20_000 }).toBe('overview')
    // Drag-zoom over ~2 % of the width: a few hundred frames, fewer than the plot's pixels × 16.
    const area = (await page.locator('.trace-chart .nsewdrag').first().boundingBox())!
    const y = area.y + area.height / 2
    await page.mouse.move(area.x + area.width * 0.5, y)
    await page.mouse.down()
    await page.mouse.move(area.x + area.width * 0.51, y, { steps: 5 })
    await page.mouse.move(area.x + area.width * 0.52, y, { steps: 5 })
    await page.mouse.up()
    await expect.poll(() => plot.getAttribute('data-resolution'), { timeout: 20_000 }).toBe('full')
    await page.screenshot({ path: join(ARTIFACTS, 'review-zoomed.png'), fullPage: true })
  })

  it('exports the visible range as CSV at full resolution, with the stored values', async () => {
    const download = await downloadByClick(page, page.getByRole('button', { name: 'CSV' }), 'the visible-range CSV')
    const text = readFileSync((await download.path())!, 'utf8')
    const lines = text.trim().split('\n')
    expect(lines[0]).toBe('frame,time_s,sine rater valence,sine rater arousal')
    const body = lines.slice(1).map((l) => l.split(','))
    expect(body.length).toBeGreaterThan(100)
    expect(body.length).toBeLessThan(FRAMES / 10) // only the zoomed range
    for (let i = 1; i < body.length; i++) expect(Number(body[i][0])).toBe(Number(body[i - 1][0]) + 1)
    for (const [f, , v, a] of body) {
      expect(Number(v)).toBeCloseTo(valenceOf(Number(f)), 6)
      expect(Number(a)).toBeCloseTo(arousalOf(Number(f)), 6)
    }
  })

  it('exports the view as a PNG image', async () => {
    const download = await downloadByClick(page, page.getByRole('button', { name: 'PNG' }), 'the plot PNG')
    const png = readFileSync((await download.path())!)
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG')
    const width = png.readUInt32BE(16)
    const height = png.readUInt32BE(20)
    expect(width).toBeGreaterThan(600)
    expect(height).toBeGreaterThan(300)
  })
})
