/// <reference lib="dom" />
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, CHROMIUM_ARGS, chromiumPath, cli, invoke, routeUrl, serve, signIn, tempDir, waitFor, type Served } from './harness'

interface Points {
  frames: number[]
  valence: (number | null)[]
  arousal: (number | null)[]
}
interface Logged {
  frame: number
  v: number | null
  a: number | null
  t: number
}

async function call<T>(s: Served, channel: string, args: unknown = {}): Promise<T> {
  const r = await invoke(s, channel, args)
  if (!r.ok) throw new Error(`${channel}: ${r.error?.code} ${r.error?.message}`)
  return r.data as T
}

const byFrame = (p: Points) => new Map(p.frames.map((f, i) => [f, [p.valence[i], p.arousal[i]] as const]))

async function savedSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid="save-status"]')?.getAttribute('data-pending') === '0', null, { timeout: 15_000 })
}

async function openWorkspace(page: Page, s: Served, sessionId: string, annotatorId: string): Promise<void> {
  await signIn(page, s)
  await page.evaluate((id) => localStorage.setItem('circumplex.annotate.place', JSON.stringify({ annotatorId: id, mode: '2d', tab: 'rate' })), annotatorId)
  await page.goto(routeUrl(s, `annotate/${sessionId}`))
  await page.getByTestId('annotate-workspace').waitFor({ state: 'visible', timeout: 30_000 })
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="video-pane"]')?.getAttribute('data-frame')) >= 0, null, { timeout: 30_000 })
}

