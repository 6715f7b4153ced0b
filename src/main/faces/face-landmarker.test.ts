import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readImageRgb } from '../media/frame-reader'
import { formatEvalTable, runLandmarkEval } from './eval-run'
import { landmarkImage, meshBox } from './face-landmarker'
import { roiFromMesh } from './face-tracker'
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

  it('does not leak tensors (still and video mode, the tracking step)', async () => {
    const img = await readImageRgb(path.join(LANDMARK_DIR, '300vw-001', '000006.jpg'), { maxSide: 640 })
    const tf = det.tfjs
    await landmarkImage(det, img) // warm-up: Human allocates its persistent tensors once
    await det.detect(img, 'video')
    const roi = roiFromMesh((await det.detect(img, 'still'))[0].mesh)
    const before = tf.memory().numTensors
    for (let i = 0; i < 2; i++) {
      await landmarkImage(det, img)
      await det.detect(img, 'video')
      await det.detect(img, 'still')
      await det.meshInRoi(img, roi)
      await det.meshInRoi(img, { cx: -500, cy: -500, side: 50, angle: 0 })
    }
    expect(tf.memory().numTensors).toBe(before)
  }, 60_000)

  it('the tracking step (FaceMesh alone on the face’s region) lands where the detector pass does', async () => {
    const img = await readImageRgb(path.join(LANDMARK_DIR, '300vw-001', '000006.jpg'), { maxSide: 640 })
    const [found] = await det.detect(img, 'still')
    const again = await det.meshInRoi(img, roiFromMesh(found.mesh))
    expect(again).not.toBeNull()
    const [, , w, h] = meshBox(found.mesh)
    const size = Math.sqrt(w * h)
    let mean = 0
    for (let k = 0; k < 468; k++) mean += Math.hypot(again!.mesh[k][0] - found.mesh[k][0], again!.mesh[k][1] - found.mesh[k][1]) / 468
    expect(mean / size).toBeLessThan(0.03)
    expect(again!.score).toBeGreaterThan(0.5)
    // a region with no face in it gives no face
    expect(await det.meshInRoi(img, { cx: 40, cy: 40, side: 60, angle: 0 })).toBeNull()
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
