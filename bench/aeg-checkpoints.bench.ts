/**
 * Held-out CCC of AEG-CD-SZ runs at more than their selected epoch: for each run folder, its best.ckpt (the
 * validation-selected epoch) AND its last.ckpt (the schedule's last epoch), on the fold's test subjects — all frames,
 * video-degraded, clean, audio-degraded. With two runs that differ in one setting (bench/anclaf-acceptance.sh
 * MODEL=aeg-cd-sz VARIANT=audio|no-audio), the last-epoch pair compares them at the same epoch, free of which epoch
 * two validation subjects happened to pick. A run with weight averaging (--ema) is scored on its last.ckpt's
 * average, which is what its training validated (marked "avg"). An experiment, not part of npm test (a minute on tfjs-node):
 *
 *   AEG_RUNS=<store>/runs/<run-a>,<store>/runs/<run-b> AEG_DATA=<dataset dir> AEG_SPLIT=<split.json> [AEG_FOLD=1] \
 *     npx vitest run --config bench/vitest.bench.config.ts bench/aeg-checkpoints.bench.ts
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import { parseSplitFile } from '../src/core/folds'
import { isAudioFrameSet, loadTrainingData } from '../src/main/engine/data/load-training-data'
import { disposeAeg } from '../src/main/engine/models/aeg-cd-sz/model'
import { aegSchedule } from '../src/main/engine/models/aeg-cd-sz/schedule'
import { disposeAdamState } from '../src/main/engine/train/adam'
import { aegEmaFromCheckpoint, aegNetsFromCheckpoint, evaluateAeg, statsFromMeta, type AegCheckpointMeta } from '../src/main/engine/train/aeg-trainer'
import { readCheckpointFile } from '../src/main/engine/train/checkpoint'
import { strided } from '../src/main/engine/train/frame-set'
import { jobBackend } from '../src/main/engine/train/use-backend'
import { normaliseAudioFeatures } from '../src/main/media/audio/egemaps/frame-features'

const runs = (process.env.AEG_RUNS ?? '').split(',').filter(Boolean)
const f3 = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '  —  ' : x.toFixed(3).padStart(6))

it.skipIf(runs.length === 0)('AEG-CD-SZ runs on their test subjects at the selected and the last epoch', async () => {
  console.log(`backend: ${await jobBackend()}`)
  const split = parseSplitFile(readFileSync(process.env.AEG_SPLIT ?? '', 'utf8'))
  const fold = split.folds[Number(process.env.AEG_FOLD ?? '1') - 1]
  const first = readCheckpointFile<AegCheckpointMeta>(join(runs[0], 'best.ckpt')).meta.config
  const data = await loadTrainingData({ dir: process.env.AEG_DATA ?? '', format: first.labelRange === 10 ? 'afew-va' : 'aff-wild2', fold, cropPolicy: first.cropPolicy, input: 'image', audioFeatures: true, cacheDir: join(process.env.AEG_DATA ?? '', '..', 'bench-cache') })
  const test = data.test
  if (!test || !isAudioFrameSet(test)) throw new Error(`fold ${fold.name} has no test subjects`)
  console.log('run                             checkpoint    epoch  audio   part            n    CCC V   CCC A    mean')
  for (const dir of runs) {
    for (const name of ['best.ckpt', 'last.ckpt']) {
      const path = join(dir, name)
      if (!existsSync(path)) continue
      const ck = readCheckpointFile<AegCheckpointMeta>(path)
      const c = ck.meta.config
      const { nets, opt } = aegNetsFromCheckpoint(ck)
      const avg = aegEmaFromCheckpoint(ck)
      const label = avg ? `${name} avg` : name
      try {
        const r = await evaluateAeg(avg ?? nets, c, aegSchedule(c).phases.at(-1)!, test, normaliseAudioFeatures(test.audio, statsFromMeta(ck.meta)), strided(test.count, c.evalStride))
        for (const [part, m] of Object.entries(r)) {
          if (!m) continue
          console.log(`${dir.split('/').pop()!.padEnd(32)}${label.padEnd(14)}${String(ck.meta.epoch).padStart(5)}  ${String(c.audio).padEnd(6)}  ${part.padEnd(14)}${String(m.n).padStart(5)}  ${f3(m.ccc_v)}  ${f3(m.ccc_a)}  ${f3(m.ccc_mean)}`)
        }
      } finally {
        disposeAeg(nets)
        if (avg) disposeAeg(avg)
        disposeAdamState(opt.g)
        disposeAdamState(opt.cd)
      }
    }
  }
})
