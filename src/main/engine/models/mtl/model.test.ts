/**
 * The P003 multi-task model on wasm: config validation, the FGG kNN graph, eq.3 / eq.6-8 against a plain-JS
 * computation, batch norm's running statistics, and no tensor leaks in a (SAM-)SGD training step and in inference.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../backend'
import { getWeights } from '../../blocks/params'
import { getTf } from '../../tf'
import { createSgdState, disposeSgdState, sgdSamStep } from '../../train/mtl-sam'
import { disposeMtlBatch, mtlBatch, phaseLoss, phaseParams, type LossWeights, type MtlSet } from '../../train/mtl-trainer'
import { knnGraph } from './anfl'
import { AU_N, EXPR_N, mtlConfig, type MtlConfig } from './config'
import { inferMtl } from './infer'
import { createMtlModel, disposeMtlModel, EVAL, mtlForward } from './model'

const tf = getTf()
const F = 10

function small(o: Parameters<typeof mtlConfig>[0] = {}): MtlConfig {
  return mtlConfig({ nodeDim: 6, attentionDim: 5, batch: 8, epochs: 2, ...o })
}

function randomSet(frames: number, seed: number): MtlSet {
  let s = seed >>> 0
  const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1
  const features = Float32Array.from({ length: frames * F }, r)
  const au = Int8Array.from({ length: frames * AU_N }, (_, i) => (features[Math.floor(i / AU_N) * F + (i % F)] > 0 ? 1 : 0))
  const expr = Int8Array.from({ length: frames }, (_, f) => f % EXPR_N)
  const va = Float32Array.from({ length: frames * 2 }, (_, i) => Math.tanh(features[Math.floor(i / 2) * F + (i % 2)]))
  return { frames, features, valid: new Uint8Array(frames).fill(1), au, expr, va }
}

describe('mtl model', () => {
  beforeAll(async () => {
    await initBackend({ force: 'wasm' })
  })

  it('validates its config with messages that name the field', () => {
    expect(mtlConfig().optimiser).toMatchObject({ name: 'sgd-sam', lr: 1e-3 })
    expect(mtlConfig().batch).toBe(256)
    expect(() => mtlConfig({ neighbours: 13 })).toThrow(/neighbours must be an integer in 1..12/)
    expect(() => mtlConfig({ batch: 1 })).toThrow(/batch must be an integer ≥ 2/)
    expect(() => mtlConfig({ schedule: 'joint', joint: { au: 0, expr: 0, va: 0 } })).toThrow(/joint weights are all 0/)
    expect(() => mtlConfig({ optimiser: { name: 'adam' as 'sgd' } })).toThrow(/optimiser.name/)
  })

  it('FGG keeps each node’s k strongest dot-product edges (self included) and normalises by D^−½ A D^−½', () => {
    // Three nodes: 0 and 1 alike, 2 apart. k = 2.
    const v = tf.tensor3d([[[1, 0], [0.9, 0.1], [0, 1]]])
    const { adj, norm } = knnGraph(v, 2)
    expect(Array.from(adj.dataSync())).toEqual([1, 1, 0, 1, 1, 0, 0, 1, 1])
    // Row degrees all 2 → every kept edge 1/2.
    expect(Array.from(norm.dataSync()).map((x) => +x.toFixed(6))).toEqual([0.5, 0.5, 0, 0.5, 0.5, 0, 0, 0.5, 0.5])
    tf.dispose([v, adj, norm])
  })

  it('forward: AU probabilities by eq.3 in [0, 1], expression logits by eq.6-8, V/A in [−1, 1]', () => {
    const m = createMtlModel(small(), { feature: F })
    const set = randomSet(6, 3)
    const x = tf.tensor2d(set.features, [6, F])
    const out = mtlForward(m, x, EVAL)
    const p = out.auProb!.arraySync()
    for (const row of p) for (const q of row) expect(q >= 0 && q <= 1).toBe(true)
    // eq.6-8 by hand from the weights.
    const w = getWeights(m.params)
    const raw = out.expr!.raw.arraySync()
    const mat = (name: string) => {
      const t = w[name]
      return (i: number, j: number) => t.data[i * t.shape[1] + j]
    }
    const [wq, wk, wv] = [mat('ex.att.wq'), mat('ex.att.wk'), mat('ex.att.wv')]
    const A = 5
    const logits = out.expr!.logits.arraySync()
    for (let b = 0; b < 6; b++) {
      const hid = Array.from({ length: A }, (_, a) => Math.tanh(p[b].reduce((s, q, i) => s + q * wq(i, a), 0) + raw[b].reduce((s, y, i) => s + y * wk(i, a), 0)))
      const h = Array.from({ length: EXPR_N }, (_, k) => hid.reduce((s, z, a) => s + z * wv(a, k), 0))
      const mx = Math.max(...h)
      const e = h.map((z) => Math.exp(z - mx))
      const sum = e.reduce((s, z) => s + z, 0)
      for (let k = 0; k < EXPR_N; k++) expect(logits[b][k]).toBeCloseTo((e[k] / sum) * raw[b][k], 5)
    }
    for (const v of out.va!.dataSync()) expect(Math.abs(v)).toBeLessThanOrEqual(1)
    tf.dispose([x, out.auProb!, out.expr!.raw, out.expr!.logits, out.expr!.attention!, out.va!])
    // Without cross-attention the prediction is the raw FC output (Table 1, "w/o cross attention").
    const m2 = createMtlModel(small({ crossAttention: false }), { feature: F })
    expect(Object.keys(m2.params).some((k) => k.startsWith('ex.att'))).toBe(false)
    disposeMtlModel(m)
    disposeMtlModel(m2)
  })

  it('batch norm: training moves the running statistics, evaluation reads them', () => {
    const m = createMtlModel(small(), { feature: F })
    const set = randomSet(16, 5)
    const x = tf.tensor2d(set.features, [16, F])
    const before = Array.from(m.state['va.bn.mean'].dataSync())
    tf.tidy(() => {
      mtlForward(m, x, { tasks: ['va'], train: { va: true }, updateStats: false })
    })
    expect(Array.from(m.state['va.bn.mean'].dataSync())).toEqual(before)
    tf.tidy(() => {
      mtlForward(m, x, { tasks: ['va'], train: { va: true }, updateStats: true })
    })
    const z = tf.tidy(() => tf.add(tf.matMul(x, m.params['va.fc.w']), m.params['va.fc.b']))
    const batchMean = tf.mean(z, 0)
    expect(Array.from(m.state['va.bn.mean'].dataSync())).toEqual(Array.from(batchMean.dataSync()).map((b) => Math.fround(0.1 * b)))
    tf.dispose([x, z, batchMean])
    disposeMtlModel(m)
  })

  it('a SAM-SGD step trains only the phase’s part and leaks no tensor', () => {
    const c = small()
    const m = createMtlModel(c, { feature: F })
    const set = randomSet(8, 9)
    const lw: LossWeights = { au: tf.ones([AU_N]), expr: tf.ones([EXPR_N]) }
    const opt = createSgdState()
    const settings = { lr: 0.05, momentum: 0.9, weightDecay: 5e-4, rho: 0.05 }
    const rows = [0, 1, 2, 3, 4, 5, 6, 7]
    const step = (phase: 'au' | 'expr' | 'va' | 'joint') => {
      const b = mtlBatch(set, F, rows)
      try {
        return sgdSamStep(m.params, phaseParams(m, phase), (first) => phaseLoss(m, phase, b, lw, first), opt, settings)
      } finally {
        disposeMtlBatch(b)
      }
    }
    const auBefore = getWeights(m.params)['anfl.node.w'].data.slice()
    const exBefore = getWeights(m.params)['ex.fc.w'].data.slice()
    step('expr') // warms the momentum buffers of this phase
    const n0 = tf.memory().numTensors
    step('expr')
    expect(tf.memory().numTensors).toBe(n0)
    expect(getWeights(m.params)['anfl.node.w'].data).toEqual(auBefore) // AU branch frozen in the FER phase
    expect(getWeights(m.params)['ex.fc.w'].data).not.toEqual(exBefore)
    step('au')
    const n1 = tf.memory().numTensors
    step('au')
    step('va')
    step('joint')
    const n2 = tf.memory().numTensors
    step('joint')
    expect(tf.memory().numTensors).toBe(n2)
    expect(n2).toBeGreaterThanOrEqual(n1)
    disposeSgdState(opt)
    tf.dispose([lw.au, lw.expr])
    disposeMtlModel(m)
  })

  it('inference leaks no tensor, gives NaN for frames without a feature, and sums the kNN graphs', async () => {
    const m = createMtlModel(small(), { feature: F })
    const set = randomSet(300, 11)
    const valid = new Uint8Array(300).fill(1)
    valid[7] = 0
    const n0 = tf.memory().numTensors
    const r = await inferMtl(m, { frames: 300, features: set.features, valid }, { adjacency: true })
    expect(tf.memory().numTensors).toBe(n0)
    expect(Number.isNaN(r.valence[7])).toBe(true)
    expect(Number.isNaN(r.auProbs[7 * AU_N])).toBe(true)
    expect(r.exprProbs.subarray(0, EXPR_N).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5)
    expect(r.adjacency!.frames).toBe(299)
    // Each node keeps ≥ k = 4 neighbours per frame, itself among them.
    const sum = r.adjacency!.sum
    for (let i = 0; i < AU_N; i++) {
      let row = 0
      for (let j = 0; j < AU_N; j++) row += sum[i * AU_N + j]
      expect(row).toBeGreaterThanOrEqual(4 * 299)
    }
    disposeMtlModel(m)
  })
})
