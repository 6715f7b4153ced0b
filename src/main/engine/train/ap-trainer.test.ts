/**
 * The AP trainer on a toy world built so that temporal context matters and degradation is visible: per frame
 * v = 0.5·x₀ + b_s, a = 0.5·x₁ − b_s with a per-session offset b_s that no single frame's features reveal; the
 * backbone's predictions are the labels plus heavy per-frame noise; on "degraded" frames (flag x₃ = 1) x₀, x₁ are
 * replaced by noise. A per-frame model cannot know b_s; the AP can read it from its context (backbone predictions)
 * — so after a short training it must beat the backbone on held-out sessions, and its σ must be larger on the
 * degraded frames. Plus: batches, the cosine schedule, the PyTorch-style Adam step, selection on validation.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { mulberry32 } from '../../../core/random/mulberry32'
import { initBackend } from '../backend'
import { apConfig } from '../models/ap/config'
import { inferApSession } from '../models/ap/infer'
import type { LabelledApSession } from '../models/ap/session'
import { getTf } from '../tf'
import { createParam } from '../blocks/params'
import { labelledIndex, sampleApBatch } from './ap-batches'
import { apAdamStep, cosineLr, createApAdam, disposeApAdam } from './ap-optimiser'
import { trainAp } from './ap-trainer'
import { apModelFromCheckpoint } from './ap-checkpoint'

const D = 4

function toySession(id: number, frames = 80): LabelledApSession & { degraded: Uint8Array } {
  const r = mulberry32(1000 + id)
  const u = () => r() * 2 - 1
  const b = 0.5 * u()
  const x = new Float32Array(frames * D)
  const yHat = new Float32Array(frames * 2)
  const valence = new Float32Array(frames)
  const arousal = new Float32Array(frames)
  const degraded = new Uint8Array(frames)
  for (let f = 0; f < frames; f++) {
    const x0 = u()
    const x1 = u()
    valence[f] = 0.5 * x0 + b
    arousal[f] = 0.5 * x1 - b
    const deg = (f % 20) >= 14 ? 1 : 0
    degraded[f] = deg
    x.set(deg ? [u(), u(), u(), 1] : [x0, x1, u(), 0], f * D)
    yHat[2 * f] = valence[f] + 0.45 * u() * 1.7
    yHat[2 * f + 1] = arousal[f] + 0.45 * u() * 1.7
  }
  return { id: `toy${id}`, frames, x, yHat, valence, arousal, degraded }
}

const tf = getTf()

describe('AP trainer', () => {
  beforeAll(async () => {
    await initBackend({ force: 'wasm' })
  })

  it('samples batches of one length in [seqMin, seqMax] with targets = labelled frames and 3…|T| context points', () => {
    const c = apConfig({ batch: 6, seqMin: 5, seqMax: 9, zDim: 3, pseudoLabelP: 0.5 })
    const s = toySession(1, 40)
    const unl = { ...s, id: 'u', valence: s.valence.map((v, f) => (f < 30 ? NaN : v)) }
    const g = sampleApBatch(c, [s, unl], labelledIndex([s, unl]), D, mulberry32(4))
    expect(g.L).toBeGreaterThanOrEqual(5)
    expect(g.L).toBeLessThanOrEqual(9)
    for (let b = 0; b < g.B; b++) {
      const tgt = Array.from(g.tgt.subarray(b * g.L, (b + 1) * g.L))
      const ctx = Array.from(g.ctx.subarray(b * g.L, (b + 1) * g.L))
      const nT = tgt.reduce((a, v) => a + v, 0)
      const nC = ctx.reduce((a, v) => a + v, 0)
      expect(nT).toBeGreaterThan(0)
      expect(nC).toBeGreaterThanOrEqual(Math.min(3, nT))
      ctx.forEach((v, p) => v && expect(tgt[p]).toBe(1))
    }
    expect(new Set(g.pseudo).size).toBe(2) // both label sources occur
  })

  it('cosine lr runs from lr to 0; the Adam step matches PyTorch’s with weight decay', () => {
    expect(cosineLr(0.1, 0, 100)).toBeCloseTo(0.1, 9)
    expect(cosineLr(0.1, 50, 100)).toBeCloseTo(0.05, 9)
    expect(cosineLr(0.1, 100, 100)).toBeCloseTo(0, 9)
    const p = createParam(1, 'p', [2], { kind: 'zeros' })
    p.assign(tf.tensor1d([1, -2]))
    const st = createApAdam()
    const o = { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.5 }
    const g = tf.tensor1d([0.2, 0.3])
    apAdamStep({ p }, { p: g }, st, o, 0.1)
    apAdamStep({ p }, { p: g }, st, o, 0.1)
    // Reference (torch.optim.Adam semantics), two steps by hand.
    const ref = [1, -2].map((th0, i) => {
      let th = th0
      let m = 0
      let v = 0
      for (let t = 1; t <= 2; t++) {
        const gg = [0.2, 0.3][i] + 0.5 * th
        m = 0.9 * m + 0.1 * gg
        v = 0.999 * v + 0.001 * gg * gg
        th -= (0.1 / (1 - 0.9 ** t)) * (m / (Math.sqrt(v) / Math.sqrt(1 - 0.999 ** t) + 1e-8))
      }
      return th
    })
    const got = Array.from(p.dataSync())
    expect(got[0]).toBeCloseTo(ref[0], 5)
    expect(got[1]).toBeCloseTo(ref[1], 5)
    disposeApAdam(st)
    tf.dispose([p, g])
  })

  it('refuses bad inputs with the reason and stops on cancel', async () => {
    const c = apConfig({ hidden: 8, rDim: 4, zDim: 4, batch: 2, seqMin: 5, seqMax: 8, epochs: 1, itersPerEpoch: 50, window: 10, hop: 5, contextPoints: 4 })
    const s = toySession(1, 30)
    await expect(trainAp({ config: c, train: [s], val: [] })).rejects.toThrow(/no validation sessions/)
    await expect(trainAp({ config: c, train: [{ ...s, yHat: s.yHat.subarray(0, 20) }], val: [s] })).rejects.toMatchObject({ code: 'LENGTH_MISMATCH' })
    const x = Float32Array.from(s.x)
    x[5 * D] = NaN
    await expect(trainAp({ config: c, train: [{ ...s, x }], val: [s] })).rejects.toThrow(/feature of frame 5 is not finite but the frame is marked valid/)
    const unlabelled = { ...s, valence: s.valence.map(() => NaN) }
    await expect(trainAp({ config: c, train: [unlabelled], val: [s] })).rejects.toThrow(/no labelled frame/)
    const ac = new AbortController()
    const before = tf.memory().numTensors
    await expect(trainAp({ config: c, train: [s], val: [s], signal: ac.signal, onProgress: (p) => p.done === 3 && ac.abort() })).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(tf.memory().numTensors).toBe(before)
  })

  it('learns the session offset from its context: beats the backbone on held-out sessions; σ higher on degraded frames', async () => {
    const c = apConfig({ hidden: 32, rDim: 16, zDim: 8, batch: 8, seqMin: 30, seqMax: 40, window: 40, hop: 20, contextPoints: 20, epochs: 3, itersPerEpoch: 70, optimiser: { lr: 1e-2 }, samples: 4 })
    const train = Array.from({ length: 12 }, (_, i) => toySession(i))
    const val = [toySession(50), toySession(51)]
    const test = [toySession(60), toySession(61), toySession(62)]
    const bestCalls: number[] = []
    const r = await trainAp({ config: c, train, val, onBest: (e) => bestCalls.push(e) })
    expect(r.epochs.map((e) => e.epoch)).toEqual([1, 2, 3])
    expect(bestCalls.at(-1)).toBe(r.bestEpoch)
    expect(r.bestVal.ccc_mean).toBe(Math.max(...r.epochs.map((e) => e.val.ccc_mean)))
    const m = apModelFromCheckpoint({ kind: 'ap', config: c, featureDim: D, epoch: r.bestEpoch, provenance: {} }, r.weights)
    const pv: number[] = []
    const gv: number[] = []
    const bv: number[] = []
    const sigClean: number[] = []
    const sigDeg: number[] = []
    for (const s of test) {
      const inf = await inferApSession(m, s)
      for (let f = 0; f < s.frames; f++) {
        pv.push(inf.valence[f], inf.arousal[f])
        bv.push(s.yHat[2 * f], s.yHat[2 * f + 1])
        gv.push(s.valence[f], s.arousal[f])
        ;(s.degraded[f] ? sigDeg : sigClean).push((inf.sigma[2 * f] + inf.sigma[2 * f + 1]) / 2)
      }
    }
    const { ccc } = await import('../../../core/metrics')
    const apCcc = ccc(Float64Array.from(pv), Float64Array.from(gv))
    const bbCcc = ccc(Float64Array.from(bv), Float64Array.from(gv))
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length
    expect(apCcc).toBeGreaterThan(bbCcc + 0.05)
    expect(mean(sigDeg)).toBeGreaterThan(1.3 * mean(sigClean))
    const { disposeApModel } = await import('../models/ap/model')
    disposeApModel(m)
  }, 30_000)
})
