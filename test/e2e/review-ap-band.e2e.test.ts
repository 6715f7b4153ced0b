/// <reference lib="dom" />
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertTraceExtra } from '../../src/main/db/queries/runs'
import { insertTrace } from '../../src/main/db/queries/traces'
import { ARTIFACTS, CHROMIUM_ARGS, chromiumPath, demoSession, openReview, serve, signIn, tempDir, type Served } from './harness'

/**
 * The review trace plot drawing an Affective Process prediction: the μ ± 2σ band around its V/A trace and, on
 * request, its sampled functions. The AP trace and its 'va_sigma' / 'va_samples' extras are written straight into
 * the store (the layout of src/shared/review.ts), with σ four times larger in the middle third of the session, so
 * the drawing path is tested on values the test knows: the plot's reported band half-width, and the pixels the
 * band and the samples add to the plot (screenshots diffed in the page).
 */
const S = 4

/** Per third of the plot's width, the fraction of pixels that differ between two PNG screenshots. */
async function diffThirds(page: Page, a: Buffer, b: Buffer): Promise<number[]> {
  return page.evaluate(
    async ([a64, b64]) => {
      const load = async (b: string) => {
        const img = new Image()
        img.src = `data:image/png;base64,${b}`
        await img.decode()
        const c = document.createElement('canvas')
        c.width = img.width
        c.height = img.height
        const g = c.getContext('2d')!
        g.drawImage(img, 0, 0)
        return g.getImageData(0, 0, c.width, c.height)
      }
      const [x, y] = await Promise.all([load(a64), load(b64)])
      const counts = [0, 0, 0]
      const totals = [0, 0, 0]
      for (let row = 0; row < x.height; row++) {
        for (let col = 0; col < x.width; col++) {
          const i = 4 * (row * x.width + col)
          const third = Math.min(2, Math.floor((3 * col) / x.width))
          totals[third]++
          const d = Math.abs(x.data[i] - y.data[i]) + Math.abs(x.data[i + 1] - y.data[i + 1]) + Math.abs(x.data[i + 2] - y.data[i + 2])
          if (d > 24) counts[third]++
        }
      }
      return counts.map((c, k) => c / totals[k])
    },
    [a.toString('base64'), b.toString('base64')] as const
  )
}

describe('review: the AP uncertainty band and sampled functions', () => {
  let s: Served
  let browser: Browser
  let page: Page
  let sessionId = ''
  let frames = 0
  const sigmaOf = (f: number) => (f >= frames / 3 && f < (2 * frames) / 3 ? 0.2 : 0.05)

  beforeAll(async () => {
    s = await serve(tempDir('cx-ap-band-'))
    ;({ id: sessionId, frameCount: frames } = await demoSession(s))
    const db = new Database(join(s.dataDir, 'circumplex.sqlite'))
    db.pragma('busy_timeout = 5000')
    const v = Array.from({ length: frames }, (_, f) => 0.5 * Math.sin(f / 45))
    const a = Array.from({ length: frames }, (_, f) => 0.4 * Math.cos(f / 60))
    const t = insertTrace(db, { sessionId, kind: 'prediction', sourceType: 'model_run', sourceId: 'e2e-ap-run', name: 'AP', meta: { model: 'ap', scale: 'unit' } }, { valence: v, arousal: a })
    insertTraceExtra(db, t, 'va_sigma', 2, Float32Array.from({ length: frames * 2 }, (_, i) => sigmaOf(Math.floor(i / 2))))
    const smp = new Float32Array(frames * 2 * S)
    for (let f = 0; f < frames; f++) {
      for (let k = 0; k < S; k++) {
        smp[f * 2 * S + 2 * k] = v[f] + sigmaOf(f) * (k - 1.5) * Math.cos(f / 30 + k)
        smp[f * 2 * S + 2 * k + 1] = a[f] + sigmaOf(f) * (k - 1.5) * Math.sin(f / 25 + k)
      }
    }
    insertTraceExtra(db, t, 'va_samples', 2 * S, smp)
    insertTraceExtra(db, t, 'ap_context', 1, Float32Array.from({ length: frames }, (_, f) => (f % 7 === 0 ? 1 : 0)))
    db.close()
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    page = await browser.newPage({ viewport: { width: 1440, height: 1100 } })
  })

  afterAll(async () => {
    await browser?.close()
    await s?.stop()
  })

  it('draws μ ± 2σ around the AP trace, wider where σ is, and the sampled functions on request', async () => {
    await signIn(page, s)
    await openReview(page, s, sessionId)
    const plot = page.getByTestId('trace-plot')
    await page.getByTestId('ap-controls').waitFor({ state: 'visible', timeout: 20_000 })
    await expect.poll(() => plot.getAttribute('data-ap-bands'), { timeout: 20_000 }).toBe('1')
    // The band the plot reports is the stored σ: mean of 2σ_V over the whole session.
    let sum = 0
    for (let f = 0; f < frames; f++) sum += 2 * Math.fround(sigmaOf(f))
    expect(Number(await plot.getAttribute('data-ap-band-halfwidth'))).toBeCloseTo(sum / frames, 3)
    expect(await plot.getAttribute('data-ap-samples')).toBe('0')
    // Only the AP trace: its band and lines alone in the plot.
    for (const row of await page.getByTestId('trace-row').all()) {
      if ((await row.innerText()).trim().startsWith('AP')) continue
      await row.locator('input').uncheck()
    }
    const chart = page.locator('.trace-chart')
    await page.waitForTimeout(600)
    const withBand = await chart.screenshot()
    await page.getByLabel(/uncertainty band/).uncheck()
    await expect.poll(() => plot.getAttribute('data-ap-bands')).toBe('0')
    await page.waitForTimeout(600)
    const noBand = await chart.screenshot()
    const band = await diffThirds(page, withBand, noBand)
    // The band covers real area, and the middle third (σ 4× larger) much more than the outer thirds.
    expect(band[0]).toBeGreaterThan(0.01)
    expect(band[1]).toBeGreaterThan(2 * band[0])
    expect(band[1]).toBeGreaterThan(2 * band[2])
    await page.getByLabel(/uncertainty band/).check()
    await page.getByLabel(/sampled functions/).check()
    await expect.poll(() => plot.getAttribute('data-ap-samples'), { timeout: 20_000 }).toBe(String(S))
    await page.waitForTimeout(600)
    const withSamples = await chart.screenshot()
    const samples = await diffThirds(page, withSamples, withBand)
    expect(Math.min(...samples)).toBeGreaterThan(0.002)
    // Back to every trace for the picture.
    for (const row of await page.getByTestId('trace-row').all()) await row.locator('input').check()
    await page.waitForTimeout(600)
    await page.screenshot({ path: join(ARTIFACTS, 'review-ap-band.png'), fullPage: true })
  })
})
