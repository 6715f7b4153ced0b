/**
 * What a synthetic world's video degradations COST the frozen backbone, frame-matched: the same sessions rendered
 * with their degradations (AP_DATA, the world the AP run was trained on) and without (CLEAN_DATA: `circumplex synth`
 * with the same flags and seed plus --no-degrade, so labels, landmarks, crops and clean pixels are identical). For
 * each degraded frame f, the backbone's error |ŷ_f − y_f| in the degraded world is compared with its error on the
 * very same frame clean, per split of the AP run's fold (train / val / test subjects) and per degradation kind;
 * plus how far the degradation moves the feature x_f (‖x_deg − x_clean‖ relative to the features' spread) and the
 * AP's predicted σ on both renderings of the frame. Without this pairing a degraded-vs-clean comparison mixes the
 * degradation's cost with WHICH frames (labels, subjects) happen to be degraded.
 * An experiment, not part of npm test (~2 min the first time: the clean world's features are encoded once into
 * PROBE_STORE; seconds afterwards):
 *
 *   AP_RUN=<store>/runs/<ap-run> AP_DATA=<world> CLEAN_DATA=<clean twin> [PROBE_STORE=/tmp/cx-probe-store] \
 *     npx vitest run --config bench/vitest.bench.config.ts bench/ap-degradation-cost.bench.ts
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import { datasetHash, listClips } from '../src/main/engine/data/dataset-dir'
import { inferApSession } from '../src/main/engine/models/ap/infer'
import { labelledFrames } from '../src/main/engine/models/ap/session'
import { useBackend } from '../src/main/engine/train/use-backend'
import { loadApClips, type ApClip } from '../src/main/services/ap/ap-data'
import { openApRun } from './ap-run'

const runDir = process.env.AP_RUN ?? ''
const cleanDir = process.env.CLEAN_DATA ?? ''

interface Acc {
  n: number
  eDeg: [number, number]
  eClean: [number, number]
  worse: number
  dx: number
  aDeg: number
  aClean: number
  sDeg: number
  sClean: number
}
const acc = (): Acc => ({ n: 0, eDeg: [0, 0], eClean: [0, 0], worse: 0, dx: 0, aDeg: 0, aClean: 0, sDeg: 0, sClean: 0 })

/** Per frame of a clip: the kind of video degradation on it ('' = clean), from the world's manifest. */
function kindsOf(dataDir: string): Map<string, string[]> {
  const m = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8')) as {
    clips: Array<{ clipId: string; frameCount: number; manifest: { degradations: Array<{ start: number; end: number; video: { kind: string } | null }> } }>
  }
  return new Map(
    m.clips.map((c) => {
      const k = new Array<string>(c.frameCount).fill('')
      for (const d of c.manifest.degradations) if (d.video) for (let f = d.start; f < Math.min(c.frameCount, d.end); f++) k[f] = d.video.kind
      return [c.clipId, k]
    })
  )
}

