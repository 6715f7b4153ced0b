/**
 * Crash safety of live rating (the must-show): a child Node process appends rating batches at a steady
 * rate (25 fps input, one transaction per 250 ms) through the real service code, and is SIGKILLed at 20 seeded
 * random points. After each kill the store is reopened and checked: `PRAGMA integrity_check` = ok, every batch
 * acknowledged before the kill is present with its values, no batch is half-written, and the input lost is ≤ 1 s.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { annotationService } from './annotation-service'
import { expectedArousal, expectedValence } from './fixtures/crash-child'
import { addSession, openAnnotationDb } from './test-db'
import { mulberry32 } from '../../../core/random/mulberry32'

const KILLS = 20
const FRAME_MS = 40
const dir = mkdtempSync(join(tmpdir(), 'circumplex-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))


/** Bundles the child (real service code) to one .mjs that plain `node` runs; better-sqlite3 stays external. */
async function buildChild(): Promise<string> {
  const { build } = await import('vite')
  const sqlite = pathToFileURL(createRequire(import.meta.url).resolve('better-sqlite3')).href
  await build({
    configFile: false,
    logLevel: 'silent',
    root: resolve(__dirname, '../../../..'),
    build: {
      ssr: resolve(__dirname, 'fixtures/crash-child.ts'),
      outDir: join(dir, 'child'),
      emptyOutDir: true,
      minify: false,
      rollupOptions: { external: ['better-sqlite3'], output: { format: 'es', entryFileNames: 'crash-child.mjs', paths: { 'better-sqlite3': sqlite } } }
    },
    ssr: { noExternal: true, external: ['better-sqlite3'] }
  })
  return join(dir, 'child', 'crash-child.mjs')
}

interface Round {
  t0: number
  killAt: number
  acked: number
}

function runAndKill(script: string, file: string, passId: string, start: number, delayMs: number): Promise<Round> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, file, passId, String(start)], { stdio: ['ignore', 'pipe', 'pipe'] })
    let buf = ''
    let err = ''
    const round: Round = { t0: NaN, killAt: NaN, acked: start - 1 }
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString()
      let nl: number
      while ((nl = buf.indexOf('\n')) >= 0) {
        const [word, value] = buf.slice(0, nl).split(' ')
        buf = buf.slice(nl + 1)
        if (word === 'ready') {
          round.t0 = Number(value)
          setTimeout(() => {
            round.killAt = Date.now()
            child.kill('SIGKILL')
          }, delayMs)
        } else if (word === 'ack' && Number.isNaN(round.killAt)) round.acked = Number(value)
      }
    })
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? done(round) : fail(new Error(`child exited without being killed: ${err}`))))
  })
}

describe('live rating survives kill -9', () => {
  it(`loses no acknowledged batch and at most 1 s of input over ${KILLS} kills`, async () => {
    const script = await buildChild()
    const file = join(dir, 'store.sqlite')
    let db = openAnnotationDb(file)
    const sessionId = addSession(db, 200_000)
    const annotator = annotationService({ db }).createAnnotator('rater')
    db.close()

    const rand = mulberry32(0xc1c1e)
    let next = 0
    let maxLossMs = 0
    let integrityOk = 0
    for (let k = 0; k < KILLS; k++) {
      db = openAnnotationDb(file)
      const pass = annotationService({ db }).startPass({ sessionId, annotatorId: annotator.id, mode: '2d' })
      db.close()
      const delay = 120 + Math.floor(rand() * 900)
      const round = await runAndKill(script, file, pass.id, next, delay)

      db = openAnnotationDb(file)
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      integrityOk++
      const rows = db
        .prepare('SELECT frame, valence, arousal FROM trace_points WHERE trace_id = ? AND frame >= ? ORDER BY frame')
        .raw()
        .all(pass.traceId, next) as [number, number, number][]
      // Contiguous from the round's first frame: no half batch, no hole.
      rows.forEach(([frame, v, a], i) => {
        expect(frame).toBe(next + i)
        expect(v).toBe(Math.fround(expectedValence(frame)))
        expect(a).toBe(Math.fround(expectedArousal(frame)))
      })
      const stored = rows.length === 0 ? next - 1 : rows[rows.length - 1][0]
      expect(stored).toBeGreaterThanOrEqual(round.acked) // every acknowledged batch is there
      // Every logged batch is fully present (points and log committed together).
      const edits = db.prepare("SELECT max(to_frame) AS hi FROM trace_edits WHERE trace_id = ? AND kind = 'rate'").get(pass.traceId) as { hi: number | null }
      expect(edits.hi ?? -1).toBe(stored)
      const generated = next + Math.floor((round.killAt - round.t0) / FRAME_MS) - 1 // last frame whose input time passed
      const lossMs = Math.max(0, generated - stored) * FRAME_MS
      maxLossMs = Math.max(maxLossMs, lossMs)
      expect(lossMs).toBeLessThanOrEqual(1000)
      db.close()
      next = stored + 1
    }
    console.log(`crash-safety: ${KILLS} kills, max loss ${maxLossMs} ms of input, integrity_check ok ${integrityOk}/${KILLS}, ${next} frames stored`)
    expect(next).toBeGreaterThan(KILLS)
  }, 30_000)
})
