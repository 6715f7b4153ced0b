/**
 * Affective Processes on wasm: the paper's defaults and clear config errors, the parameter count of L232, the
 * aggregation (masked mean, permutation invariant), the loss terms against hand-computed values, whole-session
 * inference against a direct computation (context = lowest-σ frames, z = μ_C), missing frames, sampled functions,
 * the mixture stitching, and no tensor leaks in a training step and in inference.
 */
import type { Tensor3D } from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../backend'
import { paramCount } from '../../blocks/params'
import { getTf, type Tensor2D } from '../../tf'
import { apBatchTensors, apTrainStep, disposeApBatch } from '../../train/ap-trainer'
import { labelledIndex, sampleApBatch } from '../../train/ap-batches'
import { createApAdam, disposeApAdam } from '../../train/ap-optimiser'
import { mulberry32 } from '../../../../core/random/mulberry32'
import { AP_DEFAULTS, apConfig, type ApConfig } from './config'
import { inferApSession } from './infer'
import { apLoss, gaussianNll, klGaussians, klToStandard } from './losses'
import { aggregate, apForward, createApModel, decode, disposeApModel, encodePoints, latentDist } from './model'
import type { LabelledApSession } from './session'
import { fadeWeight, selectContext, StitchAccumulator, windowPlan } from './stitch'

const tf = getTf()
const D = 6

const small = (o: Partial<ApConfig> = {}): ApConfig =>
  apConfig({ hidden: 12, rDim: 8, zDim: 5, batch: 4, seqMin: 6, seqMax: 9, window: 10, hop: 5, contextPoints: 4, samples: 3, ...o })

function session(frames: number, seed: number, invalid: number[] = []): LabelledApSession {
  const r = mulberry32(seed)
  const u = () => r() * 2 - 1
  const valid = new Uint8Array(frames).fill(1)
  for (const f of invalid) valid[f] = 0
  const x = Float32Array.from({ length: frames * D }, u)
  for (const f of invalid) x.fill(NaN, f * D, (f + 1) * D) // never read
  return { id: `s${seed}`, frames, x, yHat: Float32Array.from({ length: frames * 2 }, u), valid, valence: Float32Array.from({ length: frames }, u), arousal: Float32Array.from({ length: frames }, u) }
}

