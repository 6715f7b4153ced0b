/**
 * Why (or whether) an AP's predicted σ follows degradation: for a trained AP run (bench/ap-acceptance.sh), per split
 * of its fold (train / val / test subjects) and per manifest condition (clean / video-degraded), the mean absolute
 * error of the backbone and of the AP, the AP's predicted σ and its latent ‖σ_c‖. The output σ is learned from the
 * TRAINING residuals, so it can only grow on degraded frames if the residuals there are larger in training.
 * An experiment, not part of npm test (seconds on cached latents):
 *
 *   AP_RUN=/tmp/cx-acceptance/store/runs/<ap-run> npx vitest run --config bench/vitest.bench.config.ts bench/ap-residuals.bench.ts
 */
import { it } from 'vitest'
import { inferApSession } from '../src/main/engine/models/ap/infer'
import { labelledFrames } from '../src/main/engine/models/ap/session'
import { useBackend } from '../src/main/engine/train/use-backend'
import { loadApClips } from '../src/main/services/ap/ap-data'
import { degradedMask } from '../src/main/services/ap/ap-eval'
import { openApRun } from './ap-run'

const runDir = process.env.AP_RUN ?? ''

it.skipIf(!runDir)('AP residuals and σ per split and condition', async () => {
  await useBackend('wasm')
  const run = openApRun(runDir)
  const { m } = run
  try {
    const loaded = await loadApClips(run.load)
    const rows: string[] = ['split  condition      n   backbone |e| V/A    AP |e| V/A       AP σ V/A        latent ‖σ_c‖']
    for (const split of ['train', 'val', 'test'] as const) {
      const acc = [0, 1].map(() => ({ n: 0, be: [0, 0], ae: [0, 0], sg: [0, 0], ls: 0 }))
      for (const c of loaded.filter((x) => x.split === split)) {
        const s = c.session
        const r = await inferApSession(m, s, { samples: 0 })
        const deg = degradedMask(c)
        for (const f of labelledFrames(s)) {
          const a = acc[deg[f]]
          a.n++
          a.be[0] += Math.abs(s.yHat[2 * f] - s.valence[f])
          a.be[1] += Math.abs(s.yHat[2 * f + 1] - s.arousal[f])
          a.ae[0] += Math.abs(r.valence[f] - s.valence[f])
          a.ae[1] += Math.abs(r.arousal[f] - s.arousal[f])
          a.sg[0] += r.sigma[2 * f]
          a.sg[1] += r.sigma[2 * f + 1]
          a.ls += r.pointSigma[f]
        }
      }
      acc.forEach((a, d) => {
        const f = (x: number) => (a.n ? (x / a.n).toFixed(3) : '  —  ')
        rows.push(`${split.padEnd(6)} ${(d ? 'degraded' : 'clean').padEnd(9)} ${String(a.n).padStart(6)}   ${f(a.be[0])} ${f(a.be[1])}    ${f(a.ae[0])} ${f(a.ae[1])}    ${f(a.sg[0])} ${f(a.sg[1])}    ${f(a.ls)}`)
      })
    }
    console.log(`AP ${runDir}\n${rows.join('\n')}`)
  } finally {
    run.close()
  }
})
