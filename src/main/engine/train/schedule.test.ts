import { beforeAll, describe, expect, it } from 'vitest'
import { getTf } from '../tf'
import { cloneParams, emaUpdate, emaWeight, scheduledLr } from './schedule'
import { useBackend } from './use-backend'

describe('stage-1 lr schedule and weight averaging', () => {
  beforeAll(async () => {
    await useBackend('wasm')
  })

  it('keeps a constant lr, or anneals it by a half cosine to 0 at the end of the run', () => {
    expect(scheduledLr('constant', 1e-3, 500, 1000)).toBe(1e-3)
    expect(scheduledLr('cosine', 1e-3, 0, 1000)).toBeCloseTo(1e-3, 12)
    expect(scheduledLr('cosine', 1e-3, 250, 1000)).toBeCloseTo(1e-3 * (0.5 + Math.SQRT1_2 / 2), 12)
    expect(scheduledLr('cosine', 1e-3, 500, 1000)).toBeCloseTo(5e-4, 12)
    expect(scheduledLr('cosine', 1e-3, 1000, 1000)).toBeCloseTo(0, 12)
  })

  it('warms the averaging weight up from (1 + t)/(10 + t) to the decay', () => {
    expect(emaWeight(0.998, 1)).toBeCloseTo(2 / 11, 12)
    expect(emaWeight(0.998, 100)).toBeCloseTo(101 / 110, 12)
    expect(emaWeight(0.998, 10_000)).toBe(0.998)
  })

  it('averages every parameter exactly, replaces the old averages and leaks nothing', () => {
    const tf = getTf()
    const params = new Map([
      ['a', tf.tensor1d([1, 2])],
      ['b', tf.tensor1d([-4])]
    ])
    const avg = cloneParams(params)
    const before = tf.memory().numTensors
    const old = avg.get('a')!
    params.get('a')!.dispose()
    params.set('a', tf.tensor1d([3, 6]))
    emaUpdate(avg, params, 0.75)
    expect(old.isDisposed).toBe(true)
    expect(Array.from(avg.get('a')!.dataSync())).toEqual([1.5, 3])
    expect(Array.from(avg.get('b')!.dataSync())).toEqual([-4])
    expect(tf.memory().numTensors).toBe(before) // params.a swapped one for one; every replaced average disposed
    for (const t of [...params.values(), ...avg.values()]) t.dispose()
  })
})
