/// <reference lib="dom" />
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { replaceRunCheckpoints, setRunStatus, upsertRun } from '../../src/main/db/queries/runs'
import { createAnclaf, disposeAnclaf } from '../../src/main/engine/models/anclaf/model'
import { netsToCheckpoint } from '../../src/main/engine/train/anclaf-trainer'
import { writeCheckpointFile } from '../../src/main/engine/train/checkpoint'
import { tinyConfig } from '../../src/main/engine/train/test-fixtures'
import { ARTIFACTS, CHROMIUM_ARGS, chromiumPath, cli, demoSession, invoke, openReview, routeUrl, serve, signIn, tempDir, waitFor, type Served } from './harness'

interface Points {
  frames: number[]
  valence: (number | null)[]
  arousal: (number | null)[]
}
interface Proposal {
  traceId: string
  name: string
  annotatedFrames: number
  proposedFrames: { valence: number; arousal: number }
  check: { cccValence: number | null; cccArousal: number | null; frames: number } | null
}

async function call<T>(s: Served, channel: string, args: unknown = {}): Promise<T> {
  const r = await invoke(s, channel, args)
  if (!r.ok) throw new Error(`${channel}: ${r.error?.code} ${r.error?.message}`)
  return r.data as T
}

const byFrame = (p: Points) => new Map(p.frames.map((f, i) => [f, [p.valence[i], p.arousal[i]] as const]))

/**
 * Complete the session (Ctrl+L) on the demo: an annotator's own trace holds the first half of the demo's synthetic
 * ground truth (imported as a file, then copied into the own trace with the Correct tab's existing tool); Ctrl+L
 * proposes the second half with a confidence band; a range of it is accepted into the trace; review lists the
 * proposal like any prediction; the CLI completes the same session and prints the CCC against the ground truth.
 */
