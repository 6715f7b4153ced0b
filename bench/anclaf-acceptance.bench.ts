/**
 * ANCLaF acceptance on the synthetic world (an experiment, not part of npm test; minutes, not seconds):
 *
 *   circumplex synth --out /tmp/synthA --subjects 6 --sessions 2 --seconds 20 --seed 1
 *   circumplex folds make --subjects <subject → sessions json> --k 3 --val 1 --out /tmp/synthA/split.json
 *   LR=1e-3 EPOCHS=6 STRIDE=8 ESTRIDE=4 npx vitest run --config bench/vitest.bench.config.ts bench/anclaf-acceptance.bench.ts
 *
 * Trains compact ANCLaF (full), without degraded inputs (no-degrade) and without G's denoising losses (no-denoise)
 * on fold 1 and writes held-out test metrics (all frames / the manifest's video-degraded segments / clean frames)
 * of the validation-selected checkpoint to /tmp/accept-result-*.json.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { it } from 'vitest'
import { parseSplitFile } from '../src/core/folds'
import { loadTrainingData } from '../src/main/engine/data/load-training-data'
import { anclafConfig } from '../src/main/engine/models/anclaf/config'
import { trainAnclafStage1 } from '../src/main/engine/train/anclaf-trainer'
import { useBackend } from '../src/main/engine/train/use-backend'

const env = process.env
const dir = env.ANCLAF_DATA ?? '/tmp/synthA'

it('ANCLaF compact acceptance + denoising ablation on the synthetic world', async () => {
  const backend = await useBackend('wasm')
  const fold = parseSplitFile(readFileSync(env.ANCLAF_SPLIT ?? `${dir}/split.json`, 'utf8')).folds[Number(env.FOLD ?? 1) - 1]
  const data = await loadTrainingData({ dir, format: 'afew-va', fold, cropPolicy: 'compact-64', cacheDir: env.ANCLAF_CACHE ?? '/tmp/accept-cache' })
  const epochs = Number(env.EPOCHS ?? 6)
  const out: Record<string, unknown> = { backend, fold: fold.name, frames: { train: data.train.count, val: data.val.count, test: data.test?.count } }
  const variants = [
    ['full', {}],
    ['no-degrade', { degrade: { enabled: false } }],
    ['no-denoise', { denoise: false }]
  ] as const
  for (const [name, ov] of variants) {
    if (env.ONLY && env.ONLY !== name) continue
    const c = anclafConfig('compact', {
      ...(ov as object),
      optimiser: { lr: Number(env.LR ?? 1e-3) },
      frameStride: Number(env.STRIDE ?? 8),
      evalStride: Number(env.ESTRIDE ?? 4)
    })
    const r = await trainAnclafStage1({
      config: c,
      data,
      runDir: `${env.ANCLAF_RUNS ?? '/tmp/accept-runs'}/${name}`,
      epochs,
      onEpoch: (l) => console.log(name, JSON.stringify({ epoch: l.epoch, wallS: l.wallS, valCcc: l.val.ccc_mean, affect: l.losses.affect, rec: l.losses.g_rec }))
    })
    out[name] = { bestEpoch: r.bestEpoch, bestVal: r.bestVal, test: r.test, epochWallS: r.history.map((h) => h.wallS) }
    writeFileSync(`/tmp/accept-result-${env.ONLY ?? 'all'}.json`, JSON.stringify(out, null, 1))
  }
}, 3_600_000)