describe('Affective Processes', () => {
  beforeAll(async () => {
    await initBackend({ force: 'wasm' })
  })

  it('defaults are the paper’s (the loss: nll, one of its two equal best rows, config.ts); bad configs are refused naming the field', () => {
    expect(AP_DEFAULTS).toMatchObject({ rDim: 128, zDim: 128, contextPoints: 40, window: 70, seqMin: 35, seqMax: 70, contextMin: 3, pseudoLabelP: 0.5, batch: 16, loss: 'nll', epochs: 25, itersPerEpoch: 1000 })
    expect(AP_DEFAULTS.optimiser).toMatchObject({ lr: 2.5e-4, beta1: 0.9, beta2: 0.999, weightDecay: 1e-4 })
    expect(() => apConfig({ hop: 80 })).toThrow(/hop \(80\) must not exceed window/)
    expect(() => apConfig({ outputSigmaFloor: 0 })).toThrow(/outputSigmaFloor/)
    expect(() => apConfig({ loss: 'kl' as never })).toThrow(/loss must be one of/)
    expect(() => apConfig({ seqMin: 80 })).toThrow(/seqMin/)
    expect(AP_DEFAULTS.decoderOutput).toBe('direct')
    expect(() => apConfig({ decoderOutput: 'skip' as never })).toThrow(/decoderOutput must be 'direct' or 'residual'/)
  })

  it('the residual decoder adds the backbone’s prediction to the decoded mean; inference uses it; no leaks', async () => {
    const c = small({ decoderOutput: 'residual', window: 20, hop: 20, samples: 1 })
    const m = createApModel(c, D)
    const direct = { ...m, config: small({ window: 20, hop: 20, samples: 1 }) }
    const x = tf.tensor2d(Float32Array.from({ length: 3 * D }, (_, i) => Math.sin(i)), [3, D])
    const z = tf.tensor2d(Float32Array.from({ length: 3 * c.zDim }, (_, i) => Math.cos(i)), [3, c.zDim])
    const yHat = tf.tensor2d([0.5, -0.25, 0.1, 0.9, -0.7, 0], [3, 2])
    const before = tf.memory().numTensors
    const [res, dir] = tf.tidy(() => [decode(m, x, z, yHat).mu, decode(direct, x, z, yHat).mu])
    const diffT = tf.sub(res, dir)
    const diff = Array.from(diffT.dataSync())
    diffT.dispose()
    diff.forEach((v, i) => expect(v).toBeCloseTo(yHat.dataSync()[i], 5)) // residual = direct + ŷ (same weights)
    tf.dispose([res, dir])
    expect(tf.memory().numTensors).toBe(before)
    expect(() => tf.tidy(() => decode(m, x, z).mu)).toThrow(/residual decoder needs the backbone/)
    // With the output layer at zero, the AP IS its backbone: its mean equals ŷ on every frame.
    for (const k of ['dec.l3.w', 'dec.l3.b']) tf.tidy(() => m.params[k].assign(tf.zerosLike(m.params[k])))
    const s = session(14, 9, [3])
    const r = await inferApSession(m, s)
    for (let f = 0; f < 14; f++) {
      if (f === 3) continue
      expect(r.valence[f]).toBeCloseTo(s.yHat[2 * f], 5)
      expect(r.arousal[f]).toBeCloseTo(s.yHat[2 * f + 1], 5)
    }
    expect(tf.memory().numTensors).toBe(before)
    tf.dispose([x, z, yHat])
    disposeApModel(m)
  })

  it('has about the ∼330K parameters of P004:L232 at x = 512', () => {
    const m = createApModel(AP_DEFAULTS, 512)
    const n = paramCount(m.params)
    disposeApModel(m)
    expect(n).toBeGreaterThan(0.85 * 330_000)
    expect(n).toBeLessThan(1.15 * 330_000)
  })

  it('aggregates by a masked mean, invariant to the order of the context points', () => {
    const m = createApModel(small(), D)
    const s = session(7, 3)
    const [a, b, direct] = tf.tidy(() => {
      const r = encodePoints(m, tf.tensor2d(s.x, [7, D]), tf.tensor2d(s.yHat, [7, 2]))
      const mask = tf.tensor2d([[1, 0, 1, 1, 0, 0, 1]])
      const perm = [6, 2, 5, 0, 4, 3, 1]
      const rp = tf.gather(r, perm)
      const maskP = tf.tensor2d([perm.map((i) => [1, 0, 1, 1, 0, 0, 1][i])])
      const direct = tf.mean(tf.gather(r, [0, 2, 3, 6]), 0, true)
      return [aggregate(tf.expandDims(r, 0) as Tensor3D, mask), aggregate(tf.expandDims(rp, 0) as Tensor3D, maskP), direct]
    })
    const [av, bv, dv] = [a, b, direct].map((t) => Array.from(t.dataSync()))
    tf.dispose([a, b, direct])
    disposeApModel(m)
    av.forEach((v, i) => {
      expect(v).toBeCloseTo(bv[i], 5)
      expect(v).toBeCloseTo(dv[i], 5)
    })
  })

  it('loss terms equal their closed forms', () => {
    const [nll, kls, klg] = tf.tidy(() => {
      const g = { mu: tf.tensor2d([[0.2, -0.5]]) as Tensor2D, sigma: tf.tensor2d([[0.5, 2]]) as Tensor2D }
      const p = { mu: tf.tensor2d([[0, 1]]) as Tensor2D, sigma: tf.tensor2d([[1, 0.5]]) as Tensor2D }
      return [gaussianNll(tf.tensor2d([[0.7, 0.5]]) as Tensor2D, g), klToStandard(g), klGaussians(g, p)]
    })
    const n = nll.dataSync()
    const ks = kls.dataSync()
    const kg = klg.dataSync()
    tf.dispose([nll, kls, klg])
    const nllOf = (y: number, mu: number, s: number) => Math.log(s) + (y - mu) ** 2 / (2 * s * s) + 0.5 * Math.log(2 * Math.PI)
    expect(n[0]).toBeCloseTo(nllOf(0.7, 0.2, 0.5), 5)
    expect(n[1]).toBeCloseTo(nllOf(0.5, -0.5, 2), 5)
    const kl0 = (mu: number, s: number) => -Math.log(s) + (s * s + mu * mu) / 2 - 0.5
    expect(ks[0]).toBeCloseTo(kl0(0.2, 0.5), 5)
    const klqp = (mq: number, sq: number, mp: number, sp: number) => Math.log(sp / sq) + (sq * sq + (mq - mp) ** 2) / (2 * sp * sp) - 0.5
    expect(kg[0]).toBeCloseTo(klqp(0.2, 0.5, 0, 1) + klqp(-0.5, 2, 1, 0.5), 5)
  })

  it('nll + reg (λ = 1): the log σ terms cancel, so the best σ is √|y − μ| and the best μ is y / (1 + σ²)', () => {
    // config.ts explains what this does to the AP's outputs: σ follows the square root of the error, means shrink.
    const y = 0.6
    const grid = Array.from({ length: 400 }, (_, i) => 0.02 + i * 0.005)
    const lossAt = (mus: number[], sigmas: number[]): Float32Array => {
      const t = tf.tidy(() => {
        const g = { mu: tf.tensor2d(mus, [mus.length, 1]) as Tensor2D, sigma: tf.tensor2d(sigmas, [sigmas.length, 1]) as Tensor2D }
        return tf.add(gaussianNll(tf.fill([mus.length, 1], y) as Tensor2D, g), klToStandard(g))
      })
      const v = t.dataSync() as Float32Array
      t.dispose()
      return v
    }
    const argmin = (v: Float32Array): number => v.reduce((best, x, i) => (x < v[best] ? i : best), 0)
    for (const mu of [0.5, 0.2, -0.3]) {
      const s = grid[argmin(lossAt(grid.map(() => mu), grid))]
      expect(s).toBeCloseTo(Math.sqrt(Math.abs(y - mu)), 2)
    }
    const sigma = 0.5
    const mus = grid.map((g) => g - 0.02)
    expect(mus[argmin(lossAt(mus, mus.map(() => sigma)))]).toBeCloseTo(y / (1 + sigma * sigma), 2)
  })

  it('a loss without reg/kl computes neither; with them adds λ·term', () => {
    const s = session(12, 5)
    for (const loss of ['nll', 'nll+reg+kl'] as const) {
      const c = small({ loss, lambdaKl: 0.5, lambdaReg: 2 })
      const m = createApModel(c, D)
      const b = apBatchTensors(sampleApBatch(c, [s], labelledIndex([s]), D, mulberry32(1)), c.zDim)
      const out = tf.tidy(() => {
        const [B, L] = b.tgt.shape
        const fw = apForward(m, b, loss !== 'nll')
        const t = apLoss(c, fw, tf.reshape(b.yTgt, [B * L, 2]) as Tensor2D, b.tgt)
        return [t.total, t.nll, t.kl ?? tf.scalar(NaN), t.reg ?? tf.scalar(NaN)].map((x) => x.dataSync()[0])
      })
      disposeApBatch(b)
      disposeApModel(m)
      const [total, nll, kl, reg] = out
      if (loss === 'nll') {
        expect(Number.isNaN(kl) && Number.isNaN(reg)).toBe(true)
        expect(total).toBeCloseTo(nll, 6)
      } else {
        expect(kl).toBeGreaterThanOrEqual(0)
        expect(total).toBeCloseTo(nll + 0.5 * kl + 2 * reg, 5)
      }
    }
  })

  it('window plan covers every frame; cross-fade weights are triangular', () => {
    expect(windowPlan(8, 10, 5)).toEqual([{ start: 0, end: 8 }])
    expect(windowPlan(23, 10, 5)).toEqual([
      { start: 0, end: 10 },
      { start: 5, end: 15 },
      { start: 10, end: 20 },
      { start: 13, end: 23 }
    ])
    expect(Array.from({ length: 6 }, (_, p) => fadeWeight(p, 6))).toEqual([1, 2, 3, 3, 2, 1])
    expect(selectContext([5, 1, 4, 1, 9], [0, 1, 2, 3, 4], 2, 'lowest', Math.random)).toEqual([1, 3])
    expect(selectContext([5, 1, 4, 1, 9], [0, 1, 2, 3, 4], 2, 'highest', Math.random)).toEqual([0, 4])
    expect(selectContext([5, 1, 4, 1, 9], [0, 2], 3, 'lowest', Math.random)).toEqual([0, 2])
  })

  it('stitching mixes the windows’ Gaussians: σ² = mean σ² + spread of the means', () => {
    const acc = new StitchAccumulator(1, 1)
    acc.add(0, 1, [0, 1], [0.1, 0.2], [0.5, 0.5], true)
    acc.add(0, 3, [0.4, 1], [0.3, 0.2], [0.1, 0.1], false)
    const r = acc.finish()
    expect(r.mean[0]).toBeCloseTo(0.3, 6)
    expect(r.sigma[0] ** 2).toBeCloseTo((0.01 + 3 * 0.09) / 4 + (1 * 0.09 + 3 * 0.01) / 4, 6)
    expect(r.sigma[1]).toBeCloseTo(0.2, 6)
    expect(r.samples[0]).toBeCloseTo(0.2, 6)
    expect(r.context[0]).toBeCloseTo(0.5, 6)
  })

  it('whole-session inference equals the direct computation: lowest-σ context, z = μ_C, decode', async () => {
    const c = small({ window: 20, hop: 20, contextPoints: 4, samples: 2 })
    const m = createApModel(c, D)
    const s = session(14, 9, [3, 11])
    const r = await inferApSession(m, s)
    const valid = Array.from({ length: 14 }, (_, f) => f).filter((f) => f !== 3 && f !== 11)
    const [mu, sg, norms] = tf.tidy(() => {
      const x = tf.gather(tf.tensor2d(s.x, [14, D]), valid) as Tensor2D
      const rr = encodePoints(m, x, tf.gather(tf.tensor2d(s.yHat, [14, 2]), valid) as Tensor2D)
      const norms = Array.from(tf.sqrt(tf.sum(tf.square(latentDist(m, rr).sigma), 1)).dataSync())
      const ctx = valid.map((f, i) => [norms[i], i] as const).sort((a, b) => a[0] - b[0]).slice(0, 4).map((p) => p[1])
      const g = latentDist(m, tf.mean(tf.gather(rr, ctx), 0, true) as Tensor2D)
      const out = decode(m, x, tf.tile(g.mu, [valid.length, 1]) as Tensor2D)
      return [Array.from(out.mu.dataSync()), Array.from(out.sigma.dataSync()), norms]
    })
    disposeApModel(m)
    valid.forEach((f, i) => {
      expect(r.valence[f]).toBeCloseTo(mu[2 * i], 4)
      expect(r.arousal[f]).toBeCloseTo(mu[2 * i + 1], 4)
      expect(r.sigma[2 * f + 1]).toBeCloseTo(sg[2 * i + 1], 4)
      expect(r.pointSigma[f]).toBeCloseTo(norms[i], 4)
    })
    for (const f of [3, 11]) {
      expect(Number.isNaN(r.valence[f]) && Number.isNaN(r.sigma[2 * f]) && Number.isNaN(r.samples[4 * f]) && Number.isNaN(r.context[f])).toBe(true)
    }
    expect(valid.filter((f) => r.context[f] === 1).length).toBe(4)
    // Sampled functions: S = 2 draws that differ from the mean function and from each other, reproducibly.
    const f0 = valid[0]
    expect(r.sampleCount).toBe(2)
    expect(r.samples[4 * f0]).not.toBeCloseTo(r.valence[f0], 6)
    expect(r.samples[4 * f0]).not.toBeCloseTo(r.samples[4 * f0 + 2], 6)
  })

  it('leaks no tensor in a training step or in inference', async () => {
    const c = small({ loss: 'nll+reg+kl' })
    const m = createApModel(c, D)
    const s = [session(30, 1, [4]), session(11, 2)]
    const state = createApAdam()
    // The first step creates the Adam moments (kept on purpose); count from the second.
    let b = apBatchTensors(sampleApBatch(c, s, labelledIndex(s), D, mulberry32(2)), c.zDim)
    apTrainStep(m, state, b, 1e-3)
    disposeApBatch(b)
    const before = tf.memory().numTensors
    b = apBatchTensors(sampleApBatch(c, s, labelledIndex(s), D, mulberry32(3)), c.zDim)
    const l = apTrainStep(m, state, b, 1e-3)
    disposeApBatch(b)
    expect(Number.isFinite(l.total) && l.kl !== null && l.reg !== null).toBe(true)
    expect(tf.memory().numTensors).toBe(before)
    const r = await inferApSession(m, s[0])
    expect(r.windows).toBe(windowPlan(30, 10, 5).length)
    expect(tf.memory().numTensors).toBe(before)
    disposeApAdam(state)
    disposeApModel(m)
  })
})
