import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../backend'
import { getTf } from '../../tf'
import type { Box, RgbImage } from '../../../faces/human-detector'
import type { Point2 } from '../../../datasets/landmarks/points'
import { trackerWorld } from '../../train/tracker-test-world'
import { trackerConfig, type TrackerOverrides, type TrackerVariant } from './config'
import { boxOfPoints } from './crop'
import { createTrackerModel, disposeTrackerModel } from './model'
import { TINY_TRACKER } from './tiny-config'
import { createTrainedTracker } from './tracker'

const TINY: TrackerOverrides = { ...TINY_TRACKER, train: { curriculum: [2, 4] } }

const seq = trackerWorld(1, 8, 5)[0]
const gtPoints = (f: number): Point2[] => Array.from({ length: 68 }, (_, j) => [seq.landmarks[f * 136 + 2 * j], seq.landmarks[f * 136 + 2 * j + 1]])

function model(variant: TrackerVariant, fvBias?: number) {
  const m = createTrackerModel(trackerConfig({ ...TINY, variant }))
  if (fvBias !== undefined && m.subnets.includes('fv')) {
    const tf = getTf()
    const w = m.params['fv.out.w']
    const z = tf.zerosLike(w)
    w.assign(z)
    const b = tf.fill([1], fvBias)
    m.params['fv.out.b'].assign(b)
    tf.dispose([z, b])
  }
  return m
}

describe('trained tracker (SequenceTracker)', () => {
  beforeAll(async () => {
    await initBackend({ force: 'wasm' })
  })

  for (const variant of ['fll', 'crt', 'dcrt'] as const) {
    it(`${variant}: init from GT returns the GT, steps give 68 finite points, and no tensor leaks across steps`, async () => {
      const tf = getTf()
      const m = model(variant, 5)
      const base = tf.memory().numTensors
      const t = createTrainedTracker(m, { id: `${variant}:test`, denoise: true })
      expect(t.id).toBe(`${variant}:test`)
      const r0 = await t.init(seq.frames[0], { points: gtPoints(0) })
      expect(r0.points).toEqual(gtPoints(0).map((p) => [Math.fround(p[0]), Math.fround(p[1])]))
      const after1 = (await t.step(seq.frames[1]), tf.memory().numTensors)
      for (let f = 2; f < 6; f++) {
        const r = await t.step(seq.frames[f])
        expect(r.points).toHaveLength(68)
        expect(r.points!.flat().every(Number.isFinite)).toBe(true)
        expect(r.pFace).toBeGreaterThanOrEqual(0.5)
        expect(tf.memory().numTensors).toBe(after1)
      }
      t.dispose()
      expect(tf.memory().numTensors).toBe(base)
      disposeTrackerModel(m)
    })
  }

  it('a failed validation (p(face) < T_C) asks the re-detector on the next frame and re-initialises from a near detection', async () => {
    const m = model('crt', -5)
    const calls: RgbImage[] = []
    const near = boxOfPoints(new Float32Array(gtPoints(2).flat()))
    const t = createTrainedTracker(m, { id: 'crt:x', denoise: false, redetect: async (f) => (calls.push(f), near) })
    await t.init(seq.frames[0], { points: gtPoints(0) })
    const r1 = await t.step(seq.frames[1])
    expect(r1.pFace).toBeLessThan(0.5)
    expect(r1.reinitialised).toBe(false)
    expect(calls).toHaveLength(0)
    const r2 = await t.step(seq.frames[2])
    expect(calls).toEqual([seq.frames[2]])
    expect(r2.reinitialised).toBe(true)
    t.dispose()
    disposeTrackerModel(m)
  })

  it('keeps the previous box when the re-detection is too far (eq.2.8) or missing', async () => {
    const m = model('crt', -5)
    const far: Box = [5000, 5000, 30, 30]
    let n = 0
    const t = createTrainedTracker(m, { id: 'crt:y', denoise: false, redetect: async () => (n++ % 2 ? null : far) })
    await t.init(seq.frames[0], { points: gtPoints(0) })
    await t.step(seq.frames[1])
    const r2 = await t.step(seq.frames[2])
    const r3 = await t.step(seq.frames[3])
    expect(n).toBe(2)
    expect(r2.reinitialised).toBe(false)
    expect(r3.reinitialised).toBe(false)
    t.dispose()
    disposeTrackerModel(m)
  })

  it('denoise: false bypasses the denoiser (dcrt: the refined points differ; crt is unaffected)', async () => {
    const m = model('dcrt', 5)
    const a = createTrainedTracker(m, { id: 'a', denoise: true })
    const b = createTrainedTracker(m, { id: 'b', denoise: false })
    const box = boxOfPoints(new Float32Array(gtPoints(0).flat()))
    const ra = await a.init(seq.frames[0], { box })
    const rb = await b.init(seq.frames[0], { box })
    expect(ra.points).not.toEqual(rb.points)
    a.dispose()
    b.dispose()
    disposeTrackerModel(m)
  })

  it('refuses a step before init, a bad init and use after dispose', async () => {
    const m = model('crt', 5)
    const t = createTrainedTracker(m, { id: 'z', denoise: false })
    await expect(t.step(seq.frames[0])).rejects.toThrow(/before init/)
    await expect(t.init(seq.frames[0], { box: [0, 0, 0, 10] })).rejects.toThrow(/positive size/)
    t.dispose()
    await expect(t.init(seq.frames[0], { points: gtPoints(0) })).rejects.toThrow(/disposed/)
    disposeTrackerModel(m)
  })
})
