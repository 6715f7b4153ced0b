import { beforeAll, describe, expect, it } from 'vitest'
import type { Tensor4D } from '../../tf'
import { getTf } from '../../tf'
import { tinyConfig } from '../../train/test-fixtures'
import { useBackend } from '../../train/use-backend'
import { anclafConfig } from './config'
import { predictCrops } from './infer'
import { FACE_SPREAD, inputNormProblem, normaliseInput } from './input-norm'
import { latentVectorsOfCrops } from './latents'
import { createAnclaf, disposeAnclaf } from './model'

const tf = getTf()

/** A 2-image batch, 8×8: a textured centre, and a bright frame around it on image 0. */
function batch(): Tensor4D {
  const v = new Float32Array(2 * 8 * 8 * 3)
  for (let n = 0; n < 2; n++) {
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        const centre = y >= 2 && y < 6 && x >= 2 && x < 6
        for (let k = 0; k < 3; k++) v[((n * 8 + y) * 8 + x) * 3 + k] = centre ? -0.6 + 0.05 * ((x + 2 * y + k + n) % 4) : n === 0 ? 0.9 : -0.5
      }
    }
  }
  return tf.tensor4d(v, [2, 8, 8, 3])
}

describe('face-centre input standardisation', () => {
  beforeAll(async () => {
    await useBackend('wasm')
  })

  it('returns the same tensor when no normalisation is configured', () => {
    const x = batch()
    expect(normaliseInput(x, undefined)).toBe(x)
    x.dispose()
  })

  it('standardises each image by its centre window: mean 0 and spread 1/FACE_SPREAD there, per image', () => {
    const x = batch()
    const y = normaliseInput(x, 'face-standardise')
    const centre = tf.slice(y, [0, 2, 2, 0], [-1, 4, 4, -1])
    const { mean, variance } = tf.moments(centre, [1, 2, 3])
    const m = mean.dataSync()
    const s = tf.sqrt(variance).dataSync()
    for (let n = 0; n < 2; n++) {
      expect(Math.abs(m[n])).toBeLessThan(1e-5)
      expect(s[n]).toBeCloseTo(1 / FACE_SPREAD, 4)
    }
    // Image 0's bright frame lies far above its dark centre: clipped to 1, not setting the scale.
    expect(y.dataSync()[0]).toBe(1)
    tf.dispose([x, y, centre, mean, variance])
  })

  it('undoes a brightness scale of the image (intensity / low light), the map being affine per image', () => {
    const x = batch()
    // Pixel values p scaled by 0.4 in [0, 255] are x → 0.4·x − 0.6 in [−1, 1] units.
    const dark = tf.sub(tf.mul(x, 0.4), 0.6) as Tensor4D
    const a = normaliseInput(x, 'face-standardise').dataSync()
    const b = normaliseInput(dark, 'face-standardise').dataSync()
    expect(Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])))).toBeLessThan(1e-4)
    tf.dispose([x, dark])
  })

  it('leaves a flat image flat (≈ 0, no NaN) and leaks no tensors', () => {
    const flat = tf.fill([1, 8, 8, 3], 0.3) as Tensor4D
    const before = tf.memory().numTensors
    const y = normaliseInput(flat, 'face-standardise')
    expect(tf.memory().numTensors).toBe(before + 1)
    expect(Array.from(y.dataSync()).every((v) => Number.isFinite(v) && Math.abs(v) < 1e-5)).toBe(true)
    tf.dispose([flat, y])
  })

  it('is on the inference and latent paths: a darkened crop predicts (almost) as the original only with it', async () => {
    const crops = new Uint8Array(2 * 64 * 64 * 3)
    for (let i = 0; i < crops.length; i++) crops[i] = 60 + ((i * 7919) % 150)
    const dark = crops.map((v) => Math.round(v * 0.5))
    const diff = (a: Float32Array, b: Float32Array) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])))
    const out: Record<string, { pred: number; lat: number }> = {}
    for (const norm of ['none', 'face-standardise'] as const) {
      const c = tinyConfig(norm === 'none' ? {} : { inputNorm: norm })
      const nets = createAnclaf(c)
      const before = tf.memory().numTensors
      const p = await predictCrops(nets, c, crops, 2)
      const q = await predictCrops(nets, c, dark, 2)
      const l = await latentVectorsOfCrops(nets, c, crops, 2)
      const m = await latentVectorsOfCrops(nets, c, dark, 2)
      expect(tf.memory().numTensors).toBe(before)
      out[norm] = { pred: diff(p.valence, q.valence) + diff(p.arousal, q.arousal), lat: diff(l.data, m.data) }
      disposeAnclaf(nets)
    }
    // Rounding to bytes leaves a little; without the normalisation the darkening changes the outputs far more.
    expect(out['face-standardise'].pred).toBeLessThan(out.none.pred / 5)
    expect(out['face-standardise'].lat).toBeLessThan(out.none.lat / 5)
  })

  it('is validated: known values only, face crops only; absent by default', () => {
    expect(inputNormProblem({})).toBeNull()
    expect(inputNormProblem({ inputNorm: 'face-standardise' })).toBeNull()
    expect(inputNormProblem({ inputNorm: 'zscore' })).toMatch(/inputNorm must be 'face-standardise'/)
    expect(inputNormProblem({ inputNorm: 'face-standardise', input: 'spectrogram' })).toMatch(/face crops/)
    expect(() => anclafConfig('compact', { inputNorm: 'zscore' as never })).toThrow(/ANCLaF config: inputNorm/)
    expect(Object.keys(anclafConfig('compact'))).not.toContain('inputNorm')
  })
})
