/// <reference lib="dom" />
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertTraceExtra } from '../../src/main/db/queries/runs'
import { insertTrace } from '../../src/main/db/queries/traces'
import { ABAW_EXPRESSIONS } from '../../src/shared/review'
import { ARTIFACTS, CHROMIUM_ARGS, chromiumPath, demoSession, openReview, serve, signIn, tempDir, type Served } from './harness'

/**
 * The review workspace's AU / expression tracks of a multi-task (MTL) run, read through traces:extras /
 * traces:extra. The run's extras are written straight into the store (the layout `circumplex infer --run mtl-…`
 * writes: 'au_probs' dims 12, 'expr_probs' dims 8, src/shared/review.ts) with values the test knows.
 */
/** Expression of frame f: a new class every 60 frames, p = 0.7, the rest spread evenly. */
const exprOf = (f: number) => Math.floor(f / 60) % 8
const au12 = (f: number) => 0.5 + 0.5 * Math.sin(f / 25)

describe('review: AU heat strip and expression strip of a multi-task run', () => {
  let s: Served
  let browser: Browser
  let page: Page
  let sessionId = ''
  let frames = 0

  beforeAll(async () => {
    s = await serve(tempDir('cx-affect-'))
    ;({ id: sessionId, frameCount: frames } = await demoSession(s))
    const db = new Database(join(s.dataDir, 'circumplex.sqlite'))
    db.pragma('busy_timeout = 5000')
    const v = Array.from({ length: frames }, (_, f) => 0.5 * Math.sin(f / 40))
    const a = Array.from({ length: frames }, (_, f) => 0.4 * Math.cos(f / 50))
    const t = insertTrace(db, { sessionId, kind: 'prediction', sourceType: 'model_run', sourceId: 'mtl-e2e', name: 'MTL' }, { valence: v, arousal: a })
    const au = new Float32Array(frames * 12)
    for (let f = 0; f < frames; f++) {
      au[f * 12 + 0] = f % 100 < 50 ? 0.8 : 0.1 // AU1 in bursts
      au[f * 12 + 6] = au12(f) // AU12
      au[f * 12 + 10] = 0.3 + 0.3 * Math.cos(f / 10) // AU25
    }
    const ex = new Float32Array(frames * 8).fill(0.3 / 7)
    for (let f = 0; f < frames; f++) ex[f * 8 + exprOf(f)] = 0.7
    insertTraceExtra(db, t, 'au_probs', 12, au)
    insertTraceExtra(db, t, 'expr_probs', 8, ex)
    db.close()
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    page = await browser.newPage({ viewport: { width: 1440, height: 1560 } })
  })

  afterAll(async () => {
    await browser?.close()
    await s?.stop()
  })

  it('draws both strips, names the current expression, and a click on the AU strip moves the playhead', async () => {
    await signIn(page, s)
    await openReview(page, s, sessionId)
    await page.getByTestId('affect-tracks').waitFor({ state: 'visible', timeout: 20_000 })
    await expect.poll(() => page.getByTestId('current-expression').innerText(), { timeout: 20_000 }).toMatch(new RegExp(`^${ABAW_EXPRESSIONS[exprOf(0)]} 70 %`))
    // Both strips carry colour: the AU strip everywhere (every frame has a prediction), the expression strip too.
    const painted = (id: string) =>
      page.getByTestId(id).evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
        let n = 0
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++
        return n / (d.length / 4)
      })
    await expect.poll(() => painted('au-strip')).toBeGreaterThan(0.95)
    expect(await painted('expr-strip')).toBeGreaterThan(0.95)
    // AU1 (top row) alternates on/off every 50 frames: its row's colour differs between frames 10 and 60.
    const topRow = await page.getByTestId('au-strip').evaluate((c: HTMLCanvasElement) => {
      const g = c.getContext('2d')!
      const at = (frac: number) => Array.from(g.getImageData(Math.floor(frac * c.width), Math.floor(c.height / 24), 1, 1).data)
      return [at(10.5 / 250), at(60.5 / 250)]
    })
    expect(topRow[0]).not.toEqual(topRow[1])
    // Click at 3/4 of the strip's width: frames 0–249 are shown, so the playhead goes to frame 187.
    const box = (await page.getByTestId('au-strip').boundingBox())!
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2)
    const target = Math.floor(0.75 * 250)
    await expect.poll(() => page.getByTestId('frame-counter').getAttribute('data-frame')).toBe(String(target))
    await expect.poll(() => page.getByTestId('current-expression').innerText()).toMatch(new RegExp(`^${ABAW_EXPRESSIONS[exprOf(target)]} 70 %`))
    await expect.poll(() => page.getByTestId('affect-now').innerText()).toMatch(au12(target) >= 0.5 ? /AU12/ : /^(?![\s\S]*AU12)/)
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(ARTIFACTS, 'review-affect-tracks.png'), fullPage: true })
  })

  it('shows no AU / expression pane for a session without such extras', async () => {
    const db = new Database(join(s.dataDir, 'circumplex.sqlite'))
    db.prepare(`DELETE FROM trace_extras WHERE kind IN ('au_probs', 'expr_probs')`).run()
    db.close()
    await page.reload()
    await page.getByTestId('review-workspace').waitFor({ state: 'visible', timeout: 30_000 })
    await page.getByTestId('attention-pane').waitFor({ state: 'visible' })
    expect(await page.getByTestId('affect-tracks').count()).toBe(0)
  })
})
