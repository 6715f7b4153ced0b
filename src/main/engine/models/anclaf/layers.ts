/**
 * Thin functional layers for ANCLaF: `(params, x) => y` over a plain map of tensors.
 *
 * Stand-in for the engine-foundation blocks (`src/main/engine/blocks/`), which were not there when this model was
 * written: swap `ops` for theirs behind the same {@link Layers} surface. Two convolutions carry a custom gradient
 * because the wasm backend has no `Conv2DBackpropFilter` kernel: the filter gradient is computed as im2col
 * (strided slices) × matmul, which wasm has. On 'cpu' the same code runs (and is checked against tfjs' own
 * gradient in layers.test.ts).
 */
import type { Tensor, Tensor4D } from '../../tf'
import type * as TfNs from '@tensorflow/tfjs'
import { getTf } from '../../tf'
import { flipSpatial } from '../../blocks/conv-ops'

export type Params = Map<string, Tensor>

type AnyGradFunc = Parameters<typeof TfNs.customGrad>[0]

export type Padding = 'same' | 'valid' | number

/** Explicit [top, bottom, left, right] padding of tfjs 'same' for a k×k/s conv on an input of size n. */
function samePad(n: number, k: number, s: number): [number, number] {
  const out = Math.ceil(n / s)
  const total = Math.max(0, (out - 1) * s + k - n)
  return [Math.floor(total / 2), total - Math.floor(total / 2)]
}

/** Inserts s − 1 zero rows/columns between the pixels of x: [n, h, w, c] → [n, (h−1)s+1, (w−1)s+1, c]. */
function dilate(x: Tensor4D, s: number): Tensor4D {
  if (s === 1) return x
  const tf = getTf()
  const [n, h, w, c] = x.shape
  const zeros = tf.zerosLike(x)
  const cols = tf.stack([x, ...Array<Tensor4D>(s - 1).fill(zeros)], 3).reshape([n, h, w * s, c])
  const rows = tf.stack([cols, ...Array<Tensor>(s - 1).fill(tf.zerosLike(cols))], 2).reshape([n, h * s, w * s, c])
  return tf.slice(rows, [0, 0, 0, 0], [n, (h - 1) * s + 1, (w - 1) * s + 1, c]) as Tensor4D
}

type Pads = [[number, number], [number, number]]

/**
 * dW of y = conv_valid(pad(x, pads), W, s) given dy, as ONE forward conv (fast on wasm/XNNPACK):
 * dW[i, j, c, o] = Σ_{n,y,x} xpad[n, y·s+i, x·s+j, c] · dy[n, y, x, o] — a conv of xpad with channels and batch
 * swapped, dy as the filter, dilation s.
 */
export function convFilterGrad(x: Tensor4D, dy: Tensor4D, k: number, s: number, pads: Pads): Tensor4D {
  const tf = getTf()
  return tf.tidy(() => {
    const xp = tf.pad(x, [[0, 0], pads[0], pads[1], [0, 0]])
    const xt = tf.transpose(xp, [3, 1, 2, 0]) as Tensor4D // [c, hp, wp, n]
    const ft = tf.transpose(dy, [1, 2, 0, 3]) as Tensor4D // [ho, wo, n, o]
    const g = tf.conv2d(xt, ft, 1, 'valid', 'NHWC', s) // [c, ≥k, ≥k, o]
    const gk = tf.slice(g, [0, 0, 0, 0], [g.shape[0], k, k, g.shape[3]])
    return tf.transpose(gk, [1, 2, 0, 3]) as Tensor4D
  })
}

/**
 * dx of y = conv_valid(pad(x, pads), W, s) given dy (= a transposed conv), as zero-dilation + one stride-1 forward
 * conv with the flipped kernel (wasm's Conv2DBackpropInput kernel is slow).
 */
