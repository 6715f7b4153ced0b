import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, CHROMIUM_ARGS, chromiumPath, invoke, serve, tempDir, waitFor, type Served } from './harness'

describe('the app in Chromium (browser host)', () => {
  let s: Served
  let browser: Browser
  let page: Page
  const consoleErrors: string[] = []

  beforeAll(async () => {
    s = await serve(tempDir('cx-ui-'))
    // First run generates the demo session in a worker job; wait until the library has it.
    await waitFor('the demo session', async () => {
      const r = await invoke(s, 'sessions:list')
      return r.ok && Array.isArray(r.data) && r.data.length > 0 ? r.data : null
    })
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    page.on('console', (m) => {
      // The one expected 401 is the login exchange before the token cookie exists.
      if (m.type() === 'error' && !/401/.test(m.text())) consoleErrors.push(m.text())
    })
    page.on('pageerror', (e) => consoleErrors.push(e.message))
  })

  afterAll(async () => {
    await browser?.close()
    await s?.stop()
  })

  it('opens with the token URL and shows the demo session in the library', async () => {
    await page.goto(s.url)
    const card = page.getByTestId('session-card')
    await card.first().waitFor({ state: 'visible', timeout: 30_000 })
    await expect(card.count()).resolves.toBe(1)
    await expect(card.first().innerText()).resolves.toMatch(/Demo/)
    await expect(card.first().innerText()).resolves.toMatch(/256×256, 25 fps/)
    // The demo's ground-truth trace is drawn (two non-empty SVG paths).
    await page.locator('.session-card .trace-plot path.valence').waitFor({ state: 'attached' })
    const d = await page.locator('.session-card .trace-plot path.valence').getAttribute('d')
    expect((d ?? '').split('L').length).toBeGreaterThan(100)
    // The token left the address bar after sign-in.
    expect(page.url()).not.toContain('token=')
    await page.screenshot({ path: join(ARTIFACTS, 'library.png'), fullPage: true })
  })

  it('opens the session in review with its trace', async () => {
    await page.getByTestId('session-card').first().click()
    await page.getByTestId('trace-row').first().waitFor({ state: 'visible' })
    await expect(page.getByTestId('trace-row').first().innerText()).resolves.toMatch(/Ground truth/)
    await expect(page.locator('.facts-panel').innerText()).resolves.toMatch(/Frames\s*300/)
    await page.screenshot({ path: join(ARTIFACTS, 'review.png'), fullPage: true })
  })

  it('switches theme with T, shows shortcut help with ?, and navigates with number keys', async () => {
    await page.keyboard.press('1')
    await page.getByTestId('session-card').first().waitFor()
    const before = await page.locator('html').getAttribute('data-theme')
    await page.keyboard.press('t')
    const after = await page.locator('html').getAttribute('data-theme')
    expect(after).not.toBe(before)
    await page.screenshot({ path: join(ARTIFACTS, `library-${after}.png`), fullPage: true })
    await page.keyboard.press('?')
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'visible', timeout: 10_000 })
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog').count()).resolves.toBe(0)
  })

  it('keeps working after a reload (cookie session, re-attached state)', async () => {
    await page.reload()
    await page.getByTestId('session-card').first().waitFor({ state: 'visible' })
    expect(consoleErrors).toEqual([])
  })

  it('shows a failed import in the job tray with its error code until it is dismissed, also after a reload', async () => {
    const empty = join(tempDir('cx-ui-bad-'), 'empty.mp4')
    writeFileSync(empty, '')
    const r = await invoke(s, 'media:import', { path: empty })
    expect(r.ok).toBe(true) // the import starts as a job; the job finds the file empty
    const failed = page.locator('[data-testid="job"][data-state="failed"]')
    await failed.waitFor({ state: 'visible', timeout: 30_000 })
    expect(await failed.innerText()).toMatch(/Importing empty\.mp4[\s\S]*MEDIA_UNREADABLE: .*empty\.mp4 is empty \(0 bytes\)/)
    await page.screenshot({ path: join(ARTIFACTS, 'job-failed.png'), fullPage: true })
    await failed.getByTestId('job-dismiss').click()
    await expect.poll(() => page.locator('[data-testid="job"][data-state="failed"]').count(), { timeout: 5_000 }).toBe(0)
    await page.reload()
    await page.getByTestId('session-card').first().waitFor({ state: 'visible' })
    expect(await page.locator('[data-testid="job"][data-state="failed"]').count()).toBe(0)
    expect(await page.getByTestId('session-card').count()).toBe(1)
  })
})
