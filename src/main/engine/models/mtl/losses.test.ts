import { beforeAll, describe, expect, it } from 'vitest'
import { ccc } from '../../../../core/metrics/ccc'
import { initBackend } from '../../backend'
import { getTf } from '../../tf'
import { auRates, cccLoss, classRates, inverseRateWeights, stopGradient, weightedAsymmetricLoss, weightedCrossEntropy } from './losses'

const tf = getTf()

describe('mtl losses', () => {
  beforeAll(async () => {
    await initBackend({ force: 'wasm' })
  })

  it('eq.10 weights: N(1/r_i)/Σ(1/r_j); an AU absent from training gets the smallest weight', () => {
    const w = inverseRateWeights([0.5, 0.25, 0.25])
    // 1/r = 2, 4, 4 → Σ 10 → w = 3·(2, 4, 4)/10
    expect(Array.from(w)).toEqual([0.6, 1.2, 1.2].map(Math.fround))
    expect(Array.from(inverseRateWeights([0.5, 0, 0.25]))).toEqual([2 / 3, 2 / 3, 4 / 3].map(Math.fround))
    expect(Array.from(inverseRateWeights([0, 0]))).toEqual([1, 1])
    expect(Array.from(auRates([1, 0, 1, 1, -1, -1, 0, 0], 2))).toEqual([2 / 3, 1 / 3])
    expect(Array.from(classRates([0, 2, 2, -1, 9], 3))).toEqual([1 / 3, 0, 2 / 3])
  })

  it('eq.9: weighted asymmetric loss equals the formula, ignores masked frames, and its gradient depends on the detach choice', () => {
    const p = [
      [0.9, 0.2],
      [0.4, 0.7]
    ]
    const y = [
      [1, 0],
      [0, 1]
    ]
    const w = [2, 0.5]
    const frame = (b: number) => -(1 / 2) * [0, 1].reduce((s, i) => s + w[i] * (y[b][i] * Math.log(p[b][i]) + (1 - y[b][i]) * p[b][i] * Math.log(1 - p[b][i])), 0)
    const P = tf.tensor2d(p)
    const W = tf.tensor1d(w)
    const L = weightedAsymmetricLoss(P, tf.tensor2d(y), tf.tensor1d([1, 1]), W, 'through')
    expect(L.dataSync()[0]).toBeCloseTo((frame(0) + frame(1)) / 2, 5)
    // Frame 1 masked: its target values do not matter.
    const a = weightedAsymmetricLoss(P, tf.tensor2d(y), tf.tensor1d([1, 0]), W, 'through').dataSync()[0]
    const b = weightedAsymmetricLoss(P, tf.tensor2d([[1, 0], [1, 1]]), tf.tensor1d([1, 0]), W, 'through').dataSync()[0]
    expect(a).toBeCloseTo(frame(0), 5)
    expect(b).toBeCloseTo(a, 6)
    // d/dp of the negative term: −w/N · (log(1−p) − p/(1−p)) through ŷ, −w/N · (−p/(1−p)) detached.
    const grad = (mode: 'through' | 'detached') => tf.grad((x) => weightedAsymmetricLoss(x as never, tf.tensor2d([[0, 0]]), tf.tensor1d([1]), tf.tensor1d([1, 1]), mode))(tf.tensor2d([[0.3, 0.3]])).dataSync()[0]
    expect(grad('through')).toBeCloseTo(-(1 / 2) * (Math.log(0.7) - 0.3 / 0.7), 5)
    expect(grad('detached')).toBeCloseTo((1 / 2) * (0.3 / 0.7), 5)
    expect(tf.grad((x) => tf.sum(stopGradient(x)))(tf.ones([2])).dataSync()).toEqual(new Float32Array([0, 0]))
  })

  it('eq.11: weighted cross-entropy per frame, mean over labelled frames', () => {
    const logits = [
      [2, 0, -1],
      [0.5, 0.5, 0]
    ]
    const lse = (r: number[]) => Math.log(r.reduce((s, z) => s + Math.exp(z), 0))
    const P = [1, 3, 0.5]
    const want = (P[0] * (lse(logits[0]) - 2) + P[1] * (lse(logits[1]) - 0.5)) / 2
    const L = weightedCrossEntropy(tf.tensor2d(logits), tf.tensor1d([0, 1], 'int32'), tf.tensor1d([1, 1]), tf.tensor1d(P))
    expect(L.dataSync()[0]).toBeCloseTo(want, 5)
    const masked = weightedCrossEntropy(tf.tensor2d(logits), tf.tensor1d([0, 2], 'int32'), tf.tensor1d([1, 0]), tf.tensor1d(P))
    expect(masked.dataSync()[0]).toBeCloseTo(P[0] * (lse(logits[0]) - 2), 5)
  })

  it('eq.12: (1 − CCC_V) + (1 − CCC_A) over the labelled frames equals core ccc', () => {
    const pv = [0.1, 0.5, -0.2, 0.3, 9]
    const pa = [0.0, -0.4, 0.2, 0.6, 9]
    const gv = [0.2, 0.4, -0.1, 0.1, -9]
    const ga = [0.1, -0.5, 0.4, 0.3, -9]
    const pred = tf.tensor2d(pv.map((v, i) => [v, pa[i]]))
    const gold = tf.tensor2d(gv.map((v, i) => [v, ga[i]]))
    const L = cccLoss(pred, gold, tf.tensor1d([1, 1, 1, 1, 0])).dataSync()[0]
    expect(L).toBeCloseTo(2 - ccc(pv.slice(0, 4), gv.slice(0, 4)) - ccc(pa.slice(0, 4), ga.slice(0, 4)), 4)
  })
})
