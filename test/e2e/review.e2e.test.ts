/// <reference lib="dom" />
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertPanesInSync, syncProblems, type PaneSnapshot, type SyncClock } from '../../src/renderer/src/features/review/sync-check'
import { ARTIFACTS, CHROMIUM_ARGS, chromiumPath, invoke, openReview, serve, signIn, tempDir, waitFor, type Served } from './harness'

/** What every pane says it shows, read from the data attributes the panes expose. */
async function snapshot(page: Page): Promise<PaneSnapshot> {
  return page.evaluate(() => {
    const num = (sel: string, attr: string) => Number(document.querySelector(sel)?.getAttribute(attr) ?? NaN)
    const audio = document.querySelector('[data-testid="audio-pane"]')
    return {
      counter: num('[data-testid="frame-counter"]', 'data-frame'),
      video: num('[data-testid="video-pane"]', 'data-frame'),
      traces: { frame: num('[data-testid="trace-cursor"]', 'data-frame'), cursorTime: num('[data-testid="trace-cursor"]', 'data-cursor-time') },
      spectrogram:
        audio && audio.hasAttribute('data-window-start')
          ? {
              frame: Number(audio.getAttribute('data-frame')),
              windowStart: Number(audio.getAttribute('data-window-start')),
              windowEnd: Number(audio.getAttribute('data-window-end'))
            }
          : null
    }
  })
}

async function expectInSync(page: Page, frame: number, clock: SyncClock): Promise<void> {
  const t0 = Date.now()
  let last: PaneSnapshot | null = null
  // The video reports a frame once it has presented it (after the seek): poll until every pane agrees, then assert.
  while (Date.now() - t0 < 10_000) {
    last = await snapshot(page)
    if (syncProblems(last, frame, clock).length === 0) break
    await page.waitForTimeout(50)
  }
  assertPanesInSync(last!, frame, clock)
}

