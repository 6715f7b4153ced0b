/// <reference lib="dom" />
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, CHROMIUM_ARGS, chromiumPath, invoke, routeUrl, serveTinyDataset, signIn, tempDir, type Served } from './harness'

/**
 * AEG-CD-SZ from the New-run form (issue #6): a tiny synthetic dataset (speech audio) registered through the contract;
 * the family's presets and parameters, its command (the same run as `circumplex train --model aeg-cd-sz`), the audio
 * ablation as a checkbox; a run with tiny settings started, trained to the end of its three phases and shown with
 * its curves, the phases named on them.
 */
type Epoch = { epoch: number; split: string; metrics: Record<string, number | null> }
type Detail = { run: { id: string; model: string; status: string; stopReason: string | null; datasetId: string | null; epochsPlanned: number | null }; config: unknown; epochs: Epoch[] }

describe('train: AEG-CD-SZ from the New-run form', () => {
  let s: Served
  let browser: Browser
  let page: Page
  let datasetId = ''
  let dataset = ''
  const root = tempDir('cx-train-aeg-')

  beforeAll(async () => {
    ;({ s, datasetId, dataset } = await serveTinyDataset(root, 2.4))
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    page = await browser.newPage({ viewport: { width: 1440, height: 1100 } })
  })

  afterAll(async () => {
    await browser?.close()
    await s?.stop()
  })

  it('offers its presets and the audio ablation with the same command, trains the three phases and names them on the curves', async () => {
    await signIn(page, s, { sessions: false })
    await page.goto(routeUrl(s, `train/new/${datasetId}`))
    await page.getByTestId('new-run-form').waitFor({ state: 'visible', timeout: 30_000 })
    await page.locator('#run-family').selectOption('aeg-cd-sz')
    expect(await page.locator('label[for="run-epochs"]').innerText()).toBe('Epochs (all phases)')
    expect(await page.locator('.new-run-side').innerText()).toMatch(/CD alone, then AEG \+ CD, then AEG \+ CD with z and audio/)
    await page.locator('#run-epochs').fill('3')
    for (const [k, v] of [['batch', '2'], ['frameStride', '4'], ['evalStride', '4'], ['lr', '0.001']] as const) await page.locator(`[data-param="${k}"] input`).fill(v)
    const audio = page.locator('[data-param="audio"] input')
    expect(await audio.isChecked()).toBe(true)
    await audio.uncheck()
    expect(await page.getByTestId('cli-equivalent').innerText()).toMatch(/ --no-audio/)
    await audio.check()
    // The per-phase cosine lr, the weight average (reset at each phase) and mirrored crops, as for ANCLaF.
    await page.locator('[data-param="lrSchedule"] select').selectOption('cosine')
    await page.locator('[data-param="emaDecay"] input').fill('0.9')
    await page.locator('[data-param="flip"] input').check()
    await page.locator('[data-param="jitter"] input').fill('0.05')
    expect(await page.locator('[data-param="lrSchedule"]').innerText()).toMatch(/within each phase/)
    expect(await page.getByTestId('cli-equivalent').innerText()).toBe(
      `circumplex train --model aeg-cd-sz --preset compact --data ${dataset} --format afew-va --folds <split.json> --fold fold-1 --epochs 3 --eval-stride 4 --batch 2 --lr 0.001 --lr-schedule cosine --ema 0.9 --flip --jitter 0.05`
    )
    // Limits come from the model's validation.
    await page.locator('[data-param="batch"] input').fill('1')
    expect(await page.getByTestId('start-run').isDisabled()).toBe(true)
    await page.locator('[data-param="batch"] input').fill('2')
    await page.screenshot({ path: join(ARTIFACTS, 'train-aeg-form.png'), fullPage: true })
    const t0 = Date.now()
    await page.getByTestId('start-run').click()

    await page.waitForURL(/#\/train\/runs\/aeg-cd-sz-/, { timeout: 30_000 })
    const runId = decodeURIComponent(page.url().split('/').pop()!)
    const detail = page.getByTestId('run-detail')
    await detail.waitFor({ state: 'visible', timeout: 30_000 })
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 120_000 }).toBe('done')
    console.log(`AEG-CD-SZ run from the form to done: ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    const done = (await invoke(s, 'runs:get', { runId })).data as Detail
    expect(done.run).toMatchObject({ model: 'aeg-cd-sz', status: 'done', stopReason: null, datasetId, epochsPlanned: 3 })
    expect(done.config).toMatchObject({ config: { lrSchedule: 'cosine', emaDecay: 0.9, flip: true, jitter: 0.05 } })
    expect(done.epochs.filter((e) => e.split === 'val').map((e) => e.metrics.phase_index)).toEqual([0, 1, 2])
    expect(done.epochs.filter((e) => e.split === 'test')).toHaveLength(1)
    const curves = page.locator('.run-curves')
    await curves.locator('.main-svg').first().waitFor({ state: 'visible', timeout: 20_000 })
    await expect.poll(() => curves.innerText(), { timeout: 10_000 }).toMatch(/Disc[\s\S]*AEG-CD[\s\S]*AEG-CD-SZ/)
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(ARTIFACTS, 'train-aeg.png'), fullPage: true })
  }, 240_000)
})
