/// <reference lib="dom" />
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMPARE_CSV_COLUMNS, compareCsv } from '../../src/core/compare/csv'
import type { CompareResult } from '../../src/shared/compare'
import { replaceRunEpochs, setRunRegistryFields, setRunStatus, upsertRun } from '../../src/main/db/queries/runs'
import { ARTIFACTS, CHROMIUM_ARGS, chromiumPath, cli, downloadByClick, invoke, routeUrl, serve, signIn, tempDir, waitFor, type Served } from './harness'

/**
 * Tags and the Compare page. Finished runs are written the way the trainers store them (runs + run_epochs rows):
 * Vi-DeS on two folds (one configuration → one row, mean ± sd), AVi-GaS and Au-DeS with a test split, AVi-CaS paused
 * with validation epochs only. Numbers resemble thesis Table 7.6 (SEWA).
 */
type Quad = { rmse: [number, number]; pcc: [number, number]; ccc: [number, number]; icc: [number, number] }
const metrics = (q: Quad) => ({
  n: 1800,
  rmse_v: q.rmse[0],
  rmse_a: q.rmse[1],
  pcc_v: q.pcc[0],
  pcc_a: q.pcc[1],
  ccc_v: q.ccc[0],
  ccc_a: q.ccc[1],
  ccc_mean: (q.ccc[0] + q.ccc[1]) / 2,
  icc_paper_v: q.icc[0],
  icc_paper_a: q.icc[1]
})
const worse = (q: Quad, k: number): Quad => ({
  rmse: [q.rmse[0] + k, q.rmse[1] + k],
  pcc: [q.pcc[0] - k, q.pcc[1] - k],
  ccc: [q.ccc[0] - k, q.ccc[1] - k],
  icc: [q.icc[0] - k, q.icc[1] - k]
})

const VI1 = 'vi-des-latent-3f2a91c0d4e1'
const VI2 = 'vi-des-latent-8b07d2e51a90'
const GAS = 'avi-gas-latent-c41e0f9a27b3'
const CAS = 'avi-cas-latent-5d9e13b8f062'
const AU = 'au-des-latent-a7c2e4410b5d'

const seq = (variant: string, fold: string, extra: object) => ({
  kind: 'sequence',
  config: { variant, lr: 1e-4, window: 32, curriculum: [8, 16, 32], fusion: 'none', ...extra },
  dataset: '/data/sewa-synth',
  format: 'circumplex',
  fold: { name: fold, train: ['s01', 's02', 's03'], val: ['s04'], test: [fold === 'fold-1' ? 's05' : 's06'] }
})

const RUNS: Array<{ id: string; model: string; fold: string; config: object; test: Quad | null; val: Quad; wallS: number; paused?: boolean }> = [
  { id: VI1, model: 'vi-des', fold: 'fold-1', config: seq('vi-des', 'fold-1', {}), test: { rmse: [0.412, 0.365], pcc: [0.512, 0.441], ccc: [0.476, 0.398], icc: [0.489, 0.405] }, val: { rmse: [0.4, 0.36], pcc: [0.53, 0.45], ccc: [0.49, 0.41], icc: [0.5, 0.42] }, wallS: 1520 },
  { id: VI2, model: 'vi-des', fold: 'fold-2', config: seq('vi-des', 'fold-2', {}), test: { rmse: [0.398, 0.371], pcc: [0.53, 0.452], ccc: [0.492, 0.41], icc: [0.503, 0.418] }, val: { rmse: [0.39, 0.37], pcc: [0.54, 0.46], ccc: [0.5, 0.42], icc: [0.51, 0.43] }, wallS: 1475 },
  { id: GAS, model: 'avi-gas', fold: 'fold-1', config: seq('avi-gas', 'fold-1', { fusion: 'gmu', gmu: { mode: 'gated', hidden: 64 } }), test: { rmse: [0.351, 0.334], pcc: [0.702, 0.611], ccc: [0.686, 0.583], icc: [0.694, 0.59] }, val: { rmse: [0.34, 0.33], pcc: [0.71, 0.62], ccc: [0.7, 0.6], icc: [0.7, 0.6] }, wallS: 2710 },
  { id: CAS, model: 'avi-cas', fold: 'fold-1', config: seq('avi-cas', 'fold-1', { fusion: 'concat' }), test: null, val: { rmse: [0.38, 0.352], pcc: [0.56, 0.52], ccc: [0.525, 0.502], icc: [0.531, 0.507] }, wallS: 840, paused: true },
  { id: AU, model: 'au-des', fold: 'fold-1', config: seq('au-des', 'fold-1', {}), test: { rmse: [0.42, 0.34], pcc: [0.45, 0.54], ccc: [0.42, 0.52], icc: [0.431, 0.527] }, val: { rmse: [0.41, 0.33], pcc: [0.46, 0.55], ccc: [0.43, 0.53], icc: [0.44, 0.53] }, wallS: 1130 }
]