describe('review workspace in Chromium', () => {
  let s: Served
  let browser: Browser
  let page: Page
  let sessionId = ''
  let clock: SyncClock
  const consoleErrors: string[] = []

  beforeAll(async () => {
    s = await serve(tempDir('cx-review-'))
    const sessions = await waitFor('the demo session', async () => {
      const r = await invoke(s, 'sessions:list')
      return r.ok && Array.isArray(r.data) && r.data.length > 0 ? (r.data as { id: string }[]) : null
    })
    sessionId = sessions[0].id
    const ts = (await invoke(s, 'sessions:timestamps', { sessionId })).data as { timestamps: string }
    const spec = (await invoke(s, 'audio:spectrogram', { sessionId, fromColumn: 0, toColumn: 1 })).data as { originSec: number; sampleRate: number; hop: number } | null
    const b = Buffer.from(ts.timestamps, 'base64')
    clock = {
      timestamps: new Float64Array(new Uint8Array(b).buffer),
      audio: spec ? { originSec: spec.originSec, sampleRate: spec.sampleRate, hop: spec.hop } : null
    }
    browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'] })
    page = await browser.newPage({ viewport: { width: 1440, height: 1080 } })
    page.on('console', (m) => {
      if (m.type() === 'error' && !/401/.test(m.text())) consoleErrors.push(m.text())
    })
    page.on('pageerror', (e) => consoleErrors.push(e.message))
  })

  afterAll(async () => {
    await browser?.close()
    await s?.stop()
  })

  it('opens the demo session with every pane', async () => {
    expect(clock.audio).not.toBeNull()
    await signIn(page, s)
    await openReview(page, s, sessionId)
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="video-pane"]')?.getAttribute('data-frame')) === 0, null, { timeout: 30_000 })
    await page.waitForFunction(() => document.querySelector('[data-testid="audio-pane"]')?.hasAttribute('data-window-start'), null, { timeout: 30_000 })
    await page.waitForFunction(() => document.querySelector('.trace-cursor') !== null, null, { timeout: 30_000 })
    await expect(page.getByTestId('video-pane').getAttribute('data-face')).resolves.toBe('present')
    await expect(page.getByTestId('attention-empty').innerText()).resolves.toMatch(/no model run with attention for this session yet/i)
    await page.getByTestId('gate-empty').waitFor({ state: 'visible', timeout: 15_000 })
    await expect(page.locator('.facts-panel').innerText()).resolves.toMatch(/Faces\s*100\.0 %/)
    await page.waitForTimeout(500) // waveform peaks and spectrogram tiles
    await expectInSync(page, 0, clock)
    await page.screenshot({ path: join(ARTIFACTS, 'review-workspace.png'), fullPage: true })
  })

  it('steps frames with the keyboard: counter, video, trace cursor and spectrogram window move together', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight')
    await expectInSync(page, 3, clock)
    await page.keyboard.press('Shift+ArrowRight')
    await expectInSync(page, 13, clock)
    await page.keyboard.press('ArrowLeft')
    await expectInSync(page, 12, clock)
    await expect(page.getByTestId('frame-time').innerText()).resolves.toBe(`0:${clock.timestamps[12].toFixed(3).padStart(6, '0')}`)
    // Jump to a frame by number; the video seeks to the middle of that frame's interval.
    await page.keyboard.press('g')
    await page.keyboard.type('150')
    await page.keyboard.press('Enter')
    await expectInSync(page, 150, clock)
    await page.screenshot({ path: join(ARTIFACTS, 'review-frame-150.png'), fullPage: true })
  })

  it('the same assertion fails for a deliberately off-by-one pane', async () => {
    const good = await snapshot(page)
    expect(() => assertPanesInSync(good, 150, clock)).not.toThrow()
    // Knock the spectrogram pane one frame ahead in the DOM, as a desynchronised pane would be.
    await page.evaluate(() => {
      const a = document.querySelector('[data-testid="audio-pane"]')!
      a.setAttribute('data-window-start', String(Number(a.getAttribute('data-window-start')) + 1))
      a.setAttribute('data-window-end', String(Number(a.getAttribute('data-window-end')) + 1))
    })
    const bad = await snapshot(page)
    expect(() => assertPanesInSync(bad, 150, clock)).toThrow(/spectrogram window/)
    await page.evaluate(() => document.querySelector('[data-testid="trace-cursor"]')!.setAttribute('data-frame', '151'))
    expect(() => assertPanesInSync(bad, 150, clock)).toThrow()
    expect(() => assertPanesInSync({ ...good, video: 151 }, 150, clock)).toThrow(/video shows frame 151/)
    // Any re-render restores the truth.
    await page.keyboard.press('ArrowRight')
    await expectInSync(page, 151, clock)
  })

  it('plays and pauses with Space; the panes follow the video', async () => {
    await page.keyboard.press('Space')
    await page.waitForTimeout(700)
    await page.keyboard.press('Space')
    await page.waitForTimeout(200)
    const f = Number(await page.getByTestId('frame-counter').getAttribute('data-frame'))
    expect(f).toBeGreaterThan(151)
    await expectInSync(page, f, clock)
  })

  it('clicking the trace plot seeks; shortcuts are in the ? help; dark theme screenshot', async () => {
    const box = (await page.locator('.trace-chart').boundingBox())!
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.3)
    await page.waitForTimeout(200)
    const f = Number(await page.getByTestId('frame-counter').getAttribute('data-frame'))
    expect(f).toBeGreaterThan(40)
    expect(f).toBeLessThan(140)
    await expectInSync(page, f, clock)
    await page.keyboard.press('?')
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' }).innerText()).resolves.toMatch(/Review: next frame|previous \/ next frame/)
    await page.screenshot({ path: join(ARTIFACTS, 'review-shortcuts.png') })
    await page.keyboard.press('Escape')
    const theme = await page.locator('html').getAttribute('data-theme')
    if (theme !== 'dark') await page.keyboard.press('t')
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(ARTIFACTS, 'review-dark.png'), fullPage: true })
    expect(consoleErrors).toEqual([])
  })
})
