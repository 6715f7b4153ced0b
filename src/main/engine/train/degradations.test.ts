import { beforeAll, describe, expect, it } from 'vitest'
import type { Tensor4D } from '../tf'
import { getTf } from '../tf'
import { DEGRADATION_KINDS } from '../models/anclaf/config'
import { applyDegradation, degradeBatch, type Degradation } from './degradations'
import { useBackend } from './use-backend'

const tf = getTf()

describe('on-the-fly degradations', () => {
  beforeAll(async () => {
    await useBackend('wasm')
  })

  it('every thesis degradation keeps the shape and range and changes a textured image', () => {
    const x = tf.randomUniform([1, 64, 64, 3], -1, 1, 'float32', 7) as Tensor4D
    const cases: Degradation[] = [
      { kind: 'downsample', factor: 8 },
      { kind: 'gaussian-blur', sigma: 5 },
      { kind: 'gaussian-noise', variance: 0.01, seed: 1 },
      { kind: 'intensity', scale: 0.2 },
      { kind: 'motion-blur', length: 13, angle: 45 }
    ]
    for (const d of cases) {
      const y = applyDegradation(x, d)
      expect(y.shape).toEqual([1, 64, 64, 3])
      const [lo, hi, diff] = tf.tidy(() => [tf.min(y).dataSync()[0], tf.max(y).dataSync()[0], tf.mean(tf.abs(tf.sub(x, y))).dataSync()[0]])
      expect(lo).toBeGreaterThanOrEqual(-1)
      expect(hi).toBeLessThanOrEqual(1)
      expect(diff).toBeGreaterThan(0.02)
      y.dispose()
    }
    // Intensity scaling is exact on the [0, 1] scale: (x + 1)/2 · s.
    const grey = tf.fill([1, 4, 4, 3], 0.6) as Tensor4D
    expect(applyDegradation(grey, { kind: 'intensity', scale: 0.5 }).dataSync()[0]).toBeCloseTo((1.6 / 2) * 0.5 * 2 - 1, 5)
    tf.dispose([x, grey])
  })

  it('is seeded: the same seed gives the same batch, another seed another one; probability 0 leaves it clean', () => {
    const x = tf.randomUniform([6, 64, 64, 3], -1, 1, 'float32', 3) as Tensor4D
    const a = degradeBatch(x, { seed: 5, probability: 1, kinds: DEGRADATION_KINDS })
    const b = degradeBatch(x, { seed: 5, probability: 1, kinds: DEGRADATION_KINDS })
    const c = degradeBatch(x, { seed: 6, probability: 1, kinds: DEGRADATION_KINDS })
    expect(a.applied).toEqual(b.applied)
    expect(Array.from(a.images.dataSync())).toEqual(Array.from(b.images.dataSync()))
    expect(a.applied).not.toEqual(c.applied)
    const none = degradeBatch(x, { seed: 5, probability: 0, kinds: DEGRADATION_KINDS })
    expect(none.applied.every((d) => d === null)).toBe(true)
    tf.dispose([x, a.images, b.images, c.images, none.images])
  })
})
