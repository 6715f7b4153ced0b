/// <reference lib="dom" />
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { replaceRunEpochs, setRunStatus, upsertRun } from '../../src/main/db/queries/runs'
import { ARTIFACTS, CHROMIUM_ARGS, chromiumPath, invoke, routeUrl, serve, signIn, tempDir, waitFor, type Served } from './harness'

/**
 * The run registry and live curves. Runs are written the way the trainer writes them: a finished run's curves in
 * run_epochs; a running run's history.json in its run folder, re-read while the page polls.
 */
const epoch = (n: number) => ({ epoch: n, wallS: 5 + n, losses: { g_adv: 1.2 / n, g_rec: 0.8 / n, d: 0.7 }, val: { ccc_mean: 0.1 * n, ccc_v: 0.12 * n, ccc_a: 0.08 * n, rmse_v: 0.4 - 0.02 * n } })

describe('train: run registry with live curves', () => {
  let s: Served
  let browser: Browser
  let page: Page
  const runDir = join(tempDir('cx-run-'), 'run2')

  beforeAll(async () => {
    s = await serve(tempDir('cx-train-'), ['--no-demo'])
    await waitFor('the server', async () => ((await invoke(s, 'runs:list')).ok ? true : null))
    mkdirSync(runDir, { recursive: true })
    const db = new Database(join(s.dataDir, 'circumplex.sqlite'))
    db.pragma('busy_timeout = 5000')
    upsertRun(db, { id: 'anclaf-compact-done1', model: 'anclaf', preset: 'compact', configJson: JSON.stringify({ model: 'anclaf', lr: 2e-4, note: 'paper: ICC term in the loss' }), dataHash: 'abc', fold: 'fold-1', runDir: '/nowhere' })
    setRunStatus(db, 'anclaf-compact-done1', { status: 'done', backend: 'wasm', started: true, finished: true, wallS: 312 })
    replaceRunEpochs(db, 'anclaf-compact-done1', [1, 2, 3].map((n) => ({ epoch: n, split: 'val' as const, metrics: epoch(n).val, losses: epoch(n).losses, wallS: 6 })))
    upsertRun(db, { id: 'avi-gas-compact-live2', model: 'avi-gas', preset: 'compact', configJson: '{}', dataHash: 'abc', fold: 'fold-1', runDir })
    setRunStatus(db, 'avi-gas-compact-live2', { status: 'running', backend: 'wasm', started: true })
    db.close()
    writeFileSync(join(runDir, 'history.json'), JSON.stringify({ status: 'running', history: [epoch(1)], bestEpoch: 1 }))
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  })

  afterAll(async () => {
    await browser?.close()
    await s?.stop()
  })

  it('lists the runs, shows a finished run’s curves, and a running run’s curves grow as epochs finish', async () => {
    await signIn(page, s, { sessions: false })
    await page.goto(routeUrl(s, 'train'))
    await page.getByTestId('runs-table').waitFor({ state: 'visible', timeout: 30_000 })
    await expect.poll(() => page.getByTestId('run-row').count()).toBe(2)
    const first = page.getByTestId('run-row').filter({ hasText: 'anclaf' })
    expect(await first.innerText()).toMatch(/0\.300 \(epoch 3\)/)
    await first.click()
    await expect.poll(() => page.getByTestId('run-detail').getAttribute('data-epochs')).toBe('3')
    await page.locator('.run-curves .main-svg').first().waitFor({ state: 'visible', timeout: 20_000 })
    // The running run: its history.json gains an epoch; the page polls and shows it.
    await page.getByTestId('run-row').filter({ hasText: 'avi-gas' }).click()
    await expect.poll(() => page.getByTestId('run-detail').getAttribute('data-epochs')).toBe('1')
    writeFileSync(join(runDir, 'history.json'), JSON.stringify({ status: 'running', history: [epoch(1), epoch(2)], bestEpoch: 2 }))
    await expect.poll(() => page.getByTestId('run-detail').getAttribute('data-epochs'), { timeout: 10_000 }).toBe('2')
    await page.waitForTimeout(500)
    await page.screenshot({ path: join(ARTIFACTS, 'train-runs.png'), fullPage: true })
    // Search narrows the registry.
    await page.getByLabel('Search runs').fill('avi')
    await expect.poll(() => page.getByTestId('run-row').count()).toBe(1)
  })
})
