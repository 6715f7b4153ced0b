import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../backend'
import { getTf, type Tensor2D, type Tensor4D } from '../../tf'
import { trackerConfig } from './config'
import { createTrackerModel, disposeTrackerModel, parameterCounts } from './model'
import { disposeLstmState } from './nets'
import { TINY_TRACKER } from './tiny-config'

const TINY = TINY_TRACKER

describe('tracker networks', () => {
  beforeAll(async () => {
    await initBackend({ force: 'wasm' })
  })

  for (const kind of ['D', 'S', 'M'] as const) {
    it(`denoiser ${kind}: output image, logits and per-class DAEs have the documented shapes`, () => {
      const tf = getTf()
      const m = createTrackerModel(trackerConfig({ ...TINY, variant: 'dcrt', denoiser: { ...TINY.denoiser, kind } }))
      const x = tf.randomUniform([3, 32, 32, 3], -1, 1) as Tensor4D
      const out = m.nets.den.apply(m.params, x)
      expect(out.y.shape).toEqual([3, 32, 32, 3])
      expect(out.logits?.shape ?? null).toEqual(kind === 'D' ? null : [3, 3])
      expect(out.recon?.shape ?? null).toEqual(kind === 'M' ? [3, 32, 32, 3] : null)
      expect(out.daes.length).toBe(kind === 'D' ? 1 : 2)
      // class 0 passes the input through unchanged (eq.3.6)
      if (kind !== 'D') {
        const pass = m.nets.den.apply(m.params, x, new Int32Array([0, 0, 0]))
        expect(tf.max(tf.abs(tf.sub(pass.y, x))).dataSync()[0]).toBe(0)
      }
      // inference runs only the selected DAE and gives the same Ŷ as the full forward
      const inf = m.nets.den.infer(m.params, x)
      expect(tf.max(tf.abs(tf.sub(inf, out.y))).dataSync()[0]).toBeLessThan(1e-5)
      tf.dispose([x, inf, out.y, out.logits ?? x, out.recon ?? x, ...out.daes])
      disposeTrackerModel(m)
    })
  }

  it('estimator, box tracker (2-layer LSTM) and face validation give [N,136], [N,136] + state, [N,1]', () => {
    const tf = getTf()
    const m = createTrackerModel(trackerConfig({ ...TINY, variant: 'crt' }))
    expect(m.subnets).toEqual(['fle', 'bt', 'fv'])
    const x = tf.randomUniform([2, 32, 32, 3], -1, 1) as Tensor4D
    const pts = m.nets.fle.apply(m.params, x)
    expect(pts.shape).toEqual([2, 136])
    const s0 = m.nets.bt.lstm.zeroState(2)
    const { points, state } = m.nets.bt.step(m.params, x, x, s0)
    expect(points.shape).toEqual([2, 136])
    expect(state.h.length).toBe(2)
    expect(state.h[1].shape).toEqual([2, 8])
    const logit = m.nets.fv.apply(m.params, x, pts as Tensor2D)
    expect(logit.shape).toEqual([2, 1])
    const counts = parameterCounts(m)
    expect(counts.total).toBe(counts.fle + counts.bt + counts.fv)
    disposeLstmState(s0)
    disposeLstmState(state)
    tf.dispose([x, pts, points, logit])
    disposeTrackerModel(m)
  })

  it('leaks no tensor in a forward pass of every sub-network', () => {
    const tf = getTf()
    const m = createTrackerModel(trackerConfig({ ...TINY, variant: 'dcrt' }))
    const x = tf.randomUniform([1, 32, 32, 3], -1, 1) as Tensor4D
    const before = tf.memory().numTensors
    tf.tidy(() => {
      const d = m.nets.den.apply(m.params, x)
      const p = m.nets.fle.apply(m.params, d.y)
      const st = m.nets.bt.step(m.params, d.y, x, m.nets.bt.lstm.zeroState(1))
      m.nets.fv.apply(m.params, x, p)
      return st.points
    }).dispose()
    expect(tf.memory().numTensors).toBe(before)
    x.dispose()
    disposeTrackerModel(m)
  })

  it('compact preset: 128² input, five region heads, parameter counts', () => {
    const m = createTrackerModel(trackerConfig({ variant: 'dcrt' }))
    const counts = parameterCounts(m)
    console.log('compact dcrt parameter counts', counts)
    expect(m.config.inputSize).toBe(128)
    expect(Object.keys(m.params).filter((k) => k.startsWith('bt.head.') && k.endsWith('.w')).length).toBe(5)
    disposeTrackerModel(m)
  })
})
