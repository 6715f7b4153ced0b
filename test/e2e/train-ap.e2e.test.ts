/// <reference lib="dom" />
import { cpSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, CHROMIUM_ARGS, chromiumPath, cli, invoke, routeUrl, serveTinyDataset, signIn, tempDir, waitFor, type Served } from './harness'

/**
 * The AP and MTL from the New-run form (issue #11): a tiny synthetic dataset registered through the contract, a tiny
 * finished ANCLaF stage-1 run made by `circumplex train --dataset … --epochs 1` (≈ 5 s), then an Affective Process
 * with tiny settings chosen in the form over that backbone, started, trained to the end and shown with its curves
 * (the AP's validation CCC beside the backbone's). The MTL family offers the same backbone (the synthetic dataset
 * carries the ABAW labels, so no refusal); on a copy without them the form refuses MTL inline naming the fix.
 */
type Epoch = { epoch: number; split: string; metrics: Record<string, number | null>; losses: Record<string, number> }
type Detail = { run: { id: string; model: string; status: string; stopReason: string | null; datasetId: string | null; epochsPlanned: number | null; codeVersion: string | null }; epochs: Epoch[] }

describe('train: an Affective Process from the New-run form over a stage-1 backbone', () => {
  let s: Served
  let browser: Browser
  let page: Page
  let datasetId = ''
  const root = tempDir('cx-train-ap-')
  const dataset = join(root, 'synth')

  beforeAll(async () => {
    ;({ s, datasetId } = await serveTinyDataset(root, 2.4))
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    page = await browser.newPage({ viewport: { width: 1440, height: 1100 } })
  })

  afterAll(async () => {
    await browser?.close()
    await s?.stop()
  })

  it('refuses MTL inline on a dataset without ABAW labels, naming circumplex synth --add-abaw', async () => {
    const old = join(root, 'no-abaw')
    cpSync(dataset, old, { recursive: true })
    rmSync(join(old, 'abaw'), { recursive: true, force: true })
    const reg = await invoke(s, 'datasets:register', { path: old, format: 'afew-va', name: 'older synth' })
    expect(reg.ok, JSON.stringify(reg.error)).toBe(true)
    const oldId = (reg.data as { datasetId: string }).datasetId
    await waitFor('the second registration', async () => ((await invoke(s, 'datasets:get', { datasetId: oldId })).ok ? true : null), 60_000)
    expect(await invoke(s, 'training:check', { family: 'mtl', datasetId: oldId })).toMatchObject({ ok: true, data: { ok: false, problem: expect.stringMatching(/--add-abaw/) } })
    await signIn(page, s, { sessions: false })
    await page.goto(routeUrl(s, `train/new/${oldId}`))
    await page.getByTestId('new-run-form').waitFor({ state: 'visible', timeout: 30_000 })
    await page.locator('#run-family').selectOption('mtl')
    await expect.poll(() => page.getByTestId('family-check').innerText(), { timeout: 10_000 }).toMatch(new RegExp(`no ABAW AU / expression labels.*circumplex synth --add-abaw --out ${old}`))
    expect(await page.getByTestId('start-run').isDisabled()).toBe(true)
    await page.screenshot({ path: join(ARTIFACTS, 'train-mtl-no-abaw.png'), fullPage: true })
  })

  it('asks for a backbone, offers the stage-1 run, trains the AP to the end with its curves', async () => {
    await signIn(page, s, { sessions: false })
    await page.goto(routeUrl(s, `train/new/${datasetId}`))
    await page.getByTestId('new-run-form').waitFor({ state: 'visible', timeout: 30_000 })
    await page.locator('#run-family').selectOption('ap')
    await expect.poll(() => page.getByTestId('stage1-note-image').innerText(), { timeout: 10_000 }).toMatch(/train a stage-1 run first/)
    expect(await page.getByTestId('start-run').isDisabled()).toBe(true)

    const t0 = Date.now()
    const st1 = cli(['train', '--dataset', datasetId, '--fold', 'fold-1', '--epochs', '1', '--batch', '2', '--frame-stride', '4', '--eval-stride', '4', '--data-dir', s.dataDir, '--json'])
    expect(st1.status, st1.stderr).toBe(0)
    const backbone = (JSON.parse(st1.stdout) as { runId: string }).runId
    console.log(`stage-1 run (1 epoch) from the CLI: ${((Date.now() - t0) / 1000).toFixed(1)} s`)

    await page.reload()
    await page.getByTestId('new-run-form').waitFor({ state: 'visible', timeout: 30_000 })
    // MTL: the same backbone picker; this synthetic dataset has the ABAW labels, so no refusal.
    await page.locator('#run-family').selectOption('mtl')
    await expect.poll(() => page.locator('#run-stage1-image').inputValue(), { timeout: 10_000 }).toBe(backbone)
    expect(await page.locator('label[for="run-epochs"]').innerText()).toBe('Epochs per task')
    await page.waitForTimeout(300)
    expect(await page.getByTestId('family-check').count()).toBe(0)
    expect(await page.getByTestId('cli-equivalent').innerText()).toMatch(new RegExp(`^circumplex train --model mtl --stage1 ${backbone} --data \\S+ --folds <split.json> --fold fold-1 --epochs 10$`))

    await page.locator('#run-family').selectOption('ap')
    await expect.poll(() => page.locator('#run-stage1-image').inputValue(), { timeout: 10_000 }).toBe(backbone)
    expect(await page.getByTestId('backbone-fields').innerText()).toMatch(/Backbone \(stage-1 run, faces\)/)
    await page.locator('#run-epochs').fill('2')
    // Limits come from the AP's validation: a hop longer than the window is refused inline.
    await page.locator('[data-param="hop"] input').fill('100')
    await expect.poll(() => page.locator('[data-param="hop"]').innerText()).toMatch(/must be between 1 and 70/)
    expect(await page.getByTestId('start-run').isDisabled()).toBe(true)
    await page.locator('[data-param="hop"] input').fill('35')
    // … and a window shorter than the hop is refused across the two fields.
    await page.locator('[data-param="window"] input').fill('8')
    expect(await page.getByTestId('cross-error').innerText()).toBe('Window hop: must not exceed the test window (8)')
    expect(await page.getByTestId('start-run').isDisabled()).toBe(true)
    const fill: Array<[string, string]> = [['itersPerEpoch', '3'], ['batch', '2'], ['hidden', '8'], ['hop', '4'], ['contextPoints', '3'], ['samples', '3'], ['lr', '0.01']]
    for (const [k, v] of fill) await page.locator(`[data-param="${k}"] input`).fill(v)
    expect(await page.getByTestId('cross-error').count()).toBe(0)
    expect(await page.getByTestId('cli-equivalent').innerText()).toBe(
      `circumplex train --model ap --backbone ${backbone} --data ${dataset} --format afew-va --folds <split.json> --fold fold-1 --epochs 2 --iters 3 --batch 2 --lr 0.01 --context 3 --window 8 --hop 4 --samples 3 --hidden 8`
    )
    await page.screenshot({ path: join(ARTIFACTS, 'train-ap-form.png'), fullPage: true })
    const t1 = Date.now()
    await page.getByTestId('start-run').click()

    await page.waitForURL(/#\/train\/runs\/ap-/, { timeout: 30_000 })
    const runId = decodeURIComponent(page.url().split('/').pop()!)
    const detail = page.getByTestId('run-detail')
    await detail.waitFor({ state: 'visible', timeout: 30_000 })
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 90_000 }).toBe('done')
    console.log(`AP run from the form to done: ${((Date.now() - t1) / 1000).toFixed(1)} s`)
    const done = (await invoke(s, 'runs:get', { runId })).data as Detail
    expect(done.run).toMatchObject({ model: 'ap', status: 'done', stopReason: null, datasetId, epochsPlanned: 2 })
    expect(done.run.codeVersion).toBeTruthy()
    const val = done.epochs.filter((e) => e.split === 'val')
    expect(val.map((e) => e.epoch)).toEqual([1, 2])
    expect(typeof val[1].metrics.backbone_ccc_mean).toBe('number')
    expect(done.epochs.some((e) => e.split === 'test' && typeof e.metrics.sigma_clean === 'number')).toBe(true)
    // Pause is not offered for the AP; its curves show the backbone's CCC as a reference.
    expect(await page.getByTestId('run-pause').count()).toBe(0)
    const curves = page.locator('.run-curves')
    await curves.locator('.main-svg').first().waitFor({ state: 'visible', timeout: 20_000 })
    await expect.poll(() => curves.innerText(), { timeout: 10_000 }).toMatch(/backbone CCC mean \(val\)/)
    expect(await curves.innerText()).toMatch(/loss nll/)
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(ARTIFACTS, 'train-ap.png'), fullPage: true })
  }, 180_000)
})