it.skipIf(!runDir || !cleanDir)('backbone error and AP σ on the same frames, degraded vs clean', async () => {
  await useBackend('wasm')
  const run = openApRun(runDir)
  const { m, dataDir } = run
  const probe = process.env.PROBE_STORE ?? '/tmp/cx-probe-store'
  try {
    const deg = await loadApClips(run.load)
    const cleanClips = listClips(cleanDir)
    const t0 = Date.now()
    const clean = await loadApClips({ ...run.load, dataDir: cleanDir, dataHash: datasetHash(cleanClips, run.format), latentsRoot: join(probe, 'latents'), cacheDir: join(probe, 'cache') })
    console.log(`clean twin features ready in ${((Date.now() - t0) / 1000).toFixed(0)} s`)
    const byId = new Map<string, ApClip>(clean.map((c) => [c.clip.clipId, c]))
    const kinds = kindsOf(dataDir)
    const table = new Map<string, Acc>()
    const get = (k: string): Acc => table.get(k) ?? (table.set(k, acc()), table.get(k) as Acc)
    let spread = 0
    let spreadN = 0
    for (const c of deg) {
      const cc = byId.get(c.clip.clipId)
      if (!cc) throw new Error(`clean twin lacks clip ${c.clip.clipId}`)
      const s = c.session
      const t = cc.session
      for (let f = 0; f < s.frames; f++) if (s.valence[f] !== t.valence[f] || s.arousal[f] !== t.arousal[f]) throw new Error(`${c.clip.clipId} frame ${f}: the clean twin's labels differ (not the same seed / flags?)`)
      const d = featureDims(s.x.length, s.frames)
      const rDeg = await inferApSession(m, s, { samples: 0 })
      const rClean = await inferApSession(m, t, { samples: 0 })
      const k = kinds.get(c.clip.clipId) ?? []
      const fs = labelledFrames(s)
      // Spread of clean features: mean distance between frames 10 apart (a scale for ‖x_deg − x_clean‖).
      for (const f of fs) {
        if (f + 10 >= t.frames) continue
        spread += dist(t.x, f, f + 10, d)
        spreadN++
      }
      for (const f of fs) {
        const kind = k[f] || 'clean'
        for (const key of [`${c.split} ${kind === 'clean' ? 'clean' : 'degraded'}`, ...(kind === 'clean' ? [] : [`${c.split} ${kind}`])]) {
          const a = get(key)
          a.n++
          const ed = [Math.abs(s.yHat[2 * f] - s.valence[f]), Math.abs(s.yHat[2 * f + 1] - s.arousal[f])]
          const ec = [Math.abs(t.yHat[2 * f] - t.valence[f]), Math.abs(t.yHat[2 * f + 1] - t.arousal[f])]
          a.eDeg[0] += ed[0]
          a.eDeg[1] += ed[1]
          a.eClean[0] += ec[0]
          a.eClean[1] += ec[1]
          if (ed[0] + ed[1] > ec[0] + ec[1]) a.worse++
          a.dx += distAcross(s.x, t.x, f, d)
          a.aDeg += (Math.abs(rDeg.valence[f] - s.valence[f]) + Math.abs(rDeg.arousal[f] - s.arousal[f])) / 2
          a.aClean += (Math.abs(rClean.valence[f] - t.valence[f]) + Math.abs(rClean.arousal[f] - t.arousal[f])) / 2
          a.sDeg += (rDeg.sigma[2 * f] + rDeg.sigma[2 * f + 1]) / 2
          a.sClean += (rClean.sigma[2 * f] + rClean.sigma[2 * f + 1]) / 2
        }
      }
    }
    const sc = spread / Math.max(1, spreadN)
    const rows = [
      'rows: split + condition, then split + degradation kind; "rendered" = as in the world, "clean" = the same frames in the clean twin',
      'row                     n   backbone |e| V/A rendered | clean   worse%  ‖Δx‖/spread   AP |e| rendered | clean   AP σ rendered | clean'
    ]
    const keys = ['train', 'val', 'test'].flatMap((sp) => [`${sp} clean`, `${sp} degraded`, ...[...table.keys()].filter((k) => k.startsWith(`${sp} `) && !k.endsWith(' clean') && !k.endsWith(' degraded')).sort()])
    for (const key of keys.filter((k) => table.has(k))) {
      const a = table.get(key) as Acc
      const f = (x: number) => (x / a.n).toFixed(3)
      const ind = key.endsWith(' clean') || key.endsWith(' degraded') ? '' : '  '
      rows.push(
        `${(ind + key).padEnd(21)} ${String(a.n).padStart(5)}   ${f(a.eDeg[0])} ${f(a.eDeg[1])} | ${f(a.eClean[0])} ${f(a.eClean[1])}   ${((100 * a.worse) / a.n).toFixed(0).padStart(3)}%     ${(a.dx / a.n / sc).toFixed(3)}       ${f(a.aDeg)} | ${f(a.aClean)}         ${f(a.sDeg)} | ${f(a.sClean)}`
      )
    }
    console.log(`AP ${runDir}\nworld ${dataDir} vs clean twin ${cleanDir}\n${rows.join('\n')}`)
  } finally {
    run.close()
  }
})

function featureDims(len: number, frames: number): number {
  return Math.floor(len / frames)
}

function dist(x: Float32Array, f: number, g: number, d: number): number {
  let s = 0
  for (let i = 0; i < d; i++) s += (x[f * d + i] - x[g * d + i]) ** 2
  return Math.sqrt(s)
}

function distAcross(x: Float32Array, y: Float32Array, f: number, d: number): number {
  let s = 0
  for (let i = 0; i < d; i++) s += (x[f * d + i] - y[f * d + i]) ** 2
  return Math.sqrt(s)
}