describe('annotate in Chromium', () => {
  let s: Served
  let browser: Browser
  let page: Page
  let sessionId = ''
  let annotatorId = ''
  let ownTraceId = ''
  const consoleErrors: string[] = []

  beforeAll(async () => {
    s = await serve(tempDir('cx-annotate-'))
    const sessions = await waitFor('the demo session', async () => {
      const r = await invoke(s, 'sessions:list')
      return r.ok && Array.isArray(r.data) && r.data.length > 0 ? (r.data as { id: string }[]) : null
    })
    sessionId = sessions[0].id
    browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'] })
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

  it('creates an annotator profile and opens the session', async () => {
    await signIn(page, s)
    await page.goto(routeUrl(s, 'annotate'))
    await page.getByLabel('New annotator name').fill('Ada')
    await page.getByRole('button', { name: 'Create profile' }).click()
    await page.getByTestId('annotate-sessions').waitFor({ state: 'visible' })
    const annotators = await call<{ id: string; name: string }[]>(s, 'annotators:list')
    annotatorId = annotators.find((a) => a.name === 'Ada')!.id
    await page.getByTestId('annotate-open').first().click()
    await page.getByTestId('annotate-workspace').waitFor({ state: 'visible', timeout: 30_000 })
    const own = await call<{ trace: { id: string } }>(s, 'annotations:own-trace', { sessionId, annotatorId })
    ownTraceId = own.trace.id
  })

  it('rates 1-D valence with the keyboard while the video plays, saving every frame', async () => {
    await page.getByRole('radio', { name: '1-D valence' }).click()
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('r')
    await page.locator('.rec-dot').waitFor({ state: 'visible' })
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('ArrowUp')
      await page.waitForTimeout(120)
    }
    await page.screenshot({ path: join(ARTIFACTS, 'annotate-1d.png'), fullPage: true })
    await page.keyboard.press('r')
    await savedSettled(page)
    const pts = await call<Points>(s, 'traces:get', { traceId: ownTraceId })
    expect(pts.frames.length).toBeGreaterThan(15)
    // Consecutive frames: the pass has no holes, whatever frames the player skipped.
    expect(pts.frames[pts.frames.length - 1] - pts.frames[0] + 1).toBe(pts.frames.length)
    expect(pts.arousal.every((a) => a === null)).toBe(true)
    const v = pts.valence as number[]
    expect(v[0]).toBeCloseTo(0, 5) // the value before the first key press
    expect(Math.max(...v)).toBeCloseTo(0.5, 5) // ten presses of 0.05
    for (let i = 1; i < v.length; i++) expect(v[i]).toBeGreaterThanOrEqual(v[i - 1])
    await expect.poll(() => page.getByTestId('pass-list').locator('li').count()).toBe(1)
  })

  it('rates 2-D with the mouse in the plane; undo and redo a batch with Ctrl+Z / Ctrl+Shift+Z', async () => {
    await page.getByRole('radio', { name: '2-D circumplex' }).click()
    const before = byFrame(await call<Points>(s, 'traces:get', { traceId: ownTraceId }))
    const box = (await page.getByTestId('rating-plane').locator('.rating-plane-box').boundingBox())!
    const cx = box.x + box.width / 2
    const cy = box.y + box.height / 2
    await page.mouse.move(cx + box.width * 0.3, cy - box.height * 0.3) // upper right: V+, A+
    await page.mouse.down()
    await page.keyboard.press('r')
    for (let i = 0; i < 12; i++) {
      await page.mouse.move(cx + box.width * (0.3 - 0.05 * (i % 3)), cy - box.height * 0.3)
      await page.waitForTimeout(100)
    }
    await page.screenshot({ path: join(ARTIFACTS, 'annotate-2d.png'), fullPage: true })
    await page.mouse.up()
    await page.keyboard.press('r')
    await savedSettled(page)
    const after = await call<Points>(s, 'traces:get', { traceId: ownTraceId })
    const rated = after.frames.filter((f, i) => after.arousal[i] !== null)
    expect(rated.length).toBeGreaterThan(15)
    for (const f of rated) {
      const [v, a] = byFrame(after).get(f)!
      expect(v!).toBeGreaterThan(0.2)
      expect(a!).toBeGreaterThan(0.4)
    }
    // Undo the newest batch: its frames go back to what they were before it.
    const hist = await call<{ edits: { kind: string; fromFrame: number; toFrame: number; undone: boolean }[] }>(s, 'annotations:history', { traceId: ownTraceId })
    const last = hist.edits.find((e) => !e.undone)!
    expect(last.kind).toBe('rate')
    await page.keyboard.press('Control+z')
    await waitFor('undo', async () => {
      const p = byFrame(await call<Points>(s, 'traces:get', { traceId: ownTraceId }))
      return p.get(last.toFrame)?.[1] !== byFrame(after).get(last.toFrame)?.[1] ? true : null
    }, 10_000)
    const undone = byFrame(await call<Points>(s, 'traces:get', { traceId: ownTraceId }))
    for (let f = last.fromFrame; f <= last.toFrame; f++) expect(undone.get(f)?.[1] ?? null).toBe(before.get(f)?.[1] ?? null)
    await page.keyboard.press('Control+Shift+z')
    await waitFor('redo', async () => {
      const p = byFrame(await call<Points>(s, 'traces:get', { traceId: ownTraceId }))
      return p.get(last.toFrame)?.[1] === byFrame(after).get(last.toFrame)?.[1] ? true : null
    }, 10_000)
  })

  it('corrects a range: reject, copy the gold reference in, redraw by hand; provenance says who changed each frame', async () => {
    await page.getByRole('tab', { name: 'Correct' }).click()
    const plot = page.getByTestId('edit-plot')
    await plot.waitFor({ state: 'visible' })
    const box = (await plot.boundingBox())!
    const padX = Number(await plot.getAttribute('data-pad-x'))
    const to = Number(await plot.getAttribute('data-to'))
    const xOf = (f: number) => box.x + padX + ((box.width - 2 * padX) * f) / to
    // Copy the gold trace (the reference) into the own trace: a logged, undoable replace.
    await page.getByLabel('Reference trace').selectOption({ label: (await page.getByLabel('Reference trace').locator('option', { hasText: 'gold' }).first().innerText()).trim() })
    await page.getByRole('button', { name: 'Copy reference into my trace' }).click()
    await page.getByTestId('history').locator('li', { hasText: 'replaced from another trace' }).first().waitFor()
    // Select frames ~100–160 by dragging, then reject valence only.
    await page.mouse.move(xOf(100), box.y + 60)
    await page.mouse.down()
    await page.mouse.move(xOf(130), box.y + 60, { steps: 4 })
    await page.mouse.move(xOf(160), box.y + 60, { steps: 4 })
    await page.mouse.up()
    const selText = await page.getByTestId('selection').innerText()
    const [a, b] = /selection (\d+)–(\d+)/.exec(selText)!.slice(1).map(Number)
    expect(Math.abs(a - 100)).toBeLessThanOrEqual(2)
    expect(Math.abs(b - 160)).toBeLessThanOrEqual(2)
    await page.getByRole('radio', { name: 'valence' }).click()
    await page.getByRole('button', { name: 'Reject' }).click()
    await page.getByTestId('history').locator('li', { hasText: 'rejected' }).first().waitFor()
    const pts = byFrame(await call<Points>(s, 'traces:get', { traceId: ownTraceId }))
    for (let f = a; f <= b; f++) expect(pts.get(f)?.[0] ?? null).toBeNull()
    expect(pts.get(a)?.[1]).not.toBeNull() // arousal untouched
    // Redraw valence by hand over the selection: a flat line at +0.5.
    await page.getByRole('button', { name: /Redraw/ }).click()
    const padY = Number(await plot.getAttribute('data-pad-y'))
    const h = Number(await plot.getAttribute('data-plot-height'))
    const yOf = (v: number) => box.y + padY + ((h - 2 * padY) * (1 - v)) / 2
    await page.mouse.move(xOf(a + 5), yOf(0.5))
    await page.mouse.down()
    await page.mouse.move(xOf(b - 5), yOf(0.5), { steps: 8 })
    await page.mouse.up()
    await page.getByTestId('history').locator('li', { hasText: 'redrawn by hand' }).first().waitFor()
    const drawn = byFrame(await call<Points>(s, 'traces:get', { traceId: ownTraceId }))
    const mid = Math.round((a + b) / 2)
    expect(drawn.get(mid)?.[0]).toBeCloseTo(0.5, 1)
    // Provenance at the playhead: seek into the redrawn range by clicking the plot (draw mode off first).
    await page.getByRole('button', { name: /Redraw/ }).click()
    await page.mouse.click(xOf(mid), box.y + 30)
    await expect.poll(() => page.getByTestId('provenance').innerText(), { timeout: 10_000 }).toMatch(/redrawn by hand by Ada/)
    await page.screenshot({ path: join(ARTIFACTS, 'annotate-correct.png'), fullPage: true })
    // Undo the redraw from the toolbar: the provenance falls back to the reject.
    await page.getByTestId('undo').click()
    await expect.poll(() => page.getByTestId('provenance').innerText(), { timeout: 10_000 }).toMatch(/rejected/)
    expect(consoleErrors).toEqual([])
  })
  /**
   * Checks exactly the traces `ids` in the agreement panel: waits until the list holds all of them (it loads after
   * the panel shows), toggles the others off, and waits until the checked set is exactly `ids`.
   */
  async function chooseExactly(ids: string[]): Promise<void> {
    const listed = async () => Promise.all((await page.getByTestId('agreement-trace').all()).map((b) => b.getAttribute('data-trace-id')))
    await expect
      .poll(
        async () => {
          const l = await listed()
          return ids.every((id) => l.includes(id))
        },
        { timeout: 15_000 }
      )
      .toBe(true)
    for (const box of await page.getByTestId('agreement-trace').all()) {
      const id = await box.getAttribute('data-trace-id')
      if (ids.includes(id!) !== (await box.isChecked())) await box.click()
    }
    const checked = async () => {
      const out: string[] = []
      for (const box of await page.getByTestId('agreement-trace').all()) if (await box.isChecked()) out.push((await box.getAttribute('data-trace-id'))!)
      return out.sort()
    }
    await expect.poll(checked, { timeout: 5_000 }).toEqual([...ids].sort())
  }

  it('the agreement panel shows the same numbers as `circumplex agreement` on the same ratings', async () => {
    // Three raters over every frame of the session: a shared signal plus rater-specific bias and noise.
    const frames = Number((await page.getByTestId('frame-counter').innerText()).split('/')[1])+ 1
    const raters = [
      { name: 'Bea', bias: 0.05, noise: 0.08, seed: 1 },
      { name: 'Cy', bias: -0.1, noise: 0.12, seed: 2 },
      { name: 'Dan', bias: 0, noise: 0.2, seed: 3 }
    ]
    const traceIds: string[] = []
    for (const r of raters) {
      const a = await call<{ id: string }>(s, 'annotators:create', { name: r.name })
      const pass = await call<{ id: string; traceId: string }>(s, 'annotations:start-pass', { sessionId, annotatorId: a.id, mode: '1d-valence' })
      let x = r.seed
      const noise = () => ((x = (x * 16807) % 2147483647) / 2147483647 - 0.5) * 2
      const samples = Array.from({ length: frames }, (_, f) => [f, Math.max(-1, Math.min(1, 0.6 * Math.sin(f / 25) + r.bias + r.noise * noise())), null])
      await call(s, 'annotations:append', { passId: pass.id, samples })
      await call(s, 'annotations:finish-pass', { passId: pass.id })
      traceIds.push(pass.traceId)
    }
    await call(s, 'projects:create', { name: 'Pilot', sessionIds: [sessionId] })
    await page.reload()
    await page.getByTestId('annotate-workspace').waitFor({ state: 'visible', timeout: 30_000 })
    await page.getByRole('tab', { name: 'Agreement' }).click()
    await page.getByTestId('agreement-panel').waitFor({ state: 'visible' })
    await chooseExactly(traceIds)
    await page.getByTestId('agreement-dimension-valence').check()
    await page.getByTestId('agreement-run').click()
    await page.getByTestId('agreement-results').waitFor({ state: 'visible', timeout: 20_000 })
    await page.screenshot({ path: join(ARTIFACTS, 'annotate-agreement.png'), fullPage: true })
    // The same ratings table through the CLI.
    const cols = await Promise.all(traceIds.map((traceId) => call<Points>(s, 'traces:get', { traceId })))
    const rows = ['frame,' + raters.map((r) => r.name).join(',')]
    for (let f = 0; f < frames; f++) rows.push([f, ...cols.map((c) => String(byFrame(c).get(f)?.[0] ?? ''))].join(','))
    const file = join(tempDir('cx-agree-'), 'ratings.csv')
    writeFileSync(file, rows.join('\n') + '\n')
    const r = cli(['agreement', file, '--json'])
    expect(r.status, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout) as { icc: { forms: { form: string; value: number }[] }; krippendorffAlpha: { alpha: number }; meanPairwisePearson: { mean: number }; nTargets: number }
    expect(report.nTargets).toBe(frames)
    expect(report.icc.forms).toHaveLength(6)
    for (const f of report.icc.forms) {
      const shown = Number(await page.getByTestId(`icc-${f.form}`).getAttribute('data-value'))
      expect(shown, f.form).toBe(f.value)
    }
    expect(Number(await page.getByTestId('alpha').getAttribute('data-value'))).toBe(report.krippendorffAlpha.alpha)
    expect(Number(await page.getByTestId('mean-r').getAttribute('data-value'))).toBe(report.meanPairwisePearson.mean)
    expect(report.icc.forms.find((f) => f.form === 'ICC(A,1)')!.value).toBeGreaterThan(0.5) // a real signal, not noise
    // Project scope: one column per annotator across the project's sessions (here one session: the same numbers).
    await page.getByTestId('agreement-scope').selectOption({ label: 'project Pilot (1 sessions)' })
    await expect.poll(async () => (await page.getByTestId('agreement-trace').all()).length).toBe(4) // annotation traces only
    await chooseExactly(traceIds)
    await page.getByTestId('agreement-run').click()
    await expect.poll(async () => Number(await page.getByTestId('icc-ICC(A,1)').getAttribute('data-value')), { timeout: 20_000 }).toBe(report.icc.forms.find((f) => f.form === 'ICC(A,1)')!.value)
  })
})

describe('crash safety: kill -9 of the app mid-rating', () => {
  it('loses at most 1 s of input at 20 random kill points, the database stays intact, and the app reopens where it stopped', async () => {
    const dataDir = tempDir('cx-kill-')
    let s = await serve(dataDir)
    const port = s.port
    const sessions = await waitFor('the demo session', async () => {
      const r = await invoke(s, 'sessions:list')
      return r.ok && Array.isArray(r.data) && r.data.length > 0 ? (r.data as { id: string }[]) : null
    })
    const sessionId = sessions[0].id
    const annotator = await call<{ id: string }>(s, 'annotators:create', { name: 'Kim' })
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'] })
    const losses: number[] = []
    const report: string[] = []
    let seed = 7
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
    try {
      for (let i = 0; i < 20; i++) {
        const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } })
        const page = await ctx.newPage()
        await openWorkspace(page, s, sessionId, annotator.id)
        // The app reopens where the last pass stopped (from the database, not from the page).
        const own = await call<{ trace: { id: string }; resumeFrame: number | null }>(s, 'annotations:own-trace', { sessionId, annotatorId: annotator.id })
        if (i > 0) {
          expect(own.resumeFrame).not.toBeNull()
          await expect.poll(() => page.getByTestId('frame-counter').getAttribute('data-frame')).toBe(String(own.resumeFrame))
        }
        if ((own.resumeFrame ?? 0) > 200) await page.keyboard.press('Home')
        const box = (await page.locator('.rating-plane-box').boundingBox())!
        await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5)
        await page.mouse.down()
        await page.keyboard.press('r')
        const until = Date.now() + 300 + Math.floor(rand() * 1200)
        let k = 0
        while (Date.now() < until) {
          k++
          await page.mouse.move(box.x + box.width * (0.2 + 0.6 * rand()), box.y + box.height * (0.2 + 0.6 * rand()))
          await page.waitForTimeout(40)
        }
        const killedAt = Date.now()
        s.child.kill('SIGKILL')
        await new Promise((r) => s.child.once('exit', r))
        const log = (await page.evaluate(() => (window as unknown as { circumplexDiagnostics?: { ratingLog(): unknown[] } }).circumplexDiagnostics?.ratingLog() ?? [])) as Logged[]
        await ctx.close() // the renderer dies with the app: nothing it held can be sent later
        const db = new Database(join(dataDir, 'circumplex.sqlite'))
        const integrity = db.pragma('integrity_check', { simple: true })
        const rows = db.prepare('SELECT frame, valence, arousal FROM trace_points WHERE trace_id = ?').all(own.trace.id) as { frame: number; valence: number | null; arousal: number | null }[]
        db.close()
        expect(integrity).toBe('ok')
        const stored = new Map(rows.map((r) => [r.frame, r]))
        const produced = log.filter((x) => x.t <= killedAt)
        expect(produced.length, `iteration ${i}: the page produced samples`).toBeGreaterThan(0)
        const missing = produced.filter((x) => {
          const r = stored.get(x.frame)
          return !r || r.valence !== Math.fround(x.v!) || r.arousal !== Math.fround(x.a!)
        })
        const lossMs = missing.length === 0 ? 0 : killedAt - Math.min(...missing.map((x) => x.t))
        losses.push(lossMs)
        report.push(`kill ${i + 1}: ${produced.length} samples, ${missing.length} lost (${lossMs} ms), moves ${k}, integrity ${integrity}`)
        s = await serve(dataDir, ['--port', String(port)])
      }
    } finally {
      await browser.close()
      await s.stop()
    }
    console.log(`crash-safety: ${losses.length} kills, max loss ${Math.max(...losses)} ms, mean ${(losses.reduce((a, b) => a + b, 0) / losses.length).toFixed(0)} ms\n${report.join('\n')}`)
    expect(losses).toHaveLength(20)
    expect(Math.max(...losses)).toBeLessThanOrEqual(1000)
  }, 600_000)
})
