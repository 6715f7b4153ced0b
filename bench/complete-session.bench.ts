/**
 * "Complete the session" on synthetic data, measured through the app's own pipeline (not part of npm test):
 *   npx vitest run --config bench/vitest.bench.config.ts bench/complete-session.bench.ts
 * env: BENCH_SEEDS (default 31,37,41,43,47 — none was used while choosing the method), BENCH_SECONDS (12,60: the
 * demo's length and a minute), BENCH_SIZE (192).
 * Each session is rendered (face + speech audio), imported like any video (face detector → 68 landmarks,
 * spectrogram) with its known V/A as the synthetic gold; an annotator's trace holds the first 20 / 30 / 50 % of
 * the gold; the completion job proposes the rest; CCC V/A of the proposal against the gold on the completed part.
 * Also: how well the confidence (ensemble std) ranks the errors (Spearman ρ between std and |error|, per dimension).
 */
import { describe, it } from 'vitest'
import { generateSession } from '../src/main/datasets/synth/generate-session'
import { getTraceExtra } from '../src/main/db/queries/runs'
import { getTracePoints, insertTrace } from '../src/main/db/queries/traces'
import { importJob, type ImportJobResult } from '../src/main/services/import/import-job'
import { storeImport } from '../src/main/services/import/store-import'
import { completeJob } from '../src/main/services/completion/complete-job'
import { COMPLETE_JOB_KIND, completionService } from '../src/main/services/completion/completion-service'
import { makeTestApp, storeAnnotation } from '../src/main/services/completion/test-app'

const SEEDS = (process.env.BENCH_SEEDS ?? '31,37,41,43,47').split(',').map(Number)
const LENGTHS = (process.env.BENCH_SECONDS ?? '12,60').split(',').map(Number)
const SIZE = Number(process.env.BENCH_SIZE ?? 192)
const FRACTIONS = [0.2, 0.3, 0.5]

function ranks(x: number[]): number[] {
  const idx = x.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0])
  const r = new Array<number>(x.length)
  idx.forEach(([, i], k) => (r[i] = k))
  return r
}

function spearman(x: number[], y: number[]): number {
  const rx = ranks(x)
  const ry = ranks(y)
  const n = x.length
  const m = (n - 1) / 2
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    sxy += (rx[i] - m) * (ry[i] - m)
    sxx += (rx[i] - m) ** 2
    syy += (ry[i] - m) ** 2
  }
  return sxy / Math.sqrt(sxx * syy)
}

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '  –  ')

describe('complete the session on synthetic data', () => {
  it('prints CCC of the completed part per session length and rated fraction', async () => {
    const rows: string[] = []
    const byCell = new Map<string, number[]>()
    for (const seconds of LENGTHS) {
      for (const seed of SEEDS) {
        const ctx = makeTestApp({ [COMPLETE_JOB_KIND]: completeJob })
        const t0 = Date.now()
        const s = await generateSession({ subjectId: `b${seed}`, sessionId: `bench-${seed}`, seed, seconds, fps: 25, width: SIZE, height: SIZE, degrade: false }, ctx.layout.root)
        const r = (await importJob({ path: s.videoPath, cacheDir: ctx.layout.cacheDir, faces: true, spectrogram: true, maxSide: 640 }, { progress: () => undefined, signal: new AbortController().signal })) as ImportJobResult
        const { sessionId } = storeImport(ctx.db, r, {
          name: `bench ${seed}`,
          within: (id) => insertTrace(ctx.db, { sessionId: id, kind: 'gold', sourceType: 'synthetic', name: 'gold' }, { valence: s.valence, arousal: s.arousal })
        })
        const prepS = (Date.now() - t0) / 1000
        const svc = completionService(ctx)
        for (const fraction of FRACTIONS) {
          const own = storeAnnotation(ctx.db, sessionId, `rater ${fraction}`, s.valence, s.arousal, fraction)
          const t1 = Date.now()
          const end = await ctx.jobs.wait(svc.start(sessionId, own.traceId).id)
          const jobS = (Date.now() - t1) / 1000
          if (end.state !== 'done') throw new Error(`${seconds} s seed ${seed}: ${end.error?.message}`)
          const p = svc.list(sessionId, own.traceId)[0]
          const pts = getTracePoints(ctx.db, p.traceId)
          const conf = getTraceExtra(ctx.db, p.traceId, 'confidence')!
          const rho = [0, 1].map((c) => {
            const sd: number[] = []
            const err: number[] = []
            pts.frames.forEach((f, i) => {
              const v = c === 0 ? pts.valence[i] : pts.arousal[i]
              if (v === null) return
              sd.push(conf.data[2 * f + c])
              err.push(Math.abs(v - (c === 0 ? s.valence[f] : s.arousal[f])))
            })
            return spearman(sd, err)
          })
          const v = p.check!.cccValence ?? NaN
          const a = p.check!.cccArousal ?? NaN
          const key = `${seconds} s, first ${fraction * 100} %`
          byCell.set(key, [...(byCell.get(key) ?? []), (v + a) / 2])
          rows.push(`${String(seconds).padStart(3)} s  seed ${seed}  first ${String(fraction * 100).padStart(2)} %  CCC V ${fmt(v)} A ${fmt(a)} mean ${fmt((v + a) / 2)}  ρ(std,|err|) V ${fmt(rho[0])} A ${fmt(rho[1])}  job ${jobS.toFixed(2)} s (render+import ${prepS.toFixed(0)} s)`)
          console.log(rows.at(-1))
        }
        ctx.db.close()
      }
    }
    const summary = [...byCell.entries()].map(([k, m]) => `${k.padEnd(20)} mean CCC ${fmt(m.reduce((s, x) => s + x, 0) / m.length)}  min ${fmt(Math.min(...m))}  (${m.length} sessions)`)
    console.log(`\nComplete the session — synthetic sessions ${SIZE}² @25 fps, detected landmarks + audio, ensemble 5\n${rows.join('\n')}\n\n${summary.join('\n')}`)
  }, 1_800_000)
})