export function convInputGrad(dy: Tensor4D, w: Tensor4D, s: number, pads: Pads, inShape: readonly number[]): Tensor4D {
  const tf = getTf()
  return tf.tidy(() => {
    const k = w.shape[0]
    const [n, h, wd, cin] = inShape
    const hp = h + pads[0][0] + pads[0][1]
    const wp = wd + pads[1][0] + pads[1][1]
    const d = dilate(dy, s)
    const extraH = hp - ((dy.shape[1] - 1) * s + k)
    const extraW = wp - ((dy.shape[2] - 1) * s + k)
    const dp = tf.pad(d, [[0, 0], [k - 1, k - 1 + extraH], [k - 1, k - 1 + extraW], [0, 0]])
    const wf = tf.transpose(flipSpatial(w), [0, 1, 3, 2]) as Tensor4D
    const dxp = tf.conv2d(dp, wf, 1, 'valid')
    return tf.slice(dxp, [0, pads[0][0], pads[1][0], 0], [n, h, wd, cin]) as Tensor4D
  })
}

function explicitPads(h: number, w: number, k: number, s: number, pad: Padding): Pads {
  if (pad === 'valid') return [[0, 0], [0, 0]]
  if (pad === 'same') return [samePad(h, k, s), samePad(w, k, s)]
  return [[pad, pad], [pad, pad]]
}

/** conv2d (NHWC, square k×k kernel W [k, k, cin, cout], stride s) with a wasm-safe, wasm-fast gradient. */
export function conv2d(x: Tensor4D, w: Tensor4D, s: number, pad: Padding): Tensor4D {
  const tf = getTf()
  const k = w.shape[0]
  const pads = explicitPads(x.shape[1], x.shape[2], k, s, pad)
  const f = tf.customGrad(((xi: Tensor, wi: Tensor, save: (ts: Tensor[]) => void) => {
    const x4 = xi as Tensor4D
    const w4 = wi as Tensor4D
    save([x4, w4])
    const value = tf.conv2d(tf.pad(x4, [[0, 0], pads[0], pads[1], [0, 0]]), w4, s, 'valid')
    const gradFunc = (dy: Tensor, saved: Tensor[]) => {
      const [sx, sw] = saved as Tensor4D[]
      return [convInputGrad(dy as Tensor4D, sw, s, pads, sx.shape), convFilterGrad(sx, dy as Tensor4D, k, s, pads)]
    }
    return { value, gradFunc }
  }) as unknown as AnyGradFunc)
  return f(x, w) as Tensor4D
}

/**
 * Transposed conv multiplying the size by s (k×k/s, 'same'): W [k, k, cout, cin] as tfjs' conv2dTranspose expects.
 * Forward = the input gradient of the matching conv; dx = that conv (forward); dW = its filter gradient with the
 * roles of x and dy swapped.
 */
export function conv2dTranspose(x: Tensor4D, w: Tensor4D, s: number): Tensor4D {
  const tf = getTf()
  const k = w.shape[0]
  const [n, h, wd] = x.shape
  const outShape: [number, number, number, number] = [n, h * s, wd * s, w.shape[2]]
  const pads = explicitPads(outShape[1], outShape[2], k, s, 'same')
  const f = tf.customGrad(((xi: Tensor, wi: Tensor, save: (ts: Tensor[]) => void) => {
    save([xi, wi])
    const value = convInputGrad(xi as Tensor4D, wi as Tensor4D, s, pads, outShape)
    const gradFunc = (dy: Tensor, saved: Tensor[]) => {
      const [sx, sw] = saved as Tensor4D[]
      const dy4 = dy as Tensor4D
      const dx = tf.conv2d(tf.pad(dy4, [[0, 0], pads[0], pads[1], [0, 0]]), sw, s, 'valid')
      return [dx, convFilterGrad(dy4, sx, k, s, pads)]
    }
    return { value, gradFunc }
  }) as unknown as AnyGradFunc)
  return f(x, w) as Tensor4D
}

/** Instance normalisation over H, W per sample and channel, with a learned scale and shift. */
export function instanceNorm(x: Tensor4D, gamma: Tensor, beta: Tensor, eps = 1e-5): Tensor4D {
  const tf = getTf()
  const { mean, variance } = tf.moments(x, [1, 2], true)
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), gamma), beta) as Tensor4D
}

