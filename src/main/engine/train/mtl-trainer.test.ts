/**
 * The multi-task trainer on a small learnable problem (labels are functions of the features): the separate schedule
 * learns all three tasks and selects each on validation, the joint schedule trains through missing labels, and bad
 * input is refused before any training.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../backend'
import { AU_N, EXPR_N, mtlConfig } from '../models/mtl/config'
import { createMtlModel, disposeMtlModel } from '../models/mtl/model'
import { evaluateMtl, trainMtl, type MtlSet } from './mtl-trainer'

const F = 12

function world(frames: number, seed: number, missing = 0): MtlSet {
  let s = seed >>> 0
  const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1
  const features = Float32Array.from({ length: frames * F }, r)
  const x = (f: number, j: number) => features[f * F + j]
  const au = Int8Array.from({ length: frames * AU_N }, (_, i) => (x(Math.floor(i / AU_N), i % AU_N) > 0.2 ? 1 : 0))
  // Expression: the strongest of the first 8 features.
  const expr = Int8Array.from({ length: frames }, (_, f) => {
    let best = 0
    for (let k = 1; k < EXPR_N; k++) if (x(f, k) > x(f, best)) best = k
    return best
  })
  const va = Float32Array.from({ length: frames * 2 }, (_, i) => Math.tanh(1.5 * x(Math.floor(i / 2), i % 2) - 0.5 * x(Math.floor(i / 2), 2 + (i % 2))))
  if (missing > 0) {
    for (let f = 0; f < frames; f++) {
      if ((f * 7) % 10 < missing * 10) au.fill(-1, f * AU_N, (f + 1) * AU_N)
      if ((f * 3) % 10 < missing * 10) expr[f] = -1
      if ((f * 9) % 10 < missing * 10) va.fill(NaN, 2 * f, 2 * f + 2)
    }
  }
  return { frames, features, valid: new Uint8Array(frames).fill(1), au, expr, va }
}

describe('mtl trainer', () => {
  beforeAll(async () => {
    await initBackend({ force: 'wasm' })
  })

  it('separate schedule (the paper): AU, then FER on the frozen AU branch, then V/A — each learns and is selected on validation', async () => {
    // lr 1: the cross-attention's a ⊙ ỹ shrinks the FER logits ≈ 8× at the start (a sums to 1), so SGD needs a large step.
    const c = mtlConfig({ nodeDim: 8, attentionDim: 8, batch: 32, epochs: 12, optimiser: { lr: 1 } })
    const train = world(320, 1)
    const val = world(160, 2)
    const m0 = createMtlModel(c, { feature: F })
    const before = await evaluateMtl(m0, val)
    disposeMtlModel(m0)
    const epochs: string[] = []
    const r = await trainMtl({ config: c, train, val, onEpoch: (p, l) => epochs.push(`${p}${l.epoch}`) })
    expect(r.phases.map((p) => p.phase)).toEqual(['au', 'expr', 'va'])
    expect(r.phases.map((p) => p.selectedBy)).toEqual(['p_au', 'p_ex', 'p_va'])
    expect(epochs.length).toBe(36)
    for (const p of r.phases) {
      const sel = p.epochs[p.bestEpoch - 1].val[p.selectedBy] as number
      expect(sel).toBe(Math.max(...p.epochs.map((e) => e.val[p.selectedBy] as number)))
    }
    expect(r.val.p_au).toBeGreaterThan(before.p_au + 0.15)
    expect(r.val.p_ex).toBeGreaterThan(Math.max(0.3, before.p_ex + 0.15))
    expect(r.val.p_va).toBeGreaterThan(0.6)
    expect(r.val.p_mtl).toBeCloseTo(r.val.p_au + r.val.p_ex + r.val.p_va, 10)
    expect(r.lossWeights.au.length).toBe(12)
  }, 60_000)

  it('joint schedule trains through missing labels (masked), selected on P_MTL', async () => {
    const c = mtlConfig({ nodeDim: 8, attentionDim: 8, batch: 32, epochs: 8, schedule: 'joint', optimiser: { lr: 0.2 } })
    const train = world(320, 3, 0.3)
    const r = await trainMtl({ config: c, train, val: world(160, 4, 0.3) })
    expect(r.phases.map((p) => [p.phase, p.selectedBy])).toEqual([['joint', 'p_mtl']])
    const unlabelled = Array.from({ length: 320 }, (_, f) => f).filter((f) => train.au[f * AU_N] === -1 && train.expr[f] === -1 && Number.isNaN(train.va[2 * f])).length
    expect(unlabelled).toBeGreaterThan(0)
    expect(r.phases[0].frames).toBe(320 - unlabelled) // frames without any label are left out
    expect(r.val.n_au).toBeLessThan(160)
    expect(r.val.p_mtl).toBeGreaterThan(1)
  }, 60_000)

  it('refuses a task without labelled frames before training, and stops on cancel', async () => {
    const c = mtlConfig({ nodeDim: 4, attentionDim: 4, batch: 8, epochs: 2 })
    const noExpr = { ...world(40, 5), expr: new Int8Array(40).fill(-1) }
    await expect(trainMtl({ config: c, train: noExpr, val: world(20, 6) })).rejects.toThrow(/0 training frame\(s\) carry the EXPR label/)
    const ac = new AbortController()
    ac.abort()
    await expect(trainMtl({ config: c, train: world(40, 5), val: world(20, 6), signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' })
  })
})
