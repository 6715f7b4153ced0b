import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../backend'
import { getTf, type Tensor2D, type Tensor4D } from '../tf'
import { mulberry32 } from '../../../core/folds/seeded-random'
import { trackerConfig, type DenoiserKind, type TrackerOverrides } from '../models/tracker/config'
import { createTrackerModel, disposeTrackerModel, paramsOf } from '../models/tracker/model'
import { TINY_TRACKER } from '../models/tracker/tiny-config'
import { denoiserMetrics } from './tracker-denoise-metrics'
import { createVarAdam, decayedLr, disposeVarAdam } from './tracker-optim'
import { faceFrames, stillBatch } from './tracker-samples'
import { balancedKinds, denoiserStep, estimatorStep, fvStep, jointLambdas, jointStep, trackerStep } from './tracker-steps'
import { trackerWorld } from './tracker-test-world'

const TINY: TrackerOverrides = { ...TINY_TRACKER, denoiser: { channels: [8, 16] } }

describe('tracker training steps', () => {
  const world = trackerWorld(2, 4, 9)
  beforeAll(async () => {
    await initBackend({ force: 'wasm' })
  })

  /** Runs `step` twice (the first creates the Adam state) and checks that the second leaks nothing. */
  function noLeak(step: () => Record<string, number>): Record<string, number> {
    const tf = getTf()
    step()
    const before = tf.memory().numTensors
    const r = step()
    expect(tf.memory().numTensors).toBe(before)
    expect(Number.isFinite(r.loss)).toBe(true)
    return r
  }

  for (const kind of ['D', 'S', 'M'] as const satisfies readonly DenoiserKind[]) {
    it(`denoiser ${kind} and joint DFA steps leak no tensor and report their loss terms`, () => {
      const tf = getTf()
      const m = createTrackerModel(trackerConfig({ ...TINY, variant: 'dcrt', denoiser: { ...TINY.denoiser, kind, degradeProbability: 1 } }))
      const b = stillBatch(m.config, world, faceFrames(world).slice(0, 4), mulberry32(1))
      const x = tf.tensor4d(b.images, [4, 32, 32, 3]) as Tensor4D
      const y = tf.tensor2d(b.points, [4, 136]) as Tensor2D
      const adam = createVarAdam()
      const r = noLeak(() => denoiserStep(m, paramsOf(m, ['den']), adam, 1e-3, x, 3))
      expect(Object.keys(r).sort()).toEqual(kind === 'D' ? ['dae', 'loss'] : kind === 'S' ? ['cls', 'loss', 'sda'] : ['cls', 'loss', 'rec', 'sda'])
      const j = noLeak(() => jointStep(m, paramsOf(m, ['den', 'fle']), adam, 1e-3, x, y, 4, 0))
      expect(j.fle).toBeGreaterThan(0)
      disposeVarAdam(adam)
      tf.dispose([x, y])
      disposeTrackerModel(m)
    })
  }

  it('estimator, FV and BT steps leak no tensor', () => {
    const tf = getTf()
    const m = createTrackerModel(trackerConfig({ ...TINY, variant: 'crt' }))
    const x = tf.randomUniform([2, 32, 32, 3], -1, 1) as Tensor4D
    const y = tf.randomUniform([2, 136], -0.5, 0.5) as Tensor2D
    const lab = tf.tensor2d([1, 0], [2, 1]) as Tensor2D
    const adam = createVarAdam()
    noLeak(() => estimatorStep(m, paramsOf(m, ['fle']), adam, 1e-3, x, y))
    noLeak(() => fvStep(m, paramsOf(m, ['fv']), adam, 1e-3, x, y, lab))
    const r = noLeak(() => trackerStep(m, paramsOf(m, ['bt']), adam, 1e-3, [x, x, x], [x, x, x], [y, y, y]))
    expect(r.l1).toBeGreaterThan(0)
    disposeVarAdam(adam)
    tf.dispose([x, y, lab])
    disposeTrackerModel(m)
  })

  it('the direct DAE learns: after 60 steps its output is closer to the clean crop than the degraded input', () => {
    const m = createTrackerModel(trackerConfig({ ...TINY, variant: 'dcrt', denoiser: { ...TINY.denoiser, kind: 'D', classes: [['intensity']], degradeProbability: 1 } }))
    const tf = getTf()
    const refs = faceFrames(world)
    const before = denoiserMetrics(m, world, refs, 11)
    const adam = createVarAdam()
    const vars = paramsOf(m, ['den'])
    const rng = mulberry32(2)
    for (let i = 0; i < 60; i++) {
      const b = stillBatch(m.config, world, refs.slice((i * 3) % 6, ((i * 3) % 6) + 3), rng)
      const x = tf.tensor4d(b.images, [b.count, 32, 32, 3]) as Tensor4D
      denoiserStep(m, vars, adam, 3e-3, x, i)
      x.dispose()
    }
    const after = denoiserMetrics(m, world, refs, 11)
    expect(after.denoiseMse).toBeLessThan(0.5 * after.degradedMse)
    expect(after.denoiseMse).toBeLessThan(before.denoiseMse)
    disposeVarAdam(adam)
    disposeTrackerModel(m)
  })

  it('draws every noise class equally often whatever its number of kinds', () => {
    expect(balancedKinds([['gaussian-blur', 'motion-blur'], ['intensity']])).toEqual(['gaussian-blur', 'motion-blur', 'intensity', 'intensity'])
    expect(balancedKinds([['downsample'], ['gaussian-blur'], ['gaussian-noise'], ['intensity']])).toEqual(['downsample', 'gaussian-blur', 'gaussian-noise', 'intensity'])
  })

  it('λ schedule of the joint loss and the step lr decay', () => {
    expect([0, 1, 2, 3, 4].map((e) => jointLambdas(e).l1.toFixed(2))).toEqual(['0.25', '0.35', '0.45', '0.50', '0.50'])
    expect([0, 1, 2, 3].map((e) => jointLambdas(e).l2.toFixed(2))).toEqual(['0.75', '0.65', '0.55', '0.50'])
    expect(decayedLr(1e-3, 999, 1000, 0.5)).toBe(1e-3)
    expect(decayedLr(1e-3, 2000, 1000, 0.5)).toBeCloseTo(2.5e-4, 12)
  })
})
