import { beforeAll, describe, expect, it } from 'vitest'
import type { Tensor4D } from '../../tf'
import { getTf } from '../../tf'
import { createAdamState } from '../../train/adam'
import { anclafTrainStep, gradsOf } from '../../train/anclaf-step'
import { tinyConfig } from '../../train/test-fixtures'
import { useBackend } from '../../train/use-backend'
import { combiner } from './combiner'
import { anclafConfig, validateAnclafConfig } from './config'
import { discriminator } from './discriminator'
import { generator } from './generator'
import { predictCrops } from './infer'
import { anclafForward, createAnclaf, disposeAnclaf } from './model'

const tf = getTf()

describe('ANCLaF stage-1 networks', () => {
  beforeAll(async () => {
    await useBackend('wasm')
  })

  it('has the Table A shapes: Z 128×32×32 at 128² (thesis), D heads 2×2 + 4 quadrant logits', () => {
    const c = anclafConfig('thesis')
    expect(c.g.widths).toEqual([64, 128])
    const compact = tinyConfig()
    const nets = createAnclaf(compact)
    tf.tidy(() => {
      const x = tf.zeros([2, 64, 64, 3]) as Tensor4D
      const g = generator(nets.g, compact, x)
      expect(g.z.shape).toEqual([2, 16, 16, 8])
      expect(g.image.shape).toEqual([2, 64, 64, 3])
      const d = discriminator(nets.d, compact, g.image)
      expect(d.realFake.shape).toEqual([2, 2, 2, 1])
      expect(d.quadrant.shape).toEqual([2, 4])
      expect(anclafForward(nets, compact, x).va.shape).toEqual([2, 2])
    })
    disposeAnclaf(nets)
  })

  it('validates configs with clear errors', () => {
    expect(() => anclafConfig('compact', { d: { widths: [8, 8, 8, 8, 8], qHeadChannels: 4, leak: 0.2 } })).toThrow(/2×2 map.*3×3 heads/)
    expect(() => anclafConfig('compact', { cropPolicy: 'thesis-128' })).toThrow(/cropPolicy/)
    expect(() => anclafConfig('thesis', { optimiser: { lr: -1 } })).toThrow(/optimiser.lr/)
    expect(() => validateAnclafConfig({ ...tinyConfig(), batch: 1 })).toThrow(/batch/)
    expect(() => anclafConfig('compact', { lrSchedule: 'step' as never })).toThrow(/lrSchedule must be one of constant, cosine/)
    for (const emaDecay of [0, 1, -0.5, Number.NaN]) expect(() => anclafConfig('compact', { emaDecay })).toThrow(/emaDecay must be in \(0, 1\)/)
    // Absent fields keep the configs of runs made before they existed byte-identical.
    expect(Object.keys(anclafConfig('compact'))).not.toContain('lrSchedule')
    expect(Object.keys(anclafConfig('compact'))).not.toContain('emaDecay')
  })

  it('Q reaches C: zeroing / changing Q changes C output, and C gets a gradient through the Q channels', () => {
    const c = tinyConfig()
    const nets = createAnclaf(c)
    tf.tidy(() => {
      const z = tf.randomNormal([2, 16, 16, 8], 0, 1, 'float32', 5) as Tensor4D
      const q = tf.tensor2d([1, 0, 0, 0, 0, 0, 1, 0], [2, 4])
      const a = combiner(nets.c, c, z, q).dataSync()
      const b = combiner(nets.c, c, z, tf.zeros([2, 4])).dataSync()
      expect(Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])))).toBeGreaterThan(1e-6)
      const dq = tf.grad((qq) => tf.sum(combiner(nets.c, c, z, qq)))(q)
      expect(tf.max(tf.abs(dq)).dataSync()[0]).toBeGreaterThan(0)
    })
    disposeAnclaf(nets)
  })

  it('gradients flow from the affect loss into G, C (and D only via its own losses)', () => {
    const c = tinyConfig()
    const nets = createAnclaf(c)
    const x = tf.randomUniform([2, 64, 64, 3], -1, 1, 'float32', 3) as Tensor4D
    const r = gradsOf([{ net: nets.g, names: ['conv1/w'] }, { net: nets.c, names: ['fc2/w'] }], ([g, cc]) => {
      const { z } = generator(g, c, x)
      return tf.sum(combiner(cc, c, z, tf.fill([2, 4], 0.25)))
    })
    expect(tf.max(tf.abs(r.grads[0].get('conv1/w')!)).dataSync()[0]).toBeGreaterThan(0)
    expect(tf.max(tf.abs(r.grads[1].get('fc2/w')!)).dataSync()[0]).toBeGreaterThan(0)
    r.grads.forEach((m) => m.forEach((t) => t.dispose()))
    x.dispose()
    disposeAnclaf(nets)
  })

  it('leaks no tensors in forward, inference and a training step (with and without denoising)', async () => {
    for (const denoise of [true, false]) {
      const c = tinyConfig({ denoise })
      const nets = createAnclaf(c)
      const opt = { g: createAdamState(), d: createAdamState(), c: createAdamState() }
      const clean = tf.randomUniform([4, 64, 64, 3], -1, 1, 'float32', 1) as Tensor4D
      const batch = { clean, input: clean, target: tf.zeros([4, 2]), quadrant: tf.tensor1d([0, 1, 2, 3], 'int32'), weights: tf.ones([4]) }
      anclafTrainStep(nets, opt, c, batch) // first step creates the Adam slots
      const before = tf.memory().numTensors
      tf.tidy(() => {
        anclafForward(nets, c, clean)
      })
      await predictCrops(nets, c, new Uint8Array(3 * 64 * 64 * 3), 3, { batch: 2 })
      const L = anclafTrainStep(nets, opt, c, batch)
      expect(Object.values(L).every(Number.isFinite)).toBe(true)
      expect(tf.memory().numTensors).toBe(before)
      tf.dispose([clean, batch.target, batch.quadrant, batch.weights])
      disposeAnclaf(nets)
      for (const s of Object.values(opt)) for (const m of [s.m, s.v]) m.forEach((t) => t.dispose())
    }
  })
})
