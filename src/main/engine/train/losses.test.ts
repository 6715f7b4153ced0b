import { beforeAll, describe, expect, it } from 'vitest'
import { ccc, paperIcc, pcc } from '../../../core/metrics'
import { getTf } from '../tf'
import { affectClass, affectLoss, binOf, classCounts, ganLoss, inverseFrequencyWeights, quadrantLoss, quadrantOf, reconstructionLoss } from './losses'

const tf = getTf()

describe('ANCLaF losses', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
  })

  it('quadrants follow the circumplex with ties on the non-negative side', () => {
    expect([quadrantOf(1, 1), quadrantOf(-1, 1), quadrantOf(-1, -1), quadrantOf(1, -1)]).toEqual([0, 1, 2, 3])
    expect([quadrantOf(0, 0), quadrantOf(0, -1), quadrantOf(-1, 0)]).toEqual([0, 3, 1])
  })

  it('bins 10 per dimension over the native range, joint V×A classes', () => {
    expect(binOf(-10, 10, 10)).toBe(0)
    expect(binOf(10, 10, 10)).toBe(9)
    expect(binOf(0, 10, 10)).toBe(5)
    expect(affectClass(-10, 10, 10, 10)).toBe(9)
  })

  it('log-GAN loss with logits: log 2 at logit 0, and the quadrant CE is log 4 for uniform logits', () => {
    const z = tf.zeros([3, 2, 2, 1])
    expect(ganLoss(z, 1).dataSync()[0]).toBeCloseTo(Math.log(2), 5)
    expect(ganLoss(tf.fill([2], 3), 0).dataSync()[0]).toBeCloseTo(Math.log(1 + Math.exp(3)), 5)
    expect(quadrantLoss(tf.zeros([2, 4]), tf.tensor1d([0, 3], 'int32')).dataSync()[0]).toBeCloseTo(Math.log(4), 5)
    expect(reconstructionLoss(tf.fill([1, 2, 2, 3], 0.5), tf.zeros([1, 2, 2, 3])).dataSync()[0]).toBeCloseTo(0.5, 6)
  })

  it('affect loss = Σ_dims RMSE + (1 − COR) + (1 − CCC) + (1 − paper ICC), matching core/metrics', () => {
    const p = [0.1, 0.5, -0.2, 0.7, 0.3, -0.4]
    const t = [0.0, 0.6, -0.5, 0.9, 0.1, -0.1]
    const pa = [0.2, 0.1, 0.0, -0.3, 0.4, 0.5]
    const ta = [0.1, 0.3, -0.2, -0.1, 0.2, 0.9]
    const pred = tf.tensor2d(p.flatMap((v, i) => [v, pa[i]]), [6, 2])
    const tgt = tf.tensor2d(t.flatMap((v, i) => [v, ta[i]]), [6, 2])
    const L = affectLoss(pred, tgt, null)
    const rm = (x: number[], y: number[]) => Math.sqrt(x.reduce((s, v, i) => s + (v - y[i]) ** 2, 0) / x.length)
    const dim = (x: number[], y: number[]) => rm(x, y) + (1 - pcc(x, y)) + (1 - ccc(x, y)) + (1 - paperIcc(x, y))
    expect(L.total.dataSync()[0]).toBeCloseTo(dim(p, t) + dim(pa, ta), 4)
    expect(L.terms.ccc.dataSync()[0]).toBeCloseTo(ccc(p, t), 5)
    expect(L.terms.icc.dataSync()[1]).toBeCloseTo(paperIcc(pa, ta), 5)
    // Perfect prediction: only the sqrt epsilon remains.
    expect(affectLoss(tgt, tgt, null).total.dataSync()[0]).toBeLessThan(1e-3)
  })

  it('class weights change the loss; a balanced batch gives the unweighted value', () => {
    // Imbalanced training set: class of (−9, −9) seen 9×, class of (9, 9) 1×.
    const v = [...Array(9).fill(-9), 9]
    const counts = classCounts(v, v, 10, 10)
    const w = inverseFrequencyWeights(v, v, counts, 10, 10)
    expect(w[0]).toBeCloseTo(10 / (2 * 9), 6)
    expect(w[9]).toBeCloseTo(10 / 2, 6)
    const pred = tf.tensor2d([-0.5, -0.5, 0.1, 0.2, -0.8, -0.9, 0.9, 0.4], [4, 2])
    const tgt = tf.tensor2d([-0.9, -0.9, -0.9, -0.9, -0.9, -0.9, 0.9, 0.9], [4, 2])
    const bw = tf.tensor1d([w[0], w[0], w[0], w[9]])
    const un = affectLoss(pred, tgt, null).total.dataSync()[0]
    expect(Math.abs(affectLoss(pred, tgt, bw).total.dataSync()[0] - un)).toBeGreaterThan(0.05)
    // Balanced batch: one sample per class → equal weights → exactly the unweighted loss.
    const balanced = inverseFrequencyWeights([-9, 9], [-9, 9], classCounts([-9, 9], [-9, 9], 10, 10), 10, 10)
    const p2 = tf.tensor2d([-0.5, -0.4, 0.6, 0.3], [2, 2])
    const t2 = tf.tensor2d([-0.9, -0.9, 0.9, 0.9], [2, 2])
    expect(affectLoss(p2, t2, tf.tensor1d(balanced)).total.dataSync()[0]).toBeCloseTo(affectLoss(p2, t2, null).total.dataSync()[0], 6)
  })
})
