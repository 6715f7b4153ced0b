import { beforeAll, describe, expect, it } from 'vitest'
import type { Tensor, Tensor4D } from '../../tf'
import { getTf } from '../../tf'
import { conv2d, conv2dTranspose } from './layers'

const tf = getTf()

function maxAbsDiff(a: Tensor, b: Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0])
}

describe('ANCLaF layers: custom conv gradients (wasm has no Conv2DBackpropFilter)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
  })

  for (const [k, s, pad] of [
    [4, 2, 'same'],
    [3, 1, 'same'],
    [3, 1, 'valid'],
    [4, 2, 1]
  ] as const) {
    it(`conv2d k${k}/s${s}/${pad} matches tfjs' own gradients`, () => {
      const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 1) as Tensor4D
      const w = tf.randomNormal([k, k, 3, 5], 0, 1, 'float32', 2) as Tensor4D
      const ours = tf.grads((a: Tensor, b: Tensor) => tf.sum(tf.square(conv2d(a as Tensor4D, b as Tensor4D, s, pad))))([x, w])
      const ref = tf.grads((a: Tensor, b: Tensor) => {
        const p = typeof pad === 'number' ? tf.pad(a as Tensor4D, [[0, 0], [pad, pad], [pad, pad], [0, 0]]) : (a as Tensor4D)
        return tf.sum(tf.square(tf.conv2d(p as Tensor4D, b as Tensor4D, s, typeof pad === 'number' ? 'valid' : pad)))
      })([x, w])
      expect(maxAbsDiff(ours[0], ref[0])).toBeLessThan(1e-3)
      expect(maxAbsDiff(ours[1], ref[1]) / tf.max(tf.abs(ref[1])).dataSync()[0]).toBeLessThan(1e-4)
      tf.dispose([x, w, ...ours, ...ref])
    })
  }

  it('conv2dTranspose matches tfjs gradients', () => {
    const x = tf.randomNormal([2, 4, 4, 5], 0, 1, 'float32', 3) as Tensor4D
    const w = tf.randomNormal([4, 4, 3, 5], 0, 1, 'float32', 4) as Tensor4D
    const ours = tf.grads((a: Tensor, b: Tensor) => tf.sum(tf.square(conv2dTranspose(a as Tensor4D, b as Tensor4D, 2))))([x, w])
    const ref = tf.grads((a: Tensor, b: Tensor) => tf.sum(tf.square(tf.conv2dTranspose(a as Tensor4D, b as Tensor4D, [2, 8, 8, 3], 2, 'same'))))([x, w])
    expect(maxAbsDiff(ours[0], ref[0])).toBeLessThan(1e-3)
    expect(maxAbsDiff(ours[1], ref[1]) / tf.max(tf.abs(ref[1])).dataSync()[0]).toBeLessThan(1e-4)
    tf.dispose([x, w, ...ours, ...ref])
  })
})
