/**
 * Sequence models on wasm: configs and curriculum plans, shapes for every variant, SA-n built on S-n computes S-n's
 * function, whole-session inference equals the window forward (incl. the session start and missing frames), clear
 * errors for bad sessions, and no tensor leaks in forward, inference and a training step.
 */
import type { Tensor3D } from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../backend'
import { getWeights } from '../../blocks/params'
import { getTf } from '../../tf'
import { disposeStepBatch, sequenceTrainStep, stepBatchOf } from '../../train/sequence-trainer'
import { curriculumPlan, sequenceConfig, SEQUENCE_VARIANTS, type SequenceConfig, type SequenceVariant } from './config'
import { inferSession } from './infer'
import { createSequenceModel, disposeSequenceModel, loadWeightsInto, sequenceForward, type LatentDims } from './model'
import { checkSession, gatherWindows, type LabelledSession, type WindowRef } from './windows'

const tf = getTf()
const DIMS: LatentDims = { image: 6, audio: 5 }

function small(variant: SequenceVariant, o: Partial<SequenceConfig> = {}): SequenceConfig {
  return sequenceConfig(variant, { hidden: 8, attentionDim: 4, gmuDim: 7, curriculum: [2, 4], batch: 4, quadrantHead: true, ...o })
}

function session(frames: number, seed: number, missing: number[] = []): LabelledSession {
  let s = seed >>> 0
  const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1
  const valid = new Uint8Array(frames).fill(1)
  for (const f of missing) valid[f] = 0
  return {
    id: `s${seed}`,
    frames,
    image: Float32Array.from({ length: frames * 6 }, r),
    audio: Float32Array.from({ length: frames * 5 }, r),
    valid,
    valence: Float32Array.from({ length: frames }, r),
    arousal: Float32Array.from({ length: frames }, r)
  }
}

const windowTensors = (c: SequenceConfig, s: LabelledSession, refs: WindowRef[], n: number) => {
  const g = gatherWindows(c, DIMS, [s], refs, n)
  return {
    mask: tf.tensor2d(g.mask, [refs.length, n]),
    ...(g.image ? { image: tf.tensor3d(g.image, [refs.length, n, 6]) as Tensor3D } : {}),
    ...(g.audio ? { audio: tf.tensor3d(g.audio, [refs.length, n, 5]) as Tensor3D } : {})
  }
}

