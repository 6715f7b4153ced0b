/// <reference lib="dom" />
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, CHROMIUM_ARGS, chromiumPath, cli, invoke, routeUrl, serveTinyDataset, signIn, tempDir, waitFor, type Served } from './harness'

/**
 * A sequence model from the New-run form: a tiny synthetic dataset registered through the contract, a tiny finished
 * ANCLaF stage-1 run made by `circumplex train --dataset … --epochs 1` (≈ 5 s), then Vi-DeS with the curriculum
 * 2, 16 chosen in the form (its stage-1 select offering that run), paused once the first stage has its checkpoint,
 * resumed from the run detail: the first stage is kept (same record, same checkpoint), the second trains, the run
 * finishes with both stages tested. The long second window (16) keeps stage 2 slow enough to pause in between.
 */
type Epoch = { epoch: number; split: string; wallS: number | null; metrics: Record<string, number | null> }
type Detail = {
  run: { id: string; status: string; stopReason: string | null; datasetId: string | null; epochsPlanned: number | null }
  epochs: Epoch[]
  checkpoints: { epoch: number; path: string; isBest: boolean }[]
  config: { stages?: { name: string; wallS: number; test: unknown }[] }
}

describe('train: a sequence model from the New-run form, paused after its first stage and resumed', () => {
  let s: Served
  let browser: Browser
  let page: Page
  let datasetId = ''
  let stage1Run = ''
  const root = tempDir('cx-train-seq-')

  beforeAll(async () => {
    ;({ s, datasetId } = await serveTinyDataset(root, 2.4))
    // No stage-1 run yet: the form says so (checked below), then a one-epoch one from the CLI.
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    page = await browser.newPage({ viewport: { width: 1440, height: 1100 } })
  })

  afterAll(async () => {
    await browser?.close()
    await s?.stop()
  })

  it('offers the stage-1 runs, validates the curriculum, trains per stage, pauses after stage 1 and resumes with stage 2', async () => {
    await signIn(page, s, { sessions: false })
    await page.goto(routeUrl(s, `train/new/${datasetId}`))
    await page.getByTestId('new-run-form').waitFor({ state: 'visible', timeout: 30_000 })
    await page.locator('#run-family').selectOption('sequence')
    await expect.poll(() => page.locator('#run-preset').inputValue()).toBe('vi-des')
    await expect.poll(() => page.getByTestId('stage1-note-image').innerText(), { timeout: 10_000 }).toMatch(/train a stage-1 run first/)
    expect(await page.getByTestId('start-run').isDisabled()).toBe(true)

    const t0 = Date.now()
    const st1 = cli(['train', '--dataset', datasetId, '--fold', 'fold-1', '--epochs', '1', '--batch', '2', '--frame-stride', '4', '--eval-stride', '4', '--data-dir', s.dataDir, '--json'])
    expect(st1.status, st1.stderr).toBe(0)
    stage1Run = (JSON.parse(st1.stdout) as { runId: string }).runId
    console.log(`stage-1 run (1 epoch) from the CLI: ${((Date.now() - t0) / 1000).toFixed(1)} s`)

    await page.reload()
    await page.getByTestId('new-run-form').waitFor({ state: 'visible', timeout: 30_000 })
    await page.locator('#run-family').selectOption('sequence')
    await expect.poll(() => page.locator('#run-stage1-image').inputValue(), { timeout: 10_000 }).toBe(stage1Run)
    // Audio dropout is offered on a model with an audio branch only, and reaches the command line.
    expect(await page.locator('[data-param="audioDropout"]').count()).toBe(0)
    await page.locator('#run-preset').selectOption('avi-gas')
    const drop = page.locator('[data-param="audioDropout"]')
    await drop.waitFor({ state: 'visible', timeout: 10_000 })
    expect(await drop.innerText()).toMatch(/Audio dropout[\s\S]*default 0 · ≥ 0 and < 1/)
    await drop.locator('input').fill('0.5')
    await expect.poll(() => page.getByTestId('cli-equivalent').innerText(), { timeout: 5_000 }).toMatch(/--model avi-gas .*--audio-dropout 0\.5/)
    await page.screenshot({ path: join(ARTIFACTS, 'train-sequence-avi-gas-form.png'), fullPage: true })
    await page.locator('#run-preset').selectOption('vi-des')
    await expect.poll(() => page.locator('[data-param="audioDropout"]').count(), { timeout: 5_000 }).toBe(0)
    await expect.poll(() => page.locator('#run-stage1-image').inputValue(), { timeout: 10_000 }).toBe(stage1Run)
    // The curriculum is checked inline like the model checks it.
    await page.locator('#run-curriculum').fill('4, 2')
    expect(await page.getByTestId('curriculum-note').innerText()).toMatch(/must increase/)
    expect(await page.getByTestId('start-run').isDisabled()).toBe(true)
    await page.locator('#run-curriculum').fill('2, 16')
    expect(await page.getByTestId('curriculum-note').innerText()).toMatch(/Vi-DeS-2\s*→ Vi-DeS-16/)
    await page.locator('#run-epochs').fill('3')
    await page.locator('[data-param="hidden"] input').fill('16')
    await page.locator('[data-param="batch"] input').fill('4')
    await page.locator('[data-param="lr"] input').fill('0.01')
    expect(await page.getByTestId('cli-equivalent').innerText()).toBe(
      `circumplex train --model vi-des --dataset ${datasetId} --fold fold-1 --stage1 ${stage1Run} --epochs-per-stage 3 --curriculum 2,16 --hidden 16 --batch 4 --lr 0.01`
    )
    await page.screenshot({ path: join(ARTIFACTS, 'train-sequence-form.png'), fullPage: true })
    await page.getByTestId('start-run').click()

    await page.waitForURL(/#\/train\/runs\/vi-des-/, { timeout: 30_000 })
    const runId = decodeURIComponent(page.url().split('/').pop()!)
    const detail = page.getByTestId('run-detail')
    await detail.waitFor({ state: 'visible', timeout: 30_000 })
    // Pause as soon as the first stage has its checkpoint (polled through the contract; the page polls every 2 s).
    const t1 = Date.now()
    await waitFor('the first stage checkpoint', async () => (((await invoke(s, 'runs:get', { runId })).data as Detail).checkpoints.length >= 1 ? true : null), 120_000)
    const paused = await invoke(s, 'runs:pause', { runId })
    expect(paused.ok, JSON.stringify(paused.error)).toBe(true)
    console.log(`sequence run to the end of stage 1: ${((Date.now() - t1) / 1000).toFixed(1)} s`)
    const before = (await invoke(s, 'runs:get', { runId })).data as Detail
    expect(before.run).toMatchObject({ status: 'cancelled', stopReason: 'paused', datasetId, epochsPlanned: 6 })
    expect(before.config.stages?.map((x) => x.name)).toEqual(['Vi-DeS-2'])
    expect(before.checkpoints.map((c) => c.path)).toEqual([expect.stringMatching(/stage-Vi-DeS-2\.ckpt$/)])
    const stage1Val = before.epochs.filter((e) => e.split === 'val' && e.metrics.stage_index === 0)
    expect(stage1Val).toHaveLength(3)
    await expect.poll(() => detail.getByTestId('run-status').getAttribute('data-stop'), { timeout: 20_000 }).toBe('paused')
    await expect.poll(() => page.getByTestId('run-stages').getAttribute('data-finished'), { timeout: 10_000 }).toBe('1')
    await expect.poll(() => page.getByTestId('run-stages').innerText(), { timeout: 10_000 }).toMatch(/1 of 2 stages finished · Resume continues with the next stage/)
    expect(await detail.locator('.stop-note').innerText()).toMatch(/finished stages are kept; Resume continues with the next stage/)
    await page.locator('.run-curves .main-svg').first().waitFor({ state: 'visible', timeout: 20_000 })
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(ARTIFACTS, 'train-sequence-paused.png'), fullPage: true })

    const t2 = Date.now()
    await page.getByTestId('run-resume').click()
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 60_000 }).toBe('done')
    console.log(`resumed run to done: ${((Date.now() - t2) / 1000).toFixed(1)} s`)
    const done = (await invoke(s, 'runs:get', { runId })).data as Detail
    expect(done.run).toMatchObject({ status: 'done', stopReason: null })
    expect(done.config.stages?.map((x) => x.name)).toEqual(['Vi-DeS-2', 'Vi-DeS-16'])
    expect(done.config.stages?.every((x) => x.test !== null)).toBe(true)
    // Stage 1 was not trained again: its epochs are the very same records (wall times included), its wall time kept.
    expect(done.epochs.filter((e) => e.split === 'val' && e.metrics.stage_index === 0)).toEqual(stage1Val)
    expect(done.config.stages?.[0].wallS).toBe(before.config.stages?.[0].wallS)
    expect(done.epochs.filter((e) => e.split === 'val').map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6])
    expect(done.checkpoints.map((c) => [c.path.split('/').pop(), c.isBest])).toEqual([
      ['stage-Vi-DeS-2.ckpt', false],
      ['stage-Vi-DeS-16.ckpt', true]
    ])
    await expect.poll(() => page.getByTestId('run-stages').getAttribute('data-finished'), { timeout: 10_000 }).toBe('2')
    await page.locator('.run-curves .main-svg').first().waitFor({ state: 'visible', timeout: 20_000 })
    await page.waitForTimeout(500)
    await page.screenshot({ path: join(ARTIFACTS, 'train-sequence.png'), fullPage: true })

    // Headless parity: the form's terminal line is the same run, complete: no stage is trained again.
    const r = cli([
      'train', '--model', 'vi-des', '--dataset', datasetId, '--fold', 'fold-1', '--stage1', stage1Run, '--epochs-per-stage', '3', '--curriculum', '2,16',
      '--hidden', '16', '--batch', '4', '--lr', '0.01', '--data-dir', s.dataDir, '--json'
    ])
    expect(r.status, r.stderr).toBe(0)
    const res = JSON.parse(r.stdout) as { runId: string; stages: { name: string; wallS: number }[] }
    expect(res.runId).toBe(runId)
    expect(res.stages.map((x) => [x.name, x.wallS])).toEqual(done.config.stages?.map((x) => [x.name, x.wallS]))
  })
})