describe('complete the session in Chromium', () => {
  let s: Served
  let browser: Browser
  let page: Page
  let sessionId = ''
  let frames = 0
  let annotatorId = ''
  let ownTraceId = ''
  let proposal: Proposal | null = null
  const consoleErrors: string[] = []

  beforeAll(async () => {
    s = await serve(tempDir('cx-complete-'))
    ;({ id: sessionId, frameCount: frames } = await demoSession(s))
    annotatorId = (await call<{ id: string }>(s, 'annotators:create', { name: 'Ada' })).id
    // The annotator's earlier ratings of the first half: the demo's ground truth, frames 0 … frames/2 − 1.
    const traces = await call<{ id: string; kind: string }[]>(s, 'traces:list', { sessionId })
    const gold = await call<Points>(s, 'traces:get', { traceId: traces.find((t) => t.kind === 'gold')!.id })
    const rows = ['frame,time_s,valence,arousal,source']
    gold.frames.forEach((f, i) => f < frames / 2 && rows.push(`${f},${(f / 25).toFixed(6)},${gold.valence[i]},${gold.arousal[i]},ada`))
    await call(s, 'annotations:import', { sessionId, annotatorId, format: 'circumplex', text: rows.join('\n') + '\n', name: 'Ada first half' })
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
    page.on('console', (m) => {
      if (m.type() === 'error' && !/401|connection to Circumplex lost|WebSocket/.test(m.text())) consoleErrors.push(m.text())
    })
    page.on('pageerror', (e) => consoleErrors.push(e.message))
  })

  afterAll(async () => {
    await browser?.close()
    await s?.stop()
  })

  it('copies the first half into the own trace, then Ctrl+L proposes the rest with a confidence band', async () => {
    await signIn(page, s)
    await page.evaluate((id) => localStorage.setItem('circumplex.annotate.place', JSON.stringify({ annotatorId: id, mode: '2d', tab: 'correct' })), annotatorId)
    await page.goto(routeUrl(s, `annotate/${sessionId}`))
    await page.getByTestId('annotate-workspace').waitFor({ state: 'visible', timeout: 30_000 })
    ownTraceId = (await call<{ trace: { id: string } }>(s, 'annotations:own-trace', { sessionId, annotatorId })).trace.id
    // Before anything is rated the action says what it needs.
    await expect(page.getByTestId('complete-button').isDisabled()).resolves.toBe(true)
    await page.getByLabel('Reference trace').selectOption({ label: 'annotation: Ada first half' })
    await page.getByRole('button', { name: 'Copy reference into my trace' }).click()
    await waitFor('the copied half', async () => ((await call<Points>(s, 'traces:get', { traceId: ownTraceId })).frames.length === frames / 2 ? true : null), 15_000)
    // The page learns of the copy after the store does: poll (a single read raced the page under load in CI).
    await expect.poll(() => page.getByTestId('complete-button').isEnabled(), { timeout: 15_000 }).toBe(true)

    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Control+l')
    const card = page.getByTestId('proposal-card')
    await card.waitFor({ state: 'visible', timeout: 60_000 })
    const list = await call<Proposal[]>(s, 'sessions:proposals', { sessionId, fromTraceId: ownTraceId })
    expect(list).toHaveLength(1)
    proposal = list[0]
    expect(proposal.name).toBe('Proposal from Ada (first 50 %)')
    expect(proposal.annotatedFrames).toBe(frames / 2)
    expect(proposal.proposedFrames).toEqual({ valence: frames / 2, arousal: frames / 2 })
    await expect(card.getAttribute('data-trace-id')).resolves.toBe(proposal.traceId)
    // Drawn as the reference, in the proposal's own style, with its band.
    const plot = page.getByTestId('edit-plot')
    await expect.poll(() => plot.getAttribute('data-reference-tone'), { timeout: 10_000 }).toBe('proposal')
    await expect(plot.getAttribute('data-band')).resolves.toBe('1')
    const check = page.getByTestId('proposal-check')
    await expect(check.innerText()).resolves.toMatch(/vs Ground truth \(synthetic\): CCC V -?\d\.\d\d · A -?\d\.\d\d on 150 frames/)
    console.log(`demo (12 s, first 50 % rated): proposal CCC V ${proposal.check?.cccValence?.toFixed(3)} A ${proposal.check?.cccArousal?.toFixed(3)}`)
    const conf = await call<{ dims: number; rows: number } | null>(s, 'traces:extra', { traceId: proposal.traceId, kind: 'confidence' })
    expect(conf).toMatchObject({ dims: 2, rows: frames })
  })

  it('accepts a selected range of the proposal into the own trace, leaving the rated frames alone', async () => {
    const before = byFrame(await call<Points>(s, 'traces:get', { traceId: ownTraceId }))
    const pv = byFrame(await call<Points>(s, 'traces:get', { traceId: proposal!.traceId }))
    // Drag across the plot from ~40 % to ~70 % of the session: it spans rated and proposed frames.
    const plot = page.getByTestId('edit-plot')
    const box = (await plot.boundingBox())!
    const pad = Number(await plot.getAttribute('data-pad-x'))
    const xAt = (fraction: number) => box.x + pad + (box.width - 2 * pad) * fraction
    await page.mouse.move(xAt(0.4), box.y + 60)
    await page.mouse.down()
    await page.mouse.move(xAt(0.55), box.y + 60, { steps: 4 })
    await page.mouse.move(xAt(0.7), box.y + 60, { steps: 4 })
    await page.mouse.up()
    const sel = (await page.getByTestId('selection').innerText()).match(/selection (\d+)–(\d+)/)!
    const [from, to] = [Number(sel[1]), Number(sel[2])]
    expect(from).toBeLessThan(frames / 2)
    expect(to).toBeGreaterThan(frames / 2)
    await page.getByTestId('accept-proposal-selection').click()
    await expect.poll(() => page.getByTestId('complete-notice').innerText().catch(() => ''), { timeout: 15_000 }).toMatch(/Accepted \d+ proposed frame/)
    const after = byFrame(await call<Points>(s, 'traces:get', { traceId: ownTraceId }))
    for (let f = from; f <= to; f++) {
      if (f < frames / 2) expect(after.get(f)).toEqual(before.get(f)) // rated: unchanged
      else {
        expect(after.get(f)![0]).toBeCloseTo(pv.get(f)![0]!, 5)
        expect(after.get(f)![1]).toBeCloseTo(pv.get(f)![1]!, 5)
      }
    }
    expect(after.has(to + 1)).toBe(false) // outside the selection: still unrated
    const hist = await call<{ edits: { kind: string; params: { sourceTraceId?: string } }[] }>(s, 'annotations:history', { traceId: ownTraceId })
    expect(hist.edits[0]).toMatchObject({ kind: 'replace', params: { sourceTraceId: proposal!.traceId } })
    await page.mouse.move(xAt(0.85), box.y + 60)
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(ARTIFACTS, 'complete-annotate.png'), fullPage: true })
  })

  it('lists the proposal in review as a prediction trace', async () => {
    await openReview(page, s, sessionId)
    const row = page.getByTestId('trace-row').filter({ hasText: 'Proposal from Ada (first 50 %)' })
    await row.waitFor({ state: 'visible', timeout: 15_000 })
    await expect(row.innerText()).resolves.toMatch(/prediction/i)
    await page.waitForFunction(() => document.querySelector('[data-testid="trace-plot"]')?.getAttribute('data-resolution') !== null, null, { timeout: 20_000 })
    await page.waitForTimeout(500)
    await page.screenshot({ path: join(ARTIFACTS, 'complete-review.png'), fullPage: true })
    expect(consoleErrors).toEqual([])
  })

  it('applies a finished run to the demo from the Train page, with progress, and opens the result in review', async () => {
    // A finished stage-1 run with a tiny (seeded, untrained) checkpoint: training one here would take minutes.
    const runId = 'anclaf-compact-e2eapply'
    const runDir = join(s.dataDir, 'runs', runId)
    const config = tinyConfig({ seed: 1, labelRange: 1 })
    const nets = createAnclaf(config)
    writeCheckpointFile(join(runDir, 'best.ckpt'), netsToCheckpoint(nets, null, { kind: 'anclaf-stage1', config, dataHash: 'd', epoch: 1, history: [], bestEpoch: 1, adamSteps: {} }))
    disposeAnclaf(nets)
    const db = new Database(join(s.dataDir, 'circumplex.sqlite'))
    db.pragma('busy_timeout = 5000')
    upsertRun(db, { id: runId, model: 'anclaf', preset: 'compact', configJson: JSON.stringify(config), dataHash: 'd', fold: 'fold-1', runDir })
    replaceRunCheckpoints(db, runId, [{ epoch: 1, path: join(runDir, 'best.ckpt'), isBest: true }])
    setRunStatus(db, runId, { status: 'done', backend: 'wasm', started: true, finished: true, wallS: 1 })
    db.close()

    await page.goto(routeUrl(s, 'train/runs'))
    await page.getByTestId('run-row').filter({ hasText: 'anclaf' }).first().click()
    await page.getByTestId('apply-open').click()
    const picker = page.getByTestId('apply-picker')
    await picker.waitFor({ state: 'visible', timeout: 10_000 })
    await picker.getByLabel(/^Apply to Demo/).check()
    await expect(page.getByTestId('apply-start').innerText()).resolves.toBe('Apply to 1 session')
    await page.screenshot({ path: join(ARTIFACTS, 'complete-apply-pick.png') })
    await page.getByTestId('apply-start').click()
    const row = page.getByTestId('apply-row').first()
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 90_000 }).toBe('done')
    await expect(page.getByTestId('apply-summary').innerText()).resolves.toBe('1 of 1 finished')
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(ARTIFACTS, 'complete-apply.png'), fullPage: true })
    const traces = await call<{ id: string; kind: string; sourceId: string | null; frameCount: number }[]>(s, 'traces:list', { sessionId })
    expect(traces.find((t) => t.kind === 'prediction' && t.sourceId === runId)).toMatchObject({ frameCount: frames })
    await row.getByRole('link', { name: 'Open in review' }).click()
    await page.getByTestId('review-workspace').waitFor({ state: 'visible', timeout: 30_000 })
    await page.getByTestId('trace-row').filter({ hasText: `ANCLaF ${runId}` }).waitFor({ state: 'visible', timeout: 15_000 })
    // A bad batch is refused whole, with the reason naming the session.
    const bad = await invoke(s, 'runs:apply', { runId, sessionIds: [sessionId, 'ghost'] })
    expect(bad).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'no session ghost' } })
    expect(consoleErrors).toEqual([])
  })

  it('completes the same session from the command line (CCC against the ground truth) and applies the run with `circumplex apply`', () => {
    const r = cli(['complete', sessionId, '--from', 'Ada', '--json', '--data-dir', s.dataDir])
    expect(r.status, r.stderr).toBe(0)
    const p = JSON.parse(r.stdout) as Proposal
    // The own trace now rates the first half plus the accepted range: one run from frame 0.
    expect(p.name).toMatch(/^Proposal from Ada \(first \d+ %\)$/)
    expect(p.annotatedFrames).toBeGreaterThan(frames / 2)
    expect(p.check!.frames).toBe(frames - p.annotatedFrames)
    console.log(`CLI complete: ${p.name}, CCC V ${p.check?.cccValence?.toFixed(3)} A ${p.check?.cccArousal?.toFixed(3)} on ${p.check?.frames} frames`)
    // `circumplex apply`: the same batch service as the Train page's Apply.
    const applied = cli(['apply', '--run', 'anclaf-compact-e2eapply', sessionId, '--json', '--data-dir', s.dataDir])
    expect(applied.status, applied.stderr).toBe(0)
    expect(JSON.parse(applied.stdout)).toMatchObject([{ sessionId, state: 'done', traceId: expect.any(String), error: null }])
    const refused = cli(['apply', '--run', 'anclaf-compact-e2eapply', sessionId, 'ghost', '--data-dir', s.dataDir])
    expect(refused.status).not.toBe(0)
    expect(refused.stderr).toMatch(/NOT_FOUND: no session ghost/)
    const text = cli(['complete', sessionId, '--from', 'Nobody', '--data-dir', s.dataDir])
    expect(text.status).not.toBe(0)
    expect(text.stderr).toMatch(/NOT_FOUND: --from 'Nobody'/)
  })
})
