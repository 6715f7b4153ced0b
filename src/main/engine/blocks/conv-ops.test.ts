/**
 * Gradient checks of the custom-gradient convs, on the wasm backend (the one without Conv2DBackpropFilter):
 *  1. against tfjs's own analytic gradient computed on the cpu backend (tf.grads of tf.conv2d / conv2dTranspose);
 *  2. against central differences.
 *
 * Loss L = Σ tanh(y)·R with R fixed; L is summed in float64 on the host from float32 outputs.
 * Float32 tolerance reasoning (central differences, step h):
 *   rounding: each output y carries a relative error ≲ √K·ε₃₂ (K = k²·Ci terms, ε₃₂ = 6e-8); L sums M outputs, so
 *   δL ≲ √M·√K·ε₃₂·max|y| ≈ 20·5·6e-8·3 ≈ 2e-5, and the FD error from it is δL/h = 2e-3 at h = 1e-2;
 *   truncation: h²/6·|∂³L| ≲ 1.7e-5·O(10) ≈ 2e-4. So |fd − analytic| ≤ 5e-3 + 1e-3·|analytic|.
 *   Analytic vs analytic (same maths, different summation order): ≲ K·ε₃₂·Σ|terms| ⇒ relative 1e-4 of max |g|.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../backend'
import { HAVE_TFJS_NODE, TFJS_NODE_MISSING } from '../testing/native-backends'
import { getTf, type Tensor, type Tensor4D } from '../tf'
import { conv2d, conv2dTranspose, type ConvPad } from './conv-ops'
import { mulberry32 } from './params'

const tf = getTf()

function rand(seed: number, n: number, scale = 1): Float32Array {
  const r = mulberry32(seed)
  return Float32Array.from({ length: n }, () => (2 * r() - 1) * scale)
}

interface Case {
  name: string
  x: number[]
  f: number[]
  s: number
  pad: ConvPad
  transpose: boolean
}

const CASES: Case[] = [
  { name: 'conv 4×4/s2/p1', x: [2, 8, 8, 3], f: [4, 4, 3, 5], s: 2, pad: 1, transpose: false },
  { name: 'conv 3×3/s1/p1', x: [2, 6, 6, 4], f: [3, 3, 4, 3], s: 1, pad: 1, transpose: false },
  { name: 'conv 3×3 valid head', x: [2, 4, 4, 6], f: [3, 3, 6, 2], s: 1, pad: 'valid', transpose: false },
  { name: "conv 3×3/s2 'same' odd size", x: [1, 7, 7, 2], f: [3, 3, 2, 3], s: 2, pad: 'same', transpose: false },
  { name: 'conv explicit [[0,1],[1,0]]', x: [1, 5, 6, 2], f: [3, 3, 2, 2], s: 2, pad: [[0, 1], [1, 0]], transpose: false },
  { name: 'deconv 4×4/s2/p1', x: [2, 4, 4, 5], f: [4, 4, 3, 5], s: 2, pad: 1, transpose: true },
  { name: 'deconv 3×3/s2/p1', x: [1, 4, 5, 3], f: [3, 3, 2, 3], s: 2, pad: 1, transpose: true }
]

function outOf(c: Case, x: Tensor4D, f: Tensor4D, native: boolean): Tensor4D {
  const pad = c.pad as number
  if (c.transpose) {
    const [n, h, w] = c.x
    const k = c.f[0]
    const shape: [number, number, number, number] = [n, (h - 1) * c.s - 2 * pad + k, (w - 1) * c.s - 2 * pad + k, c.f[2]]
    return native ? tf.conv2dTranspose(x, f, shape, c.s, pad) : conv2dTranspose(x, f, c.s, pad)
  }
  if (!native) return conv2d(x, f, c.s, c.pad)
  const p = c.pad
  if (typeof p === 'number') return tf.conv2d(x, f, c.s, [[0, 0], [p, p], [p, p], [0, 0]])
  if (p === 'same' || p === 'valid') return tf.conv2d(x, f, c.s, p)
  return tf.conv2d(x, f, c.s, [[0, 0], [p[0][0], p[0][1]], [p[1][0], p[1][1]], [0, 0]])
}

/** Analytic [dx, df] of L on the current backend; also the float64 loss. */
function analytic(c: Case, xs: Float32Array, fs: Float32Array, native: boolean): { dx: Float32Array; df: Float32Array; y: number[] } {
  return tf.tidy(() => {
    const x = tf.tensor4d(xs, c.x as [number, number, number, number])
    const f = tf.tensor4d(fs, c.f as [number, number, number, number])
    const y0 = outOf(c, x, f, native)
    const r = tf.tensor(rand(99, y0.size), y0.shape)
    const g = tf.grads((a: Tensor, b: Tensor) => tf.sum(tf.mul(tf.tanh(outOf(c, a as Tensor4D, b as Tensor4D, native)), r)))
    const [dx, df] = g([x, f])
    return { dx: dx.dataSync() as Float32Array, df: df.dataSync() as Float32Array, y: y0.shape }
  })
}