describe('sequence models', () => {
  beforeAll(async () => {
    await initBackend({ force: 'wasm' })
  })

  it('configs: presets, curricula and plans (SA-n from S-n; ch.7 chains with attention); clear validation errors', () => {
    expect(sequenceConfig('anclaf-sa').curriculum).toEqual([2, 4, 8, 16, 32])
    expect(sequenceConfig('avi-gas').curriculum).toEqual([2, 4, 8])
    expect(sequenceConfig('avi-gas').hidden).toBe(512)
    const sa = curriculumPlan(sequenceConfig('anclaf-sa', { curriculum: [2, 4] }))
    expect(sa.map((p) => `${p.name}<${p.initFrom ?? ''}`)).toEqual(['S-2<', 'S-4<S-2', 'SA-2<S-2', 'SA-4<S-4'])
    expect(sa.map((p) => p.attention)).toEqual([false, false, true, true])
    expect(curriculumPlan(sequenceConfig('avi-gas')).map((p) => `${p.name}<${p.initFrom ?? ''}`)).toEqual(['AVi-GaS-2<', 'AVi-GaS-4<AVi-GaS-2', 'AVi-GaS-8<AVi-GaS-4'])
    expect(curriculumPlan(sequenceConfig('anclaf-s')).every((p) => !p.attention)).toBe(true)
    expect(() => sequenceConfig('avi-gas', { fusion: 'none' })).toThrow(/two modalities/)
    expect(() => sequenceConfig('vi-des', { curriculum: [4, 2] })).toThrow(/must increase/)
    expect(() => sequenceConfig('vi-des', { curriculum: [1, 2] })).toThrow(/≥ 2/)
    expect(() => sequenceConfig('vi-des', { batch: 1 })).toThrow(/batch/)
  })

  it('every variant: window forward shapes (V/A in [−1, 1], attention over n − 1 states, gate for the GMU)', () => {
    for (const v of SEQUENCE_VARIANTS) {
      const c = small(v)
      const m = createSequenceModel(c, DIMS, { attention: c.attention !== 'none' })
      tf.tidy(() => {
        const s = session(10, 3, [4])
        const f = sequenceForward(m, windowTensors(c, s, [0, 5, 9].map((end) => ({ session: 0, end })), 4))
        expect(f.va.shape).toEqual([3, 2])
        expect(Array.from(f.va.dataSync()).every((x) => Math.abs(x) <= 1)).toBe(true)
        expect(f.quadrantLogits!.shape).toEqual([3, 4])
        expect(f.attention?.shape ?? null).toEqual(c.attention === 'none' ? null : [3, 3])
        expect(f.gate?.shape ?? null).toEqual(v === 'avi-gas' ? [3, 7] : null)
      })
      disposeSequenceModel(m)
    }
  })

  it('SA-n built on S-n starts as exactly S-n (zero context weights), then differs once W_c ≠ 0', () => {
    const c = small('anclaf-sa')
    const s = createSequenceModel(c, DIMS, { attention: false, seed: 3 })
    const sa = createSequenceModel(c, DIMS, { attention: true, seed: 9 })
    loadWeightsInto(sa, getWeights(s.params), { zeroContext: true })
    tf.tidy(() => {
      const w = windowTensors(c, session(12, 4, [2]), [3, 7, 11].map((end) => ({ session: 0, end })), 4)
      const a = Array.from(sequenceForward(s, w).va.dataSync())
      expect(Array.from(sequenceForward(sa, w).va.dataSync())).toEqual(a)
      sa.params['lstm.wc'].assign(tf.fill(sa.params['lstm.wc'].shape, 0.3))
      expect(Array.from(sequenceForward(sa, w).va.dataSync())).not.toEqual(a)
    })
    disposeSequenceModel(s)
    disposeSequenceModel(sa)
  })

  it('whole-session inference equals the window forward per frame, session start and missing frames included', async () => {
    const c = small('avi-gas')
    const m = createSequenceModel(c, DIMS, { attention: true })
    const s = session(9, 5, [3])
    const r = await inferSession(m, 4, s, { batch: 4 })
    expect(r.lags).toBe(3)
    expect(Number.isNaN(r.valence[3]) && Number.isNaN(r.gateMean![3])).toBe(true)
    const ends = [0, 1, 2, 4, 5, 8]
    tf.tidy(() => {
      const f = sequenceForward(m, windowTensors(c, s, ends.map((end) => ({ session: 0, end })), 4))
      const va = f.va.dataSync()
      const att = f.attention!.arraySync() as number[][]
      const gate = f.gate!.arraySync() as number[][]
      ends.forEach((fr, i) => {
        expect(r.valence[fr]).toBeCloseTo(va[2 * i] * c.labelRange, 5)
        expect(r.arousal[fr]).toBeCloseTo(va[2 * i + 1] * c.labelRange, 5)
        att[i].forEach((w, j) => {
          const prev = fr - 3 + j
          if (prev < 0) expect(r.attention![fr * 3 + j]).toBeNaN()
          else expect(r.attention![fr * 3 + j]).toBeCloseTo(w, 5)
        })
        expect(r.gateMean![fr]).toBeCloseTo(gate[i].reduce((a, b) => a + b, 0) / gate[i].length, 5)
      })
    })
    // Frame 4's window covers frames 1-3: missing frame 3 has weight exactly 0.
    expect(r.attention![4 * 3 + 2]).toBe(0)
    expect(r.gateUnitMean!.length).toBe(7)
    expect(r.quadrantProbs![0] + r.quadrantProbs![1] + r.quadrantProbs![2] + r.quadrantProbs![3]).toBeCloseTo(1, 5)
    disposeSequenceModel(m)
  })

  it('bad sessions get clear errors: no audio, audio shorter than video, labels of the wrong length, NaN on a valid frame', () => {
    const c = small('avi-cas')
    const s = session(6, 6)
    expect(() => checkSession(c, DIMS, { ...s, audio: undefined })).toThrow(expect.objectContaining({ code: 'MEDIA_NO_AUDIO' }))
    expect(() => checkSession(c, DIMS, { ...s, audio: s.audio!.subarray(0, 4 * 5) })).toThrow(/audio shorter than video/)
    expect(() => checkSession(c, DIMS, { ...s, valence: new Float32Array(5) })).toThrow(expect.objectContaining({ code: 'LENGTH_MISMATCH' }))
    const bad = Float32Array.from(s.image!)
    bad[7] = NaN
    expect(() => checkSession(c, DIMS, { ...s, image: bad })).toThrow(/frame 1 is not finite/)
    expect(() => checkSession(c, DIMS, { ...s, image: bad, valid: Uint8Array.from([1, 0, 1, 1, 1, 1]) })).not.toThrow()
    expect(() => createSequenceModel(c, { image: 6 }, { attention: true })).toThrow(expect.objectContaining({ code: 'MEDIA_NO_AUDIO' }))
  })

  it('no tensor leaks in forward, inference and a training step (GMU + attention + quadrant head)', async () => {
    const c = small('avi-gas')
    const m = createSequenceModel(c, DIMS, { attention: true })
    const opt = tf.train.adam(1e-3)
    const s = session(12, 7, [5])
    const refs = [2, 6, 8, 11].map((end) => ({ session: 0, end }))
    const b = stepBatchOf(c, DIMS, [s], refs, 4, Float32Array.from([1, 2, 1, 1]), [0, 1, 2, 3])
    sequenceTrainStep(m, opt, b) // creates Adam's slots
    const before = tf.memory().numTensors
    tf.tidy(() => {
      sequenceForward(m, b.win)
    })
    await inferSession(m, 4, s)
    const w0 = m.params['lstm.wc'].dataSync()[0]
    const loss = sequenceTrainStep(m, opt, b)
    expect(Number.isFinite(loss)).toBe(true)
    expect(m.params['lstm.wc'].dataSync()[0]).not.toBe(w0)
    expect(tf.memory().numTensors).toBe(before)
    disposeStepBatch(b)
    opt.dispose()
    disposeSequenceModel(m)
  })
})
