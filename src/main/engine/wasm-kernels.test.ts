import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from './backend'
import { getTf } from './tf'
import { copySlice } from './wasm-kernels'

/** Element-by-element slice of a row-major array (the definition, no runs). */
function naiveSlice(x: ArrayLike<number>, shape: number[], begin: number[], size: number[]): number[] {
  const out: number[] = []
  const total = size.reduce((a, b) => a * b, 1)
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1))
  for (let k = 0; k < total; k++) {
    let rem = k
    let off = 0
    for (let d = shape.length - 1; d >= 0; d--) {
      const i = rem % size[d]
      rem = Math.floor(rem / size[d])
      off += (begin[d] + i) * strides[d]
    }
    out.push(x[off])
  }
  return out
}

function lcg(seed: number): () => number {
  let s = seed
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32
}

describe('copySlice', () => {
  it('equals the element-by-element definition for random shapes, ranks 1-6 and every begin/size kind', () => {
    const rnd = lcg(3)
    for (let c = 0; c < 400; c++) {
      const rank = 1 + Math.floor(rnd() * 6)
      const shape = Array.from({ length: rank }, () => 1 + Math.floor(rnd() * 5))
      const begin = shape.map((n) => Math.floor(rnd() * n))
      const size = shape.map((n, d) => (rnd() < 0.4 ? n - begin[d] : Math.floor(rnd() * (n - begin[d] + 1))))
      if (rnd() < 0.3) begin.fill(0, 0, rank).forEach((_, d) => (size[d] = rnd() < 0.5 ? shape[d] : size[d]))
      const n = shape.reduce((a, b) => a * b, 1)
      const x = Float32Array.from({ length: n }, (_, i) => i + 0.5)
      const total = size.reduce((a, b) => a * b, 1)
      const out = new Float32Array(total)
      copySlice(x, shape, begin, size, out)
      expect(Array.from(out), JSON.stringify({ shape, begin, size })).toEqual(naiveSlice(x, shape, begin, size))
    }
  })
})

describe('the wasm Slice kernel replacement', () => {
  beforeAll(async () => {
    await initBackend({ force: 'wasm' })
  })

  it('is registered, and tf.slice on wasm returns the same values as the definition (float32, int32, bool)', () => {
    const tf = getTf()
    expect(tf.getBackend()).toBe('wasm')
    expect(tf.getKernel('Slice', 'wasm')?.kernelFunc.toString()).toMatch(/copySlice/)
    const shape = [3, 4, 5, 6]
    const n = 3 * 4 * 5 * 6
    const vals = Array.from({ length: n }, (_, i) => i)
    const cases: [number[], number[]][] = [
      [[1, 0, 0, 0], [1, 4, 5, 6]], // contiguous block
      [[0, 2, 0, 0], [3, 1, 5, 6]], // strided rows
      [[1, 1, 2, 3], [2, 3, 2, 2]], // all partial
      [[0, 0, 0, 5], [3, 4, 5, 1]], // one column
      [[2, 3, 4, 5], [1, 1, 1, 1]] // one element
    ]
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      const src = dtype === 'bool' ? vals.map((v) => v % 3 === 0) : vals
      const x = tf.tensor(src as number[], shape, dtype)
      for (const [begin, size] of cases) {
        const before = tf.memory().numTensors
        const y = tf.slice(x, begin, size)
        expect(y.shape).toEqual(size)
        expect(y.dtype).toBe(dtype)
        const want = naiveSlice(dtype === 'bool' ? src.map(Number) : vals, shape, begin, size)
        expect(Array.from(y.dataSync())).toEqual(want)
        y.dispose()
        expect(tf.memory().numTensors).toBe(before)
      }
      // Gradient of slice (a pad) still flows.
      if (dtype === 'float32') {
        const g = tf.grad((t) => tf.sum(tf.slice(t, [1, 1, 2, 3], [2, 3, 2, 2])))(x as never)
        expect(tf.sum(g).dataSync()[0]).toBe(2 * 3 * 2 * 2)
        g.dispose()
      }
      x.dispose()
    }
    const empty = tf.slice(tf.zeros([2, 3]), [1, 0], [0, 3])
    expect(empty.shape).toEqual([0, 3])
  })
})
