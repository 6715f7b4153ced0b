/// <reference lib="dom" />
import { renameSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertTraceExtra } from '../../src/main/db/queries/runs'
import { insertTrace } from '../../src/main/db/queries/traces'
import { ARTIFACTS, CHROMIUM_ARGS, chromiumPath, demoSession, invoke, openReview, serve, signIn, tempDir, type Served } from './harness'

/**
 * The review panes reading a model run's per-frame signals through traces:extras / traces:extra. The signals are
 * written straight into the store here (the trace-extras layout the engine writes: see src/shared/review.ts) so the
 * reading and drawing path is tested on its own, with values the test knows.
 */
const N = 8

describe('review: attention heatmap, gating strip and quadrant probabilities of a model run', () => {
  let s: Served
  let browser: Browser
  let page: Page
  let sessionId = ''
  let frames = 0
  const gate = (f: number) => 0.5 + 0.48 * Math.sin(f / 30)

  beforeAll(async () => {
    s = await serve(tempDir('cx-signals-'))
    ;({ id: sessionId, frameCount: frames } = await demoSession(s))
    const db = new Database(join(s.dataDir, 'circumplex.sqlite'))
    db.pragma('busy_timeout = 5000')
    const v = Array.from({ length: frames }, (_, f) => 0.6 * Math.sin(f / 40))
    const a = Array.from({ length: frames }, (_, f) => 0.5 * Math.cos(f / 55))
    const t = insertTrace(db, { sessionId, kind: 'prediction', sourceType: 'model_run', sourceId: 'e2e-run', name: 'AVi-GaS-8 (fixture)' }, { valence: v, arousal: a })
    const att = new Float32Array(frames * N).fill(NaN)
    for (let f = 0; f < frames; f++) {
      const prev = Math.min(N - 1, f) // previous states available in the window
      const w = Array.from({ length: prev }, (_, j) => Math.exp(-j * (f % 40 < 20 ? 0.2 : 1.2)))
      const sum = w.reduce((x, y) => x + y, 0)
      for (let j = 0; j < prev; j++) att[f * N + (N - 2 - j)] = w[j] / sum // column N−2 = one frame back
    }
    insertTraceExtra(db, t, 'attention', N, att)
    insertTraceExtra(db, t, 'gate_mean', 1, Float32Array.from({ length: frames }, (_, f) => gate(f)))
    const q = new Float32Array(frames * 4)
    for (let f = 0; f < frames; f++) q.set(v[f] >= 0 ? (a[f] >= 0 ? [0.7, 0.1, 0.1, 0.1] : [0.1, 0.1, 0.1, 0.7]) : a[f] >= 0 ? [0.1, 0.7, 0.1, 0.1] : [0.1, 0.1, 0.7, 0.1], f * 4)
    insertTraceExtra(db, t, 'quadrant_probs', 4, q)
    db.close()
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    page = await browser.newPage({ viewport: { width: 1440, height: 1100 } })
  })

  afterAll(async () => {
    await browser?.close()
    await s?.stop()
  })

  it('draws the run’s attention and gates, and the gate jump lands on a frame below the threshold', async () => {
    await signIn(page, s)
    await openReview(page, s, sessionId)
    await page.locator('.attention-heatmap').waitFor({ state: 'visible', timeout: 20_000 })
    expect(await page.getByTestId('attention-empty').count()).toBe(0)
    // The gates are fetched apart from the attention weights, so they may arrive a moment later.
    await expect.poll(() => page.getByTestId('gate-empty').count(), { timeout: 20_000 }).toBe(0)
    await expect.poll(() => page.getByTestId('signal-run').inputValue()).not.toBe('')
    expect(await page.getByTestId('signal-run').locator('option').first().innerText()).toBe('AVi-GaS-8 (fixture)')
    await expect.poll(() => page.getByTestId('quadrant-source').innerText()).toMatch(/AVi-GaS-8 \(fixture\)/)
    // The heatmap really has colour in it (NaN cells are transparent; weights are not).
    const painted = await page.locator('.attention-heatmap').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
      let n = 0
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++
      return n / (d.length / 4)
    })
    expect(painted).toBeGreaterThan(0.5)
    // T_ZG = 0.1: the first frame with gate < 0.1 after frame 0.
    const expected = Array.from({ length: frames }, (_, f) => f).find((f) => f > 0 && Math.fround(gate(f)) < 0.1)!
    await page.getByRole('button', { name: /next gate/ }).click()
    await expect.poll(() => page.getByTestId('frame-counter').getAttribute('data-frame')).toBe(String(expected))
    // The current window: one bar per previous frame, with that frame's thumbnail once the playhead rests.
    await expect.poll(() => page.getByTestId('attention-window').locator('img').count(), { timeout: 15_000 }).toBe(N - 1)
    expect(await page.getByTestId('attention-window').getAttribute('data-frame')).toBe(String(expected))
    // ΔW^a strip: the fixture's windows alternate between flat (spread < 25 %) and peaked (> 25 %) every 20 frames.
    expect(await page.getByTestId('spread-strip').locator('i').count()).toBeGreaterThan(2)
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(ARTIFACTS, 'review-signals.png'), fullPage: true })
  })

  it('offers to relink a session whose video file moved, and accepts only the same video', async () => {
    const r = await invoke(s, 'sessions:get', { sessionId })
    const { video } = r.data as { video: { path?: string } }
    const facts = (await invoke(s, 'sessions:facts', { sessionId })).data as { videoFileFound: boolean }
    expect(facts.videoFileFound).toBe(true)
    const path = join(s.dataDir, 'demo', 'circumplex-demo.mp4')
    const moved = join(s.dataDir, 'moved-demo.mp4')
    renameSync(path, moved)
    await page.reload()
    await page.getByTestId('relink').waitFor({ state: 'visible', timeout: 30_000 })
    await page.getByLabel('New video path').fill(join(s.dataDir, 'nope.mp4'))
    await page.getByRole('button', { name: 'Relink' }).click()
    await expect.poll(() => page.getByTestId('relink').innerText()).toMatch(/NOT_FOUND/)
    await page.getByLabel('New video path').fill(moved)
    await page.getByRole('button', { name: 'Relink' }).click()
    await page.getByTestId('relink').waitFor({ state: 'detached', timeout: 30_000 })
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="video-pane"]')?.getAttribute('data-frame')) >= 0, null, { timeout: 30_000 })
    expect(video).toBeDefined()
  })
})
