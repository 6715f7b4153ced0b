/// <reference lib="dom" />
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, CHROMIUM_ARGS, chromiumPath, cli, invoke, routeUrl, serve, signIn, tempDir, waitFor, type Served } from './harness'

/**
 * Train → Datasets: a tiny synthetic dataset written by `circumplex synth` is registered through the form (the scan
 * runs as a job in the real worker), its subjects and V-A histogram show, a subject is moved between splits of a fold,
 * saved, and the move survives a reload. Then a dataset is built from three imported sessions through the other form.
 */
describe('train: datasets view', () => {
  let s: Served
  let browser: Browser
  let page: Page
  const data = join(tempDir('cx-ds-e2e-'), 'synth-tiny')

  beforeAll(async () => {
    const synth = cli(['synth', '--out', data, '--subjects', '4', '--sessions', '1', '--seconds', '1', '--fps', '10', '--size', '64', '--json'])
    expect(synth.status, synth.stderr).toBe(0)
    // Three clips imported as sessions (known landmarks as the face track, labels as the gold trace) for the build from sessions.
    const store = tempDir('cx-ds-store-')
    const imported = cli(['import-dataset', '--data', data, '--clips', 'S01_T01,S02_T01,S03_T01', '--no-spectrogram', '--data-dir', store, '--json'])
    expect(imported.status, imported.stderr).toBe(0)
    s = await serve(store, ['--no-demo'])
    await waitFor('the server', async () => ((await invoke(s, 'datasets:list')).ok ? true : null))
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
  })

  afterAll(async () => {
    await browser?.close()
    await s?.stop()
  })

  it('registers a folder through the form, shows subjects and the histogram, and saves an edited fold', async () => {
    await signIn(page, s, { sessions: false })
    await page.goto(routeUrl(s, 'train/datasets'))
    await page.getByRole('heading', { name: 'Train · datasets' }).waitFor({ state: 'visible', timeout: 30_000 })

    // A folder that does not exist is refused at once, with its code.
    await page.getByLabel('Dataset folder', { exact: true }).fill(join(data, 'missing'))
    await page.getByRole('button', { name: 'Register', exact: true }).click()
    await expect.poll(() => page.getByTestId('register-error').textContent()).toMatch(/NOT_FOUND: .*no such folder/)

    await page.getByLabel('Dataset folder', { exact: true }).fill(data)
    await page.getByLabel('Label format', { exact: true }).selectOption('aff-wild2')
    await page.getByLabel('Dataset name', { exact: true }).fill('Synth tiny')
    await page.getByRole('button', { name: 'Register', exact: true }).click()
    const detail = page.getByTestId('dataset-detail')
    await detail.waitFor({ state: 'visible', timeout: 60_000 })
    await expect.poll(() => page.locator('.ds-title h2').textContent()).toBe('Synth tiny')
    expect(page.url()).toMatch(/#\/train\/datasets\/ds-[0-9a-f]{8}$/)
    const datasetId = (await detail.getAttribute('data-dataset-id')) as string

    // Subjects, coverage, and a non-empty histogram of the 40 labelled frames.
    await expect.poll(() => page.getByTestId('subject-row').count()).toBe(4)
    expect(await page.getByTestId('subject-row').first().innerText()).toMatch(/S01\s+1\s+10\s+100 %/)
    const hist = page.getByTestId('va-histogram')
    expect(await hist.getAttribute('data-total')).toBe('40')
    expect(Number(await hist.getAttribute('data-bins'))).toBeGreaterThan(1)
    expect(await hist.locator('rect.va-hist-bin').count()).toBe(Number(await hist.getAttribute('data-bins')))
    await expect.poll(() => page.getByTestId('dataset-item').count()).toBe(1)
    expect(await page.getByTestId('train-on-dataset').getAttribute('href')).toBe(`#/train/new/${datasetId}`)

    // Move a training subject of fold-1 to test, save.
    const subjects = ['S01', 'S02', 'S03', 'S04']
    const splits = await Promise.all(subjects.map((x) => page.getByLabel(`${x} in fold-1`, { exact: true }).inputValue()))
    const moved = subjects[splits.indexOf('train')]
    expect(moved).toBeDefined()
    await page.getByLabel(`${moved} in fold-1`, { exact: true }).selectOption('test')
    await expect.poll(() => page.locator('.ds-folds .badge.warn').count()).toBe(1)
    await page.getByRole('button', { name: 'Save folds' }).click()
    await expect.poll(() => page.getByTestId('fold-status').textContent()).toMatch(/Saved 4 folds \(edited by hand\)/)

    // The folder is unchanged since registration.
    await page.getByRole('button', { name: 'Check folder' }).click()
    await expect.poll(() => page.getByTestId('dataset-check').textContent()).toMatch(/Unchanged since registration/)
    await page.setViewportSize({ width: 1440, height: 1560 }) // the page scrolls inside the shell: show the fold editor too
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(ARTIFACTS, 'datasets.png'), fullPage: true })

    // Persisted: after a reload the select shows the move, and main agrees.
    await page.reload()
    await page.getByTestId('fold-editor').waitFor({ state: 'visible', timeout: 30_000 })
    expect(await page.getByLabel(`${moved} in fold-1`, { exact: true }).inputValue()).toBe('test')
    const got = (await invoke(s, 'datasets:get', { datasetId })) as { ok: boolean; data: { folds: { kind: string; folds: Array<{ name: string; test: string[] }> } } }
    expect(got.data.folds.kind).toBe('custom')
    expect(got.data.folds.folds[0].test).toContain(moved)
  })

  it('builds a dataset from annotated sessions through the form, with a subject shared by two sessions', async () => {
    await page.setViewportSize({ width: 1440, height: 1000 })
    await page.goto(routeUrl(s, 'train/datasets'))
    await page.getByRole('tab', { name: 'Build from sessions' }).click()
    for (const clip of ['S01_T01', 'S02_T01', 'S03_T01']) await page.getByRole('checkbox', { name: new RegExp(clip) }).check()
    await page.getByLabel('Subject of S01_T01', { exact: true }).fill('P1')
    await page.getByLabel('Subject of S02_T01', { exact: true }).fill('P1')
    await page.getByLabel('New dataset name', { exact: true }).fill('Own sessions')
    await page.getByRole('button', { name: 'Build dataset' }).click()
    await expect.poll(() => page.locator('.ds-title h2').textContent(), { timeout: 60_000 }).toBe('Own sessions')
    expect(await page.locator('.ds-title').innerText()).toMatch(/from sessions/i)
    await expect.poll(() => page.getByTestId('subject-row').count()).toBe(2)
    expect(await page.getByTestId('subject-row').first().innerText()).toMatch(/P1\s+2\s+20\s+100 %/)
    expect(await page.getByTestId('va-histogram').getAttribute('data-total')).toBe('30')
    await expect.poll(() => page.getByTestId('dataset-item').count()).toBe(2)
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(ARTIFACTS, 'datasets-from-sessions.png') })
    await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'))
    await page.waitForTimeout(200)
    await page.screenshot({ path: join(ARTIFACTS, 'datasets-dark.png') })
  })
})