/** Identity in the forward pass, zero gradient (tfjs has no stopGradient op). */
export function stopGradient<T extends Tensor>(x: T): T {
  const tf = getTf()
  const f = tf.customGrad(((xi: Tensor) => ({ value: tf.clone(xi), gradFunc: (dy: Tensor) => tf.zerosLike(dy) })) as unknown as AnyGradFunc)
  return f(x) as T
}

export function leakyRelu<T extends Tensor>(x: T, alpha = 0.2): T {
  return getTf().leakyRelu(x, alpha)
}

function param(p: Params, name: string): Tensor {
  const t = p.get(name)
  if (!t) throw new Error(`missing parameter '${name}'`)
  return t
}

/** The layer vocabulary the ANCLaF networks use (swap for the engine blocks when they exist). */
export const ops = {
  conv(p: Params, name: string, x: Tensor4D, s: number, pad: Padding): Tensor4D {
    const y = conv2d(x, param(p, `${name}/w`) as Tensor4D, s, pad)
    return getTf().add(y, param(p, `${name}/b`)) as Tensor4D
  },
  deconv(p: Params, name: string, x: Tensor4D, s: number): Tensor4D {
    const y = conv2dTranspose(x, param(p, `${name}/w`) as Tensor4D, s)
    return getTf().add(y, param(p, `${name}/b`)) as Tensor4D
  },
  norm(p: Params, name: string, x: Tensor4D): Tensor4D {
    return instanceNorm(x, param(p, `${name}/g`), param(p, `${name}/beta`))
  },
  dense(p: Params, name: string, x: Tensor): Tensor {
    const tf = getTf()
    return tf.add(tf.matMul(x as Tensor, param(p, `${name}/w`)), param(p, `${name}/b`))
  }
}

/** Parameter shapes of a model, in a fixed order (the order fixes the seeded initialisation). */
export type ParamSpec = Array<{ name: string; shape: number[]; init: 'he' | 'zeros' | 'ones'; fanIn?: number }>

export const spec = {
  conv(out: ParamSpec, name: string, k: number, cin: number, cout: number): void {
    out.push({ name: `${name}/w`, shape: [k, k, cin, cout], init: 'he', fanIn: k * k * cin })
    out.push({ name: `${name}/b`, shape: [cout], init: 'zeros' })
  },
  /** Transposed conv: tfjs wants [k, k, cout, cin]; fan-in counted on the input channels. */
  deconv(out: ParamSpec, name: string, k: number, cin: number, cout: number): void {
    out.push({ name: `${name}/w`, shape: [k, k, cout, cin], init: 'he', fanIn: k * k * cin / 4 })
    out.push({ name: `${name}/b`, shape: [cout], init: 'zeros' })
  },
  norm(out: ParamSpec, name: string, c: number): void {
    out.push({ name: `${name}/g`, shape: [c], init: 'ones' })
    out.push({ name: `${name}/beta`, shape: [c], init: 'zeros' })
  },
  dense(out: ParamSpec, name: string, cin: number, cout: number): void {
    out.push({ name: `${name}/w`, shape: [cin, cout], init: 'he', fanIn: cin })
    out.push({ name: `${name}/b`, shape: [cout], init: 'zeros' })
  }
}

/** Seeded initialisation: He-normal (σ = √(2/fan-in)) weights, zero biases, unit norm scales. */
export function initParams(specs: ParamSpec, seed: number): Params {
  const tf = getTf()
  const p: Params = new Map()
  specs.forEach((s, i) => {
    if (p.has(s.name)) throw new Error(`duplicate parameter '${s.name}'`)
    if (s.init === 'zeros') p.set(s.name, tf.zeros(s.shape))
    else if (s.init === 'ones') p.set(s.name, tf.ones(s.shape))
    else p.set(s.name, tf.randomNormal(s.shape, 0, Math.sqrt(2 / (s.fanIn ?? 1)), 'float32', (seed * 7919 + i * 104729) % 2147483647))
  })
  return p
}

export function disposeParams(p: Params): void {
  for (const t of p.values()) t.dispose()
  p.clear()
}

export function countParams(p: Params): number {
  let n = 0
  for (const t of p.values()) n += t.size
  return n
}
