/**
 * Where a trained ANCLaF stage 1 loses held-out CCC (issue #6): for the validation-selected checkpoint of a run made
 * by bench/anclaf-acceptance.sh, per held-out subject the CCC, PCC, mean bias and spread ratio of V and A; then the
 * pooled CCC of the raw frame predictions, of a mirror test-time average (crop and its mirror image), and of a
 * centred moving average whose width is chosen on the VALIDATION subjects only (never on test); last, each subject's
 * outputs standardised and given the training subjects' average label mean and spread (no test labels used).
 * An experiment, not part of npm test (a minute per run on 2 cores):
 *
 *   ANCLAF_RUN=/tmp/cx-w6/store/runs/<run> ANCLAF_DATA=/tmp/cx-w6/ds ANCLAF_SPLIT=/tmp/cx-w6/split.json ANCLAF_FOLD=1 \
 *     npx vitest run --config bench/vitest.bench.config.ts bench/anclaf-posthoc.bench.ts
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import { parseSplitFile, type SplitFold } from '../src/core/folds'
import { ccc, pairedMoments, pcc } from '../src/core/metrics'
import { movingAverage } from '../src/core/traces/smoothing'
import type { LabelFormat } from '../src/main/engine/data/dataset-dir'
import { loadTrainingData } from '../src/main/engine/data/load-training-data'
import type { AnclafConfig } from '../src/main/engine/models/anclaf/config'
import { predictCrops } from '../src/main/engine/models/anclaf/infer'
import { disposeAnclaf } from '../src/main/engine/models/anclaf/model'
import { disposeAdamState } from '../src/main/engine/train/adam'
import { readCheckpointFile } from '../src/main/engine/train/checkpoint'
import { mirrorCrop } from '../src/main/engine/train/frame-set'
import { netsFromCheckpoint, type CheckpointMeta } from '../src/main/engine/train/anclaf-trainer'
import { jobBackend } from '../src/main/engine/train/use-backend'

const runDir = process.env.ANCLAF_RUN ?? ''
const WINDOWS = [1, 3, 5, 9, 15, 25, 41, 61]

interface Trace {
  readonly subject: string
  readonly v: Float32Array
  readonly a: Float32Array
  readonly gv: Float32Array
  readonly ga: Float32Array
}

function mirrored(crops: Uint8Array, count: number, size: number): Uint8Array {
  const out = crops.slice()
  for (let f = 0; f < count; f++) mirrorCrop(out, f, size)
  return out
}

const smooth = (x: Float32Array, w: number): Float32Array => (w <= 1 ? x : Float32Array.from(movingAverage(x, w)))

const cat = (xs: Float32Array[]): Float32Array => {
  const out = new Float32Array(xs.reduce((a, x) => a + x.length, 0))
  let o = 0
  for (const x of xs) {
    out.set(x, o)
    o += x.length
  }
  return out
}

function pooled(ts: readonly Trace[], w: number): { v: number; a: number } {
  const v = ccc(cat(ts.map((t) => smooth(t.v, w))), cat(ts.map((t) => t.gv)))
  const a = ccc(cat(ts.map((t) => smooth(t.a, w))), cat(ts.map((t) => t.ga)))
  return { v, a }
}

const mean = (x: Float32Array): number => pairedMoments(x, x).meanX
const sd = (x: Float32Array): number => Math.sqrt(pairedMoments(x, x).varX)

it.skipIf(!runDir)('ANCLaF held-out residuals, mirror averaging and validation-chosen smoothing', async () => {
  const dataDir = process.env.ANCLAF_DATA ?? ''
  const split = parseSplitFile(readFileSync(process.env.ANCLAF_SPLIT ?? '', 'utf8'))
  const fold = split.folds[Number(process.env.ANCLAF_FOLD ?? '1') - 1]
  const format = (process.env.ANCLAF_FORMAT ?? 'afew-va') as LabelFormat
  const backend = await jobBackend()
  const ck = readCheckpointFile<CheckpointMeta>(join(runDir, 'best.ckpt'))
  const c: AnclafConfig = ck.meta.config
  const { nets, opt } = netsFromCheckpoint(ck)
  for (const st of Object.values(opt)) disposeAdamState(st)
  const load = async (s: string) =>
    (await loadTrainingData({ dir: dataDir, format, fold: { name: s, train: [], val: [s], test: [] } satisfies SplitFold, cropPolicy: c.cropPolicy, cacheDir: join(runDir, '..', '..', 'cache') })).val
  /** Each subject's raw predictions and their average with the mirror image's, predicted once. */
  const traces = async (subjects: readonly string[]): Promise<{ raw: Trace[]; mirror: Trace[] }> => {
    const raw: Trace[] = []
    const mirror: Trace[] = []
    for (const s of subjects) {
      const set = await load(s)
      const p = await predictCrops(nets, c, set.crops, set.count, { batch: 64 })
      const q = await predictCrops(nets, c, mirrored(set.crops, set.count, set.size), set.count, { batch: 64 })
      raw.push({ subject: s, v: p.valence, a: p.arousal, gv: set.valence, ga: set.arousal })
      mirror.push({ subject: s, v: p.valence.map((x, i) => (x + q.valence[i]) / 2), a: p.arousal.map((x, i) => (x + q.arousal[i]) / 2), gv: set.valence, ga: set.arousal })
    }
    return { raw, mirror }
  }
  try {
    const rows: string[] = [`run ${runDir} (epoch ${ck.meta.epoch}), backend ${backend}`, 'test subject   n     CCC V  PCC V  bias V  sd ratio V   CCC A  PCC A  bias A  sd ratio A']
    const { raw: test, mirror: testTta } = await traces(fold.test)
    for (const t of test) {
      const f = (x: number) => x.toFixed(3).padStart(6)
      rows.push(
        `${t.subject.padEnd(12)} ${String(t.v.length).padStart(4)}  ${f(ccc(t.v, t.gv))} ${f(pcc(t.v, t.gv))} ${f(mean(t.v) - mean(t.gv))} ${f(sd(t.v) / sd(t.gv))}     ` +
          `${f(ccc(t.a, t.ga))} ${f(pcc(t.a, t.ga))} ${f(mean(t.a) - mean(t.ga))} ${f(sd(t.a) / sd(t.ga))}`
      )
    }
    const { raw: val, mirror: valTta } = await traces(fold.val)
    rows.push('pooled CCC V / A / mean      window: ' + WINDOWS.join(' '))
    for (const [name, vs, ts] of [['raw', val, test], ['mirror avg', valTta, testTta]] as const) {
      for (const [split, xs] of [['val', vs], ['test', ts]] as const) {
        rows.push(`${name.padEnd(11)} ${split.padEnd(5)} ` + WINDOWS.map((w) => {
          const r = pooled(xs, w)
          return `${r.v.toFixed(3)}/${r.a.toFixed(3)}/${((r.v + r.a) / 2).toFixed(3)}`
        }).join(' '))
      }
      const pick = WINDOWS.reduce((b, w) => {
        const r = pooled(vs, w)
        return (r.v + r.a) / 2 > b.m ? { w, m: (r.v + r.a) / 2 } : b
      }, { w: 1, m: -Infinity })
      const r = pooled(ts, pick.w)
      rows.push(`${name}: window chosen on validation ${pick.w} → test CCC V ${r.v.toFixed(3)} A ${r.a.toFixed(3)} mean ${((r.v + r.a) / 2).toFixed(3)}`)
    }
    // Person-specific normalisation of the outputs (no test labels): each subject's predictions standardised over
    // the subject's own frames, then given the training subjects' average per-subject label mean and spread.
    // Only the training subjects' labels are needed: no predictions on them.
    const train = await Promise.all(fold.train.map(load))
    const stat = (k: 'valence' | 'arousal') => ({ m: train.reduce((a, t) => a + mean(t[k]), 0) / train.length, s: train.reduce((a, t) => a + sd(t[k]), 0) / train.length })
    const sv = stat('valence')
    const sa = stat('arousal')
    rows.push(`train subjects: label mean V ${sv.m.toFixed(2)} sd ${sv.s.toFixed(2)}, A ${sa.m.toFixed(2)} sd ${sa.s.toFixed(2)}; ` +
      `sd of subject means V ${sd(Float32Array.from(train, (t) => mean(t.valence))).toFixed(2)} A ${sd(Float32Array.from(train, (t) => mean(t.arousal))).toFixed(2)}`)
    const norm = (x: Float32Array, st: { m: number; s: number }, scale: boolean) => {
      const m = mean(x)
      const k = scale ? st.s / Math.max(1e-6, sd(x)) : 1
      return x.map((y) => (y - m) * k + st.m)
    }
    for (const [name, scale] of [['centred', false], ['standardised', true]] as const) {
      for (const [split, xs] of [['val', val], ['test', test]] as const) {
        const ys = xs.map((t) => ({ ...t, v: norm(t.v, sv, scale), a: norm(t.a, sa, scale) }))
        rows.push(`${name.padEnd(12)} ${split.padEnd(5)} ` + WINDOWS.map((w) => {
          const r = pooled(ys, w)
          return `${r.v.toFixed(3)}/${r.a.toFixed(3)}/${((r.v + r.a) / 2).toFixed(3)}`
        }).join(' '))
      }
    }
    console.log(rows.join('\n'))
  } finally {
    disposeAnclaf(nets)
  }
}, 3_600_000)