describe('compare: tags, runs side by side, config diff, CSV/PNG/SVG export', () => {
  let s: Served
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    s = await serve(tempDir('cx-compare-'), ['--no-demo'])
    await waitFor('the server', async () => ((await invoke(s, 'runs:list')).ok ? true : null))
    const db = new Database(join(s.dataDir, 'circumplex.sqlite'))
    db.pragma('busy_timeout = 5000')
    for (const r of RUNS) {
      upsertRun(db, { id: r.id, model: r.model, preset: 'latent', configJson: JSON.stringify(r.config), dataHash: 'sewa-7c1d2e90b4aa51f3', fold: r.fold, runDir: `/nowhere/${r.id}` })
      setRunStatus(db, r.id, { status: r.paused ? 'cancelled' : 'done', backend: 'tensorflow', started: true, finished: true, wallS: r.wallS })
      setRunRegistryFields(db, r.id, { codeVersion: '0.4.0+8f954e1', epochsPlanned: 12, ...(r.paused ? { stopReason: 'paused' as const } : {}) })
      const epochs = [1, 2, 3, 4, 5, 6].map((e) => ({ epoch: e, split: 'val' as const, metrics: metrics(e === 6 ? r.val : worse(r.val, 0.02 * (6 - e))), losses: { affect: 1 / e }, wallS: r.wallS / 12 }))
      replaceRunEpochs(db, r.id, r.test ? [...epochs, { epoch: 6, split: 'test' as const, metrics: metrics(r.test), losses: {}, wallS: null }] : epochs)
    }
    db.close()
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true })
  })

  afterAll(async () => {
    await browser?.close()
    await s?.stop()
  })

  const row = (label: string) => page.getByTestId('compare-row').filter({ has: page.locator(`.cmp-label:text-is("${label}")`) })
  const cell = (label: string, id: string) => row(label).getByTestId(id)

  it('compare two runs: tag one in the Train page, pick two on the Compare page, seeded cells, best in bold', async () => {
    await signIn(page, s, { sessions: false })
    await page.goto(routeUrl(s, `train/runs/${VI1}`))
    await page.getByTestId('run-detail').waitFor({ state: 'visible', timeout: 30_000 })
    await page.getByLabel('Add a tag').fill('  Baseline ')
    await page.getByLabel('Add a tag').press('Enter')
    await expect.poll(async () => (await page.getByTestId('run-tag').allInnerTexts()).map((t) => t.replace('×', '').trim())).toEqual(['baseline'])
    await page.getByLabel('Add a tag').fill('sewa 5-fold')
    await page.getByLabel('Add a tag').press('Enter')
    await expect.poll(() => page.getByTestId('run-tag').count()).toBe(2)
    await page.getByRole('button', { name: 'Remove tag sewa 5-fold' }).click()
    await expect.poll(() => page.getByTestId('run-tag').count()).toBe(1)
    await page.getByTestId('run-detail').screenshot({ path: join(ARTIFACTS, 'compare-run-tags.png') })
    const listed = (await invoke(s, 'runs:list')).data as { id: string; tags: string[] }[]
    expect(listed.find((r) => r.id === VI1)?.tags).toEqual(['baseline'])

    await page.goto(routeUrl(s, 'compare'))
    await page.getByTestId('compare-picker').waitFor({ state: 'visible', timeout: 30_000 })
    await expect.poll(() => page.getByTestId('compare-pick').count()).toBe(5)
    // The tag filter and the search both find the tagged run.
    await page.getByLabel('Filter by tag').selectOption('baseline')
    await expect.poll(() => page.getByTestId('compare-pick').count()).toBe(1)
    await page.getByLabel('Filter by tag').selectOption('')
    await page.getByLabel('Search runs to compare').fill('paused')
    await expect.poll(() => page.locator('[data-testid=compare-pick]').first().getAttribute('data-run')).toBe(CAS)
    await page.getByLabel('Search runs to compare').fill('')

    await page.locator(`[data-testid=compare-pick][data-run="${VI1}"]`).click()
    await page.locator(`[data-testid=compare-pick][data-run="${GAS}"]`).click()
    await expect.poll(() => page.getByTestId('compare-row').count(), { timeout: 20_000 }).toBe(2)
    expect(await page.evaluate(() => decodeURIComponent(location.hash))).toBe(`#/compare/${VI1},${GAS}`)
    // The cells are the seeded test-split numbers; AVi-GaS is best in every column (bold).
    expect(await cell('Vi-DeS', 'cell-ccc-v').innerText()).toBe('0.476')
    expect(await cell('Vi-DeS', 'cell-rmse-a').innerText()).toBe('0.365')
    expect(await cell('Vi-DeS', 'cell-icc-avg').innerText()).toBe('0.447')
    expect(await cell('AVi-GaS', 'cell-ccc-v').innerText()).toBe('0.686')
    expect(await cell('AVi-GaS', 'cell-cor-a').innerText()).toBe('0.611')
    expect(await cell('AVi-GaS', 'cell-ccc-v').getAttribute('data-best')).toBe('true')
    expect(await cell('Vi-DeS', 'cell-ccc-v').getAttribute('data-best')).toBe('false')
    expect(await cell('AVi-GaS', 'cell-rmse-v').getAttribute('data-best')).toBe('true')
    const weight = await cell('AVi-GaS', 'cell-ccc-avg').locator('b').evaluate((el) => Number(getComputedStyle(el).fontWeight))
    expect(weight).toBeGreaterThanOrEqual(700)
    expect(await cell('Vi-DeS', 'cell-ccc-avg').locator('b').count()).toBe(0)
  })

  it('diffs the two configs', async () => {
    await page.getByRole('button', { name: 'Diff configs' }).click()
    await page.getByTestId('config-diff').waitFor({ state: 'visible', timeout: 10_000 })
    const fusion = page.locator('[data-testid=config-diff-row][data-path="config.fusion"]')
    expect(await fusion.locator('td').allInnerTexts()).toEqual(['config.fusion', '"none"', '"gmu"'])
    expect(await page.locator('[data-testid=config-diff-row][data-path="config.gmu.mode"] td').allInnerTexts()).toEqual(['config.gmu.mode', 'absent', '"gated"'])
    expect(await page.locator('[data-testid=config-diff-row][data-path="config.variant"]').count()).toBe(1)
    expect(await page.locator('[data-testid=config-diff-row][data-path="config.lr"]').count()).toBe(0)
  })

  it('groups two folds of one configuration into one row (mean ± sd, folds on expand) and exports CSV, PNG and SVG', async () => {
    await page.locator(`[data-testid=compare-pick][data-run="${VI2}"]`).click()
    await page.locator(`[data-testid=compare-pick][data-run="${CAS}"]`).click()
    await expect.poll(() => page.getByTestId('compare-row').count(), { timeout: 20_000 }).toBe(3)
    await expect.poll(() => row('Vi-DeS').locator('td').nth(1).innerText()).toBe('2')
    // CCC VAL over folds: (0.476 + 0.492) / 2 = 0.484, sd = 0.016 / √2 = 0.011.
    expect(await cell('Vi-DeS', 'cell-ccc-v').innerText()).toBe('0.484\n±0.011')
    expect(await cell('Vi-DeS', 'cell-rmse-v').innerText()).toBe('0.405\n±0.010')
    expect(await cell('AVi-CaS', 'cell-ccc-a').innerText()).toBe('0.502')
    expect(await row('AVi-CaS').locator('.badge.warn').innerText()).toMatch(/val/i)
    await row('Vi-DeS').getByRole('button', { name: /Show the folds of Vi-DeS/ }).click()
    await expect.poll(() => page.getByTestId('compare-fold-row').count()).toBe(2)
    expect(await page.getByTestId('compare-fold-row').nth(1).locator('td').nth(8).innerText()).toBe('0.492')
    expect(await page.getByTestId('compare-notes').innerText()).toMatch(/best validation epoch/)

    const ids = [VI1, GAS, VI2, CAS]
    const expected = compareCsv((await invoke(s, 'runs:compare', { runIds: ids })).data as CompareResult)
    const csv = await downloadByClick(page, page.getByRole('button', { name: 'Export CSV' }), 'the comparison CSV')
    expect(csv.suggestedFilename()).toBe('circumplex-compare.csv')
    const csvText = readFileSync(await csv.path(), 'utf8')
    expect(csvText).toBe(expected)
    expect(csvText).toMatch(/^model,Vi-DeS,vi-des,latent,fold-1 fold-2,2,test,/m)
    expect(csvText.split('\n')[1].split(',')[COMPARE_CSV_COLUMNS.indexOf('ccc_val')]).toBe('0.484')
    // The CLI writes the same bytes for the same runs.
    const out = join(tempDir('cx-compare-cli-'), 'cmp.csv')
    const r = cli(['runs', 'compare', ...ids, '--csv', out, '--data-dir', s.dataDir])
    expect(r.stderr).toBe('')
    expect(readFileSync(out, 'utf8')).toBe(csvText)

    await page.locator('.cmp-plot .main-svg').first().waitFor({ state: 'visible', timeout: 30_000 })
    await expect.poll(() => page.getByRole('button', { name: 'Export PNG' }).isEnabled()).toBe(true)
    const png = await downloadByClick(page, page.getByRole('button', { name: 'Export PNG' }), 'the comparison PNG')
    const pngBytes = readFileSync(await png.path())
    expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(pngBytes.length).toBeGreaterThan(20_000)
    expect(pngBytes.readUInt32BE(16)).toBe(1920) // 960 px wide at scale 2
    const svg = await downloadByClick(page, page.getByRole('button', { name: 'Export SVG' }), 'the comparison SVG')
    const svgText = readFileSync(await svg.path(), 'utf8')
    expect(svgText.startsWith('<svg')).toBe(true)
    expect(svgText).toContain('CCC valence')
    expect(svgText).toContain('AVi-GaS')

    // The diff stays open from the previous step: the screenshot shows table, plot and diff together.
    expect(await page.getByTestId('config-diff').count()).toBe(1)
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(ARTIFACTS, 'compare.png'), fullPage: true })
  })
})
