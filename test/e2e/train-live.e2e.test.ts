/// <reference lib="dom" />
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, CHROMIUM_ARGS, chromiumPath, cli, invoke, routeUrl, serveTinyDataset, signIn, tempDir, type Served } from './harness'

/**
 * Training from the app, live: a tiny synthetic dataset (3 subjects × 1.6 s at 10 fps) registered through the
 * contract, the New-run form filled in, the run's curves and sample reconstructions appearing as epochs finish,
 * Pause, Resume continuing after the last checkpoint, and `circumplex train --dataset` naming the same run.
 * One compact epoch here (4 batch-2 steps on 8 frames) takes ≈ 3 s.
 */
type Epoch = { epoch: number; split: string; wallS: number | null }
type Detail = { run: { id: string; status: string; stopReason: string | null; datasetId: string | null; epochsPlanned: number | null }; epochs: Epoch[] }

describe('train: a run from the New-run form, live, with pause and resume', () => {
  let s: Served
  let browser: Browser
  let page: Page
  let datasetId = ''
  const root = tempDir('cx-train-live-')

  beforeAll(async () => {
    ;({ s, datasetId } = await serveTinyDataset(root, 1.6))
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
  })

  afterAll(async () => {
    await browser?.close()
    await s?.stop()
  })

  it('starts from the form, shows curves and reconstructions growing, pauses, resumes after the checkpoint, and the CLI names the same run', async () => {
    await signIn(page, s, { sessions: false })
    await page.goto(routeUrl(s, `train/new/${datasetId}`))
    const form = page.getByTestId('new-run-form')
    await form.waitFor({ state: 'visible', timeout: 30_000 })
    expect(await page.locator('#run-dataset').inputValue()).toBe(datasetId)
    await expect.poll(() => page.locator('#run-fold').inputValue()).toBe('fold-1')
    expect(await page.getByTestId('backend-note').innerText()).toMatch(/wasm|tensorflow|cpu/)
    // Inline validation: a batch of 1 is refused by the model's own limits, and Start waits for a fix.
    await page.locator('[data-param="batch"] input').fill('1')
    expect(await page.locator('[data-param="batch"] .param-note').innerText()).toBe('must be ≥ 2')
    expect(await page.getByTestId('start-run').isDisabled()).toBe(true)
    await page.locator('[data-param="batch"] input').fill('2')
    await page.locator('[data-param="frameStride"] input').fill('2')
    await page.locator('#run-epochs').fill('6')
    expect(await page.getByTestId('cli-equivalent').innerText()).toBe(`circumplex train --dataset ${datasetId} --fold fold-1 --preset compact --epochs 6 --batch 2 --frame-stride 2`)
    // The schedule and the weight averaging: the probed limits refuse a decay of 1, and the run below trains with both.
    await page.locator('[data-param="lrSchedule"] select').selectOption('cosine')
    await page.locator('[data-param="emaDecay"] input').fill('1')
    expect(await page.locator('[data-param="emaDecay"] .param-note').innerText()).toBe('must be ≥ 0 and < 1')
    expect(await page.getByTestId('start-run').isDisabled()).toBe(true)
    await page.locator('[data-param="emaDecay"] input').fill('0.9')
    // The face-centre input normalisation and the cycled frame stride: the run trains, samples and tests with both.
    await page.locator('[data-param="inputNorm"] select').selectOption('face-standardise')
    await page.locator('[data-param="strideCycle"] input').check()
    expect(await page.getByTestId('cli-equivalent').innerText()).toBe(
      `circumplex train --dataset ${datasetId} --fold fold-1 --preset compact --epochs 6 --batch 2 --lr-schedule cosine --ema 0.9 --input-norm face-standardise --frame-stride 2 --stride-cycle`
    )
    await page.screenshot({ path: join(ARTIFACTS, 'train-new-run.png'), fullPage: true })
    await page.getByTestId('start-run').click()

    await page.waitForURL(/#\/train\/runs\/anclaf-compact-/, { timeout: 30_000 })
    const runId = decodeURIComponent(page.url().split('/').pop()!)
    const detail = page.getByTestId('run-detail')
    const status = detail.getByTestId('run-status')
    await detail.waitFor({ state: 'visible', timeout: 30_000 })
    await page.getByTestId('run-progress').waitFor({ state: 'visible', timeout: 30_000 })
    // The first epoch: its curves drawn, pause at once (a fast machine finishes the four epochs in seconds), then
    // check that its reconstructions are on the page.
    await expect.poll(() => detail.getAttribute('data-epochs'), { timeout: 60_000 }).not.toBe('0')
    expect(await page.getByTestId('run-progress').innerText()).toMatch(/Epoch \d of 6 · step \d of 4|Loading the dataset|Testing/)
    await page.locator('.run-curves .main-svg').first().waitFor({ state: 'visible', timeout: 20_000 })
    await page.screenshot({ path: join(ARTIFACTS, 'train-live-running.png'), fullPage: true })
    await page.getByTestId('run-pause').click()
    await expect.poll(() => page.getByTestId('sample').count(), { timeout: 20_000 }).toBe(4)
    expect(await page.getByTestId('sample').first().locator('img').count()).toBe(3)
    await expect.poll(() => status.getAttribute('data-stop'), { timeout: 30_000 }).toBe('paused')
    expect(await status.textContent()).toBe('paused')
    const paused = (await invoke(s, 'runs:get', { runId })).data as Detail
    expect(paused.run).toMatchObject({ status: 'cancelled', stopReason: 'paused', datasetId, epochsPlanned: 6 })
    const before = paused.epochs.filter((e) => e.split === 'val')
    expect(before.length).toBeGreaterThanOrEqual(1)
    expect(before.length).toBeLessThan(6)

    await page.getByTestId('run-resume').click()
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 20_000 }).toMatch(/running|queued/)
    await expect.poll(() => detail.getAttribute('data-epochs'), { timeout: 90_000 }).toBe('6')
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 60_000 }).toBe('done')
    await expect.poll(() => page.getByTestId('samples').getAttribute('data-epoch'), { timeout: 10_000 }).toBe('6')
    const done = (await invoke(s, 'runs:get', { runId })).data as Detail
    expect(done.run).toMatchObject({ status: 'done', stopReason: null })
    const after = done.epochs.filter((e) => e.split === 'val')
    expect(after.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6])
    // The epochs before the pause were not trained again: their records are the very same (wall times included).
    expect(after.slice(0, before.length)).toEqual(before)
    // The held-out report of the finished run: its frame groups and its one test subject, with the mean bias.
    await expect.poll(() => page.getByTestId('held-out-subject').count(), { timeout: 30_000 }).toBe(1)
    expect(await page.getByTestId('held-out-subject').innerText()).toMatch(/^S03\s+\d+\s+-?\d\.\d{3}\s+-?\d\.\d{3}\s+[+-]?\d+\.\d{2}\s+[+-]?\d+\.\d{2}$/)
    expect(await page.getByTestId('held-out').innerText()).toMatch(/all frames/)
    await page.waitForTimeout(500)
    await page.screenshot({ path: join(ARTIFACTS, 'train-live.png'), fullPage: true })

    // Headless parity: the same settings from the CLI are the same run, already complete (nothing is retrained).
    const r = cli(['train', '--dataset', datasetId, '--fold', 'fold-1', '--epochs', '6', '--batch', '2', '--lr-schedule', 'cosine', '--ema', '0.9', '--input-norm', 'face-standardise', '--frame-stride', '2', '--stride-cycle', '--data-dir', s.dataDir, '--json'])
    expect(r.status, r.stderr).toBe(0)
    const res = JSON.parse(r.stdout) as { runId: string; resumedFrom: number; history: unknown[]; test: { all: { n: number }; bySubject: Record<string, { n: number; ccc_v: number; bias_v: number }> } }
    expect(res.runId).toBe(runId)
    expect(res.resumedFrom).toBe(6)
    expect(res.history).toHaveLength(6)
    // The held-out report names its subject (fold-1 tests S03 alone): the same frames as "all", with the mean bias.
    expect(Object.keys(res.test.bySubject)).toEqual(['S03'])
    expect(res.test.bySubject.S03.n).toBe(res.test.all.n)
    expect(Number.isFinite(res.test.bySubject.S03.bias_v)).toBe(true)
  })
})
