import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readImageRgb } from '../media/frame-reader'
import { formatEvalTable, runLandmarkEval } from './eval-run'
import { landmarkImage } from './face-landmarker'
import { getHumanDetector, humanConfig, type HumanFaceDetector } from './human-detector'
import { HAS_LANDMARK_DATA, LANDMARK_DIR, warnIfMissing } from './test-data'

describe('humanConfig', () => {
  it('sets every option on each call: caching off for stills, on for video; iris and rotation off', () => {
    const s = humanConfig('still') as { cacheSensitivity: number; face: { detector: Record<string, unknown>; iris: { enabled: boolean } } }
    const v = humanConfig('video') as typeof s
    expect(s.cacheSensitivity).toBe(0)
    expect(s.face.detector.skipFrames).toBe(0)
    expect(s.face.detector.skipTime).toBe(0)
    expect(v.cacheSensitivity).toBeGreaterThan(0)
    expect(v.face.detector.skipFrames).toBeGreaterThan(0)
    for (const c of [s, v]) {
      expect(c.face.iris.enabled).toBe(false)
      expect(c.face.detector.rotation).toBe(false)
    }
    expect(Object.keys(s).sort()).toEqual(Object.keys(v).sort())
  })
})

warnIfMissing('face landmark accuracy tests')

describe.skipIf(!HAS_LANDMARK_DATA)('face landmarker on real images', () => {
  let det: HumanFaceDetector
  beforeAll(async () => {
    det = await getHumanDetector()
  }, 60_000)

  it('does not leak tensors (still and video mode)', async () => {
    const img = await readImageRgb(path.join(LANDMARK_DIR, '300vw-001', '000006.jpg'), { maxSide: 640 })
    const tf = det.tfjs
    await landmarkImage(det, img) // warm-up: Human allocates its persistent tensors once
    await det.detect(img, 'video')
    const before = tf.memory().numTensors
    for (let i = 0; i < 2; i++) {
      await landmarkImage(det, img)
      await det.detect(img, 'video')
      await det.detect(img, 'still')
    }
    expect(tf.memory().numTensors).toBe(before)
  }, 60_000)

  it('meets the NME targets on 300-W + 300-VW with the fitted mapping (and reports the plain map)', async () => {
    const io: Record<'plain' | 'fitted', Array<[number, number]>> = { plain: [], fitted: [] }
    const ms: number[] = []
    for (const set of ['300w', '300vw-001']) {
      const run = await runLandmarkEval(det, path.join(LANDMARK_DIR, set), { mappings: ['plain', 'fitted'] })
      ms.push(...run.imageMs)
      for (const m of ['plain', 'fitted'] as const) {
        const r = run.reports[m]
        expect(r?.items.length).toBe(2)
        if (!r) continue
        console.log(formatEvalTable(r, `${set} - ${m} mapping (NME %)`))
        expect(r.summary.misses, `${set}: detector misses`).toEqual([])
        for (const it of r.items) if (it.nme) io[m].push([it.nme.interocular.all68, it.nme.interocular.inner51])
      }
    }
    const mean = (xs: Array<[number, number]>, k: 0 | 1): number => xs.reduce((a, x) => a + x[k], 0) / xs.length
    console.log(`300-W + 300-VW (4 faces) inter-ocular NME: plain ${(100 * mean(io.plain, 0)).toFixed(2)} / ${(100 * mean(io.plain, 1)).toFixed(2)} %, fitted ${(100 * mean(io.fitted, 0)).toFixed(2)} / ${(100 * mean(io.fitted, 1)).toFixed(2)} % (68 / 51)`)
    console.log(`landmark time per image (detect + refine + map): ${ms.map((v) => v.toFixed(0)).join(', ')} ms`)
    expect(io.fitted.length).toBe(4)
    expect(mean(io.fitted, 0)).toBeLessThanOrEqual(0.055)
    expect(mean(io.fitted, 1)).toBeLessThanOrEqual(0.045)
  }, 60_000)
})
