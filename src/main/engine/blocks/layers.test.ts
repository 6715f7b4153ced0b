/**
 * Every block on the wasm backend: forward shape, a full backward pass (all parameter gradients finite, and the
 * conv weights' non-zero), and the tensor-leak rule (numTensors before == after, for a forward pass and for an
 * Adam training step; the optimizer's slot variables are created on a warm-up step before counting).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../backend'
import { getTf, type Tensor, type Tensor4D } from '../tf'
import { conv, conv1x1, convInRelu, convLrelu, deconvInRelu, dense, residualBlock, sequential, type Block } from './layers'
import { disposeParams, getWeights, paramCount, setWeights, type ParamMap } from './params'
import { refDiscriminator, refGenerator } from './reference-gd'

const tf = getTf()

interface Case {
  block: Block<Tensor, Tensor>
  input: number[]
  output: number[]
}

const CASES: Case[] = [
  { block: convInRelu('cir', { inC: 3, outC: 4, k: 4, stride: 2, pad: 1 }), input: [2, 8, 8, 3], output: [2, 4, 4, 4] },
  { block: residualBlock('res', { channels: 4 }), input: [2, 6, 6, 4], output: [2, 6, 6, 4] },
  { block: convLrelu('clr', { inC: 3, outC: 5 }), input: [2, 8, 8, 3], output: [2, 4, 4, 5] },
  { block: deconvInRelu('dcir', { inC: 4, outC: 3 }), input: [2, 4, 4, 4], output: [2, 8, 8, 3] },
  { block: conv1x1('c11', { inC: 4, outC: 2, act: 'sigmoid' }), input: [2, 4, 4, 4], output: [2, 4, 4, 2] },
  { block: conv('head', { inC: 4, outC: 1, k: 3, pad: 0 }), input: [2, 4, 4, 4], output: [2, 2, 2, 1] },
  { block: conv('out', { inC: 4, outC: 3, k: 3, pad: 1, act: 'tanh' }), input: [1, 5, 5, 4], output: [1, 5, 5, 3] },
  { block: dense('fc', { inF: 6, outF: 3, act: 'lrelu' }) as unknown as Block<Tensor, Tensor>, input: [4, 6], output: [4, 3] },
  {
    block: sequential('seq', [convInRelu('seq.a', { inC: 2, outC: 3, k: 3, pad: 1 }), convLrelu('seq.b', { inC: 3, outC: 2 })]),
    input: [1, 8, 8, 2],
    output: [1, 4, 4, 2]
  }
]

function lossOf(b: Block<Tensor, Tensor>, p: ParamMap, x: Tensor): Tensor {
  return tf.mean(tf.square(b.apply(p, x)))
}

describe('blocks on wasm', () => {
  beforeAll(async () => {
    await initBackend({ force: 'wasm' })
  })

  for (const c of CASES) {
    it(`${c.block.name}: forward, full backward, no leaks`, () => {
      const p = c.block.init(3)
      const x = tf.randomNormal(c.input, 0, 1, 'float32', 5)
      const y = c.block.apply(p, x)
      expect(y.shape).toEqual(c.output)
      y.dispose()
      const vars = Object.values(p)
      const { value, grads } = tf.variableGrads(() => lossOf(c.block, p, x) as ReturnType<typeof tf.scalar>, vars)
      expect(Object.keys(grads).length).toBe(vars.length)
      for (const [name, g] of Object.entries(grads)) {
        const d = g.dataSync()
        expect(d.every(Number.isFinite), name).toBe(true)
        if (name.includes('.w')) expect(d.some((v) => v !== 0), name).toBe(true)
      }
      value.dispose()
      Object.values(grads).forEach((g) => g.dispose())

      const before = tf.memory().numTensors
      tf.tidy(() => {
        c.block.apply(p, x)
      })
      expect(tf.memory().numTensors, 'forward').toBe(before)
      const opt = tf.train.adam(1e-3)
      const step = () => opt.minimize(() => lossOf(c.block, p, x) as ReturnType<typeof tf.scalar>, false, vars)?.dispose()
      step()
      const afterWarmup = tf.memory().numTensors
      step()
      expect(tf.memory().numTensors, 'train step').toBe(afterWarmup)
      opt.dispose()
      x.dispose()
      disposeParams(p)
      expect(tf.memory().numTensors).toBe(before - Object.keys(p).length - 1)
    })
  }

  it('other ops the models use have gradients on wasm', () => {
    const x = tf.randomNormal([2, 4, 4, 3], 0, 1, 'float32', 1)
    const q = tf.randomNormal([2, 4], 0, 1, 'float32', 2)
    const f = (a: Tensor, b: Tensor) => {
      const tiled = tf.tile(tf.reshape(b, [2, 1, 1, 4]), [1, 4, 4, 1])
      const zq = tf.concat([a, tiled], 3)
      const { mean, variance } = tf.moments(zq, [1, 2], true)
      const n = tf.div(tf.sub(zq, mean), tf.sqrt(tf.add(variance, 1e-5)))
      const t = tf.add(tf.tanh(n), tf.leakyRelu(n, 0.2))
      const s = tf.sum(tf.mul(tf.sigmoid(t), tf.abs(t)), [1, 2])
      const sm = tf.logSoftmax(s)
      const extra = tf.mean(tf.log(tf.add(tf.exp(tf.neg(tf.square(s))), 1)))
      return tf.add(tf.mean(sm), tf.add(extra, tf.mean(tf.maximum(tf.minimum(s, 1), -1))))
    }
    const [ga, gb] = tf.grads(f)([x, q])
    expect(ga.dataSync().every(Number.isFinite)).toBe(true)
    expect(gb.dataSync().some((v) => v !== 0)).toBe(true)
    tf.dispose([x, q, ga, gb])
  })

  it('reference G and D: shapes, backward, deterministic init, weights round trip', () => {
    const g = refGenerator(0.125)
    const d = refDiscriminator(0.125)
    const p = { ...g.init(1), ...d.init(1) }
    const x = tf.randomNormal([1, 32, 32, 3], 0, 1, 'float32', 1) as Tensor4D
    const before = tf.memory().numTensors
    const { value, grads } = tf.variableGrads(() => {
      const { y, z } = g.apply(p, x)
      expect(z.shape).toEqual([1, 8, 8, 16])
      const { rf, q } = d.apply(p, y)
      expect(rf.shape).toEqual([1, 1, 1, 1])
      expect(q.shape).toEqual([1, 1, 1, 4])
      return tf.add(tf.mean(tf.abs(y)), tf.add(tf.mean(rf), tf.mean(q))) as ReturnType<typeof tf.scalar>
    }, Object.values(p))
    expect(Object.keys(grads).length).toBe(Object.keys(p).length)
    tf.dispose([value, ...Object.values(grads)])
    expect(tf.memory().numTensors).toBe(before)
    const w = getWeights(p)
    const again = { ...g.init(1), ...d.init(1) }
    const w2 = getWeights(again)
    expect(Object.keys(w2)).toEqual(Object.keys(w))
    expect(w2['g.enc.c1.w'].data).toEqual(w['g.enc.c1.w'].data)
    const other = { ...g.init(2), ...d.init(2) }
    expect(getWeights(other)['g.enc.c1.w'].data).not.toEqual(w['g.enc.c1.w'].data)
    setWeights(other, w)
    expect(getWeights(other)['d.q.w'].data).toEqual(w['d.q.w'].data)
    expect(() => setWeights(other, { ...w, extra: { shape: [1], data: new Float32Array(1) } })).toThrow(/unknown \[extra\]/)
    expect(paramCount(p)).toBeGreaterThan(0)
    ;[p, again, other].forEach(disposeParams)
    x.dispose()
  })
})
