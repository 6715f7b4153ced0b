/** The GMU on vectors (thesis eq.7.5-7.8): gate semantics, shapes, gradients, no leaks. */
import type { Scalar } from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../backend'
import { getTf, type Tensor2D } from '../tf'
import { gmu } from './gmu'
import { disposeParams } from './params'

const tf = getTf()

describe('GMU on wasm', () => {
  beforeAll(async () => {
    await initBackend({ force: 'wasm' })
  })

  it('ZG → 1 picks the visual branch, ZG → 0 the sound branch; ZG starts near 0.5', () => {
    const g = gmu('gmu', { inV: 6, inS: 4, out: 5 })
    const p = g.init(1)
    tf.tidy(() => {
      const v = tf.randomNormal([3, 6], 0, 1, 'float32', 1) as Tensor2D
      const s = tf.randomNormal([3, 4], 0, 1, 'float32', 2) as Tensor2D
      const hv = tf.tanh(tf.add(tf.matMul(v, p['gmu.wv']), p['gmu.bv'])).dataSync()
      const hs = tf.tanh(tf.add(tf.matMul(s, p['gmu.ws']), p['gmu.bs'])).dataSync()
      const mid = g.apply(p, v, s)
      expect(mid.out.shape).toEqual([3, 5])
      const z0 = mid.gate.dataSync()
      expect(z0.every((z) => z > 0.05 && z < 0.95)).toBe(true)
      // Mixed: strictly between the branches where they differ.
      const o0 = mid.out.dataSync()
      o0.forEach((o, i) => expect(Math.abs(o - (z0[i] * hv[i] + (1 - z0[i]) * hs[i]))).toBeLessThan(1e-6))

      p['gmu.bz'].assign(tf.fill([5], 60))
      const vis = g.apply(p, v, s)
      expect(Array.from(vis.gate.dataSync()).every((z) => z === 1)).toBe(true)
      expect(Array.from(vis.out.dataSync())).toEqual(Array.from(hv))
      // With ZG = 1 the sound input has no influence.
      expect(Array.from(g.apply(p, v, tf.mul(s, -5) as Tensor2D).out.dataSync())).toEqual(Array.from(hv))

      p['gmu.bz'].assign(tf.fill([5], -60))
      const snd = g.apply(p, v, s)
      expect(Array.from(snd.gate.dataSync()).every((z) => z < 1e-20)).toBe(true)
      Array.from(snd.out.dataSync()).forEach((o, i) => expect(o).toBeCloseTo(hs[i], 6))
    })
    disposeParams(p)
  })

  it('rejects inputs of the wrong size', () => {
    const g = gmu('gmu', { inV: 6, inS: 4, out: 5 })
    const p = g.init(1)
    tf.tidy(() => {
      expect(() => g.apply(p, tf.zeros([2, 4]) as Tensor2D, tf.zeros([2, 6]) as Tensor2D)).toThrow(/expected 6 \+ 4/)
      expect(() => g.apply(p, tf.zeros([2, 6]) as Tensor2D, tf.zeros([3, 4]) as Tensor2D)).toThrow(/rows/)
    })
    disposeParams(p)
  })

  it('gradients reach every parameter and nothing leaks (forward + backward)', () => {
    const g = gmu('gmu', { inV: 6, inS: 4, out: 5 })
    const p = g.init(2)
    const v = tf.randomNormal([8, 6], 0, 1, 'float32', 3) as Tensor2D
    const s = tf.randomNormal([8, 4], 0, 1, 'float32', 4) as Tensor2D
    const target = tf.randomNormal([8, 5], 0, 1, 'float32', 5)
    const vars = Object.values(p)
    const loss = () => tf.mean(tf.square(tf.sub(g.apply(p, v, s).out, target))) as Scalar
    const warm = tf.variableGrads(loss, vars)
    tf.dispose([warm.value, ...Object.values(warm.grads)])
    const before = tf.memory().numTensors
    const { value, grads } = tf.variableGrads(loss, vars)
    for (const x of vars) {
      const d = grads[x.name].dataSync()
      expect(d.every(Number.isFinite), x.name).toBe(true)
      expect(d.some((e) => e !== 0), x.name).toBe(true)
    }
    tf.dispose([value, ...Object.values(grads)])
    tf.tidy(() => {
      g.apply(p, v, s)
    })
    expect(tf.memory().numTensors).toBe(before)
    tf.dispose([v, s, target])
    disposeParams(p)
  })
})
