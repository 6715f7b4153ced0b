/**
 * How much an AP can gain over its backbone, and from what: for a trained AP run (bench/ap-acceptance.sh), held-out
 * (test subjects) CCC of
 *   - the backbone alone (its own head, ŷ_t);
 *   - the backbone's predictions smoothed by a centred moving average (per clip, edges repeated): what temporal
 *     context alone buys, without any learning;
 *   - a NEW linear head (ridge regression on the standardised features, fitted on the AP's own training subjects,
 *     λ chosen on the validation subjects): what a better read-out of the same features buys, without any context;
 *   - the AP (its test-time procedure).
 * An AP gain that the refit head also gets is a better head, not context; a backbone whose head is already as good as
 * a refit and whose errors are not frame noise (smoothing gains little) leaves the AP little to add.
 * An experiment, not part of npm test (seconds on cached latents):
 *
 *   AP_RUN=<store>/runs/<ap-run> AP_DATA=<dataset dir> npx vitest run --config bench/vitest.bench.config.ts bench/ap-headroom.bench.ts
 */
import { it } from 'vitest'
import { ccc } from '../src/core/metrics/ccc'
import { inferApSession } from '../src/main/engine/models/ap/infer'
import { normalEquations, predictRow, solveRidge } from '../src/main/engine/models/completion/ridge'
import { featureDimOf, labelledFrames, type LabelledApSession } from '../src/main/engine/models/ap/session'
import { useBackend } from '../src/main/engine/train/use-backend'
import { loadApClips, type ApClip } from '../src/main/services/ap/ap-data'
import { openApRun } from './ap-run'

const runDir = process.env.AP_RUN ?? ''
const WINDOWS = [5, 11, 25, 51]
const LAMBDAS = [10, 100, 1000, 10000]

/** CCC V, A and their mean of per-frame predictions (2 per frame) against the gold of the same frames. */
function score(pred: number[], gold: number[]): [number, number, number] {
  const col = (a: number[], d: number) => a.filter((_, i) => i % 2 === d)
  const v = ccc(col(pred, 0), col(gold, 0))
  const a = ccc(col(pred, 1), col(gold, 1))
  return [v, a, (v + a) / 2]
}

function gold(clips: readonly ApClip[]): number[] {
  return clips.flatMap((c) => labelledFrames(c.session).flatMap((f) => [c.session.valence[f], c.session.arousal[f]]))
}

/** Centred moving average of the backbone's predictions over the clip's labelled frames (edges repeated). */
function smoothed(s: LabelledApSession, w: number): number[] {
  const fr = labelledFrames(s)
  const half = Math.floor(w / 2)
  return fr.flatMap((_, i) => {
    const acc = [0, 0]
    for (let k = i - half; k < i - half + w; k++) {
      const f = fr[Math.min(Math.max(k, 0), fr.length - 1)]
      acc[0] += s.yHat[2 * f]
      acc[1] += s.yHat[2 * f + 1]
    }
    return [acc[0] / w, acc[1] / w]
  })
}

/** Standardised features of the labelled frames of `clips` (rows × d, float64), with the gold of each row. */
function design(clips: readonly ApClip[], mean: Float64Array, sd: Float64Array) {
  const d = mean.length
  const rows = clips.flatMap((c) => labelledFrames(c.session).map((f) => [c, f] as const))
  const x = new Float64Array(rows.length * d)
  rows.forEach(([c, f], r) => {
    for (let j = 0; j < d; j++) x[r * d + j] = (c.session.x[f * d + j] - mean[j]) / sd[j]
  })
  const y = [Float64Array.from(rows, ([c, f]) => c.session.valence[f]), Float64Array.from(rows, ([c, f]) => c.session.arousal[f])]
  return { x, y, n: rows.length }
}

/** Ridge heads (one per λ, intercept unpenalised; engine/models/completion/ridge.ts) on the standardised features of `train`. */
function ridgeHeads(train: readonly ApClip[]): ((clips: readonly ApClip[]) => number[])[] {
  const d = featureDimOf(train[0].session)
  const mean = new Float64Array(d)
  const sq = new Float64Array(d)
  let count = 0
  for (const c of train) {
    for (const f of labelledFrames(c.session)) {
      count++
      for (let j = 0; j < d; j++) {
        const v = c.session.x[f * d + j]
        mean[j] += v
        sq[j] += v * v
      }
    }
  }
  const sd = new Float64Array(d)
  for (let j = 0; j < d; j++) {
    mean[j] /= count
    sd[j] = Math.sqrt(Math.max(sq[j] / count - mean[j] ** 2, 0)) + 1e-6
  }
  const t = design(train, mean, sd)
  const all = Array.from({ length: t.n }, (_, i) => i)
  const normals = t.y.map((y) => normalEquations(t.x, d, y, all))
  return LAMBDAS.map((lam) => {
    const models = normals.map((n) => solveRidge(n, lam))
    return (clips: readonly ApClip[]) => {
      const e = design(clips, mean, sd)
      return Array.from({ length: e.n }, (_, r) => models.map((m) => predictRow(m, e.x, d, r))).flat()
    }
  })
}

it.skipIf(!runDir)('AP headroom: backbone, smoothed backbone, refit head, AP on held-out subjects', async () => {
  await useBackend('wasm')
  const run = openApRun(runDir)
  try {
    const loaded = await loadApClips(run.load)
    const of = (split: ApClip['split']) => loaded.filter((c) => c.split === split)
    const [train, val, test] = [of('train'), of('val'), of('test')]
    const g = gold(test)
    const f = (x: [number, number, number]) => x.map((v) => v.toFixed(3)).join('  ')
    const rows = [`held-out: ${test.length} clips, ${g.length / 2} frames; refit head on ${train.length} AP training clips, λ chosen on ${val.length} validation clips`, '                                   CCC V  CCC A  mean']
    const backbone = test.flatMap((c) => labelledFrames(c.session).flatMap((fr) => [c.session.yHat[2 * fr], c.session.yHat[2 * fr + 1]]))
    rows.push(`backbone alone                     ${f(score(backbone, g))}`)
    for (const w of WINDOWS) rows.push(`backbone, moving average ${String(w).padStart(2)} frames  ${f(score(test.flatMap((c) => smoothed(c.session, w)), g))}`)
    const heads = ridgeHeads(train)
    const valScores = heads.map((h) => score(h(val), gold(val))[2])
    const chosen = valScores.indexOf(Math.max(...valScores))
    heads.forEach((h, i) => rows.push(`refit linear head, λ ${String(LAMBDAS[i]).padEnd(6)}       ${f(score(h(test), g))}   (val ${valScores[i].toFixed(3)}${i === chosen ? ', chosen' : ''})`))
    const ap: number[] = []
    for (const c of test) {
      const r = await inferApSession(run.m, c.session, { samples: 0 })
      for (const fr of labelledFrames(c.session)) ap.push(r.valence[fr], r.arousal[fr])
    }
    rows.push(`AP                                 ${f(score(ap, g))}`)
    console.log(`AP ${runDir}\n${rows.join('\n')}`)
  } finally {
    run.close()
  }
}, 600_000)