function loss64(c: Case, xs: Float32Array, fs: Float32Array): number {
  const y = tf.tidy(() => outOf(c, tf.tensor4d(xs, c.x as [number, number, number, number]), tf.tensor4d(fs, c.f as [number, number, number, number]), false).dataSync())
  const r = rand(99, y.length)
  let s = 0
  for (let i = 0; i < y.length; i++) s += Math.tanh(y[i]) * r[i]
  return s
}

function maxAbs(a: Float32Array): number {
  return a.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
}

/** Our op's analytic gradients on the current backend against cpu's and against central differences. */
function gradCheck(c: Case, ref: Grads): void {
  const xs = rand(1, c.x.reduce((a, b) => a * b))
  const fs = rand(2, c.f.reduce((a, b) => a * b), 0.5)
  const ours = analytic(c, xs, fs, false)
  const relDx = maxAbs(ours.dx.map((v, i) => v - ref.dx[i])) / maxAbs(ref.dx)
  const relDf = maxAbs(ours.df.map((v, i) => v - ref.df[i])) / maxAbs(ref.df)
  expect(relDx).toBeLessThan(1e-4)
  expect(relDf).toBeLessThan(1e-4)
  const h = 1e-2
  let worst = 0
  let worstAbs = 0
  const pick = mulberry32(7)
  for (const [arr, grad, other, isX] of [[xs, ours.dx, fs, true], [fs, ours.df, xs, false]] as const) {
    for (let t = 0; t < 12; t++) {
      const i = Math.floor(pick() * arr.length)
      const plus = Float32Array.from(arr)
      const minus = Float32Array.from(arr)
      plus[i] += h
      minus[i] -= h
      const lp = isX ? loss64(c, plus, other) : loss64(c, other, plus)
      const lm = isX ? loss64(c, minus, other) : loss64(c, other, minus)
      const fd = (lp - lm) / (2 * h)
      const err = Math.abs(fd - grad[i])
      worst = Math.max(worst, err / (5e-3 + 1e-3 * Math.abs(grad[i])))
      worstAbs = Math.max(worstAbs, err)
    }
  }
  expect(worst).toBeLessThan(1)
  console.info(`[gradcheck] ${c.name}: rel|dx−cpu| ${relDx.toExponential(1)}, rel|dW−cpu| ${relDf.toExponential(1)}, max |FD − dL| ${worstAbs.toExponential(1)} (= ${worst.toFixed(3)} of the tolerance)`)
}

type Grads = { dx: Float32Array; df: Float32Array }

/** tfjs' own analytic gradients of every case on the cpu backend, into `into`; then switches to `then`. */
async function cpuReference(into: Map<string, Grads>, then: 'wasm' | 'tensorflow'): Promise<void> {
  await initBackend({ force: 'cpu' })
  for (const c of CASES) into.set(c.name, analytic(c, rand(1, c.x.reduce((a, b) => a * b)), rand(2, c.f.reduce((a, b) => a * b), 0.5), true))
  await initBackend({ force: then })
}

describe('custom-gradient convs (wasm)', () => {
  const cpu = new Map<string, Grads>()
  beforeAll(() => cpuReference(cpu, 'wasm'))

  it('wasm has no Conv2DBackpropFilter kernel (why these ops exist)', () => {
    expect(tf.getBackend()).toBe('wasm')
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined()
  })

  for (const c of CASES) it(`${c.name}: matches cpu analytic gradients and central differences`, () => gradCheck(c, cpu.get(c.name)!))

  it('does not leak tensors (forward and gradient)', () => {
    const c = CASES[0]
    const x = tf.tensor4d(rand(1, 2 * 8 * 8 * 3), [2, 8, 8, 3])
    const f = tf.variable(tf.tensor4d(rand(2, 4 * 4 * 3 * 5), [4, 4, 3, 5]))
    const before = tf.memory().numTensors
    tf.tidy(() => {
      conv2d(x, f, 2, 1)
    })
    const { value, grads } = tf.variableGrads(() => tf.sum(conv2d(x, f, c.s, 1)), [f])
    value.dispose()
    Object.values(grads).forEach((g) => g.dispose())
    expect(tf.memory().numTensors).toBe(before)
    x.dispose()
    f.dispose()
  })
})

// tfjs-node's transposed conv takes no explicit pads: conv-ops crops the full ('valid') output instead.
describe.skipIf(!HAVE_TFJS_NODE)(
  `custom-gradient convs on tfjs-node${TFJS_NODE_MISSING}`,
  () => {
    const cpu = new Map<string, Grads>()
    beforeAll(() => cpuReference(cpu, 'tensorflow'))

    it('runs on the tensorflow backend, whose transposed-conv kernel refuses explicit pads', () => {
      expect(tf.getBackend()).toBe('tensorflow')
      expect(() => tf.tidy(() => tf.conv2dTranspose(tf.zeros([1, 4, 4, 1]) as Tensor4D, tf.zeros([3, 3, 1, 1]) as Tensor4D, [1, 7, 7, 1], 2, [[0, 0], [1, 1], [1, 1], [0, 0]]))).toThrow(/valid.*same/)
    })

    for (const c of CASES) it(`${c.name}: matches cpu analytic gradients and central differences`, () => gradCheck(c, cpu.get(c.name)!))
  }
)
