/**
 * conv2d and conv2dTranspose (NHWC, filter HWIO) as `tf.customGrad` ops that train on every backend.
 *
 * The wasm backend has no `Conv2DBackpropFilter` kernel, so tfjs's own conv gradient throws there. Everything here
 * is expressed with the forward Conv2D kernel (XNNPACK on wasm, by far its fastest kernel): the input gradient
 * (and the transposed conv's forward) is a flipped conv (stride 1) or four sub-pixel 2×2 convs (4×4/s2/p1), with
 * the backend's conv2dTranspose as the general fallback; the FILTER gradient is the im2col product
 * dW = Pᵀ·dY (P = patches [N·Ho·Wo, k·k·Ci]) evaluated as one conv with batch and channels swapped
 * (see convFilterGrad). Only conv2d, pad, transpose, concat, stack and slice are used.
 */
import type { Tensor, Tensor4D } from '../tf'
import { getTf } from '../tf'

/** Padding of a conv: a symmetric number, 'same'/'valid' (TensorFlow rules) or explicit [[top, bottom], [left, right]]. */
export type ConvPad = number | 'same' | 'valid' | readonly [readonly [number, number], readonly [number, number]]

interface Pads {
  top: number
  bottom: number
  left: number
  right: number
}

/** Resolves a padding for a conv with input size (h, w), square kernel k and stride s. */
export function resolvePads(pad: ConvPad, h: number, w: number, k: number, s: number): Pads {
  if (typeof pad === 'number') return { top: pad, bottom: pad, left: pad, right: pad }
  if (pad === 'valid') return { top: 0, bottom: 0, left: 0, right: 0 }
  if (pad === 'same') {
    const th = Math.max((Math.ceil(h / s) - 1) * s + k - h, 0)
    const tw = Math.max((Math.ceil(w / s) - 1) * s + k - w, 0)
    return { top: Math.floor(th / 2), bottom: th - Math.floor(th / 2), left: Math.floor(tw / 2), right: tw - Math.floor(tw / 2) }
  }
  return { top: pad[0][0], bottom: pad[0][1], left: pad[1][0], right: pad[1][1] }
}

/** Output size of a conv along one axis. */
export function convOutSize(size: number, k: number, s: number, before: number, after: number): number {
  return Math.floor((size + before + after - k) / s) + 1
}

type TfExplicitPad = [[number, number], [number, number], [number, number], [number, number]]

function explicit(p: Pads): TfExplicitPad {
  return [[0, 0], [p.top, p.bottom], [p.left, p.right], [0, 0]]
}

/** tfjs-node's Conv2DBackpropInput (conv2dTranspose) takes only 'valid' and 'same' pads; wasm and cpu take explicit ones. */
const namedPadsOnly = (): boolean => getTf().getBackend() === 'tensorflow'

/**
 * tf.conv2dTranspose to outShape with explicit pads on every backend: where the kernel takes none, the 'valid'
 * (unpadded, full-size) transposed conv is computed and the pads are cropped off — padding a conv's input is
 * cropping its adjoint's output.
 */
function convTransposePadded(g: Tensor4D, f: Tensor4D, outShape: readonly number[], s: number, p: Pads): Tensor4D {
  const tf = getTf()
  const [n, h, w, c] = outShape
  if (!namedPadsOnly()) return tf.conv2dTranspose(g, f, [n, h, w, c], s, explicit(p))
  const [, ho, wo] = g.shape
  const k = f.shape[0]
  const full: [number, number, number, number] = [n, (ho - 1) * s + k, (wo - 1) * s + k, c]
  return tf.tidy(() => {
    const y = tf.conv2dTranspose(g, f, full, s, 'valid')
    // The full output may be shorter than top + h where the forward conv's stride dropped trailing rows: pad it.
    const padB = Math.max(0, p.top + h - full[1])
    const padR = Math.max(0, p.left + w - full[2])
    const yy = padB || padR ? tf.pad(y, [[0, 0], [0, padB], [0, padR], [0, 0]]) : y
    return tf.slice(yy, [0, p.top, p.left, 0], [n, h, w, c]) as Tensor4D
  })
}

/**
 * dW of y = conv2d(x, W, s, pads): x [N,H,W,Ci], dy [N,Ho,Wo,Co] → [k,k,Ci,Co]. Computed as ONE conv (the batch
 * becomes the channel axis): dW[i,j,ci,co] = Σ_{n,h,w} xpad[n, s·h+i, s·w+j, ci]·dy[n,h,w,co]
 *   = conv2d(xpadᵀ [Ci,Hp,Wp,N], dyᵀ [Ho,Wo,N,Co], stride 1, dilation s)[ci,i,j,co].
 * On wasm this runs in XNNPACK's conv, 4-40× faster than an im2col matmul built from strided slices (measured).
 * Rows/columns of the padded input that no window reaches fall beyond k and are sliced off.
 */
export function convFilterGrad(x: Tensor4D, dy: Tensor4D, k: number, s: number, p: Pads): Tensor4D {
  const tf = getTf()
  return tf.tidy(() => {
    const ci = x.shape[3]
    const co = dy.shape[3]
    const xp = p.top + p.bottom + p.left + p.right > 0 ? tf.pad(x, explicit(p)) : x
    const xT = tf.transpose(xp, [3, 1, 2, 0]) as Tensor4D
    const dyT = tf.transpose(dy, [1, 2, 0, 3]) as Tensor4D
    let r = tf.conv2d(xT, dyT, 1, 'valid', 'NHWC', s)
    if (r.shape[1] !== k || r.shape[2] !== k) r = tf.slice(r, [0, 0, 0, 0], [ci, k, k, co])
    return tf.transpose(r, [1, 2, 0, 3]) as Tensor4D
  })
}

/** Is (k, s, pads) the 4×4 / stride 2 / pad 1 up-sampling that `subPixelConvTranspose` handles? */
function isK4S2P1(k: number, s: number, p: Pads): boolean {
  return k === 4 && s === 2 && p.top === 1 && p.bottom === 1 && p.left === 1 && p.right === 1
}

/**
 * filter[ty, tx] for tap lists ty, tx (a 2-D gather on the spatial axes) from slices and concats: wasm's GatherV2
 * is a per-element loop (≈ 60 ns/element measured on [4,4,512,1024], over 40 % of a G+D train step), while Slice
 * and Concat copy contiguous runs.
 */
export function pickTaps(filter: Tensor4D, ty: readonly number[], tx: readonly number[]): Tensor4D {
  const tf = getTf()
  const [, kw, ci, co] = filter.shape
  const rows = ty.map((i) => tf.slice(filter, [i, 0, 0, 0], [1, kw, ci, co]))
  const r = rows.length === 1 ? rows[0] : tf.concat(rows, 0)
  const cols = tx.map((j) => tf.slice(r, [0, j, 0, 0], [ty.length, 1, ci, co]))
  return (cols.length === 1 ? cols[0] : tf.concat(cols, 1)) as Tensor4D
}

/** The filter flipped on both spatial axes (= reverse(filter, [0, 1]); wasm's Reverse is a slow per-element loop). */
export function flipSpatial(filter: Tensor4D): Tensor4D {
  const back = (n: number) => Array.from({ length: n }, (_, i) => n - 1 - i)
  return pickTaps(filter, back(filter.shape[0]), back(filter.shape[1]))
}

/**
 * Transposed conv 4×4 / stride 2 / pad 1 as four 2×2 stride-1 convs (one per output parity) interleaved:
 * y[2m+r] takes taps (x[m−1]·W[3], x[m]·W[1]) for r = 0 and (x[m]·W[2], x[m+1]·W[0]) for r = 1, per axis.
 * x [N,H,W,Cin], filter [4,4,Cout,Cin] → [N,2H,2W,Cout]. Uses the fast conv kernel instead of wasm's
 * Conv2DBackpropInput loop (2-4× slower, measured).
 */
function subPixelConvTranspose(x: Tensor4D, filter: Tensor4D): Tensor4D {
  const tf = getTf()
  return tf.tidy(() => {
    const [n, h, w] = x.shape
    const c = filter.shape[2]
    const taps = [[3, 1], [2, 0]]
    const padsOf = (r: number): [number, number] => (r === 0 ? [1, 0] : [0, 1])
    const rows = [0, 1].map((ry) => {
      const phases = [0, 1].map((rx) => {
        const f = pickTaps(filter, taps[ry], taps[rx])
        const fk = tf.transpose(f, [0, 1, 3, 2]) as Tensor4D
        return tf.conv2d(x, fk, 1, [[0, 0], padsOf(ry), padsOf(rx), [0, 0]])
      })
      return tf.reshape(tf.stack(phases, 3), [n, h, 2 * w, c])
    })
    return tf.reshape(tf.stack(rows, 2), [n, 2 * h, 2 * w, c]) as Tensor4D
  })
}

/**
 * The adjoint of conv2d(·, W, s, p) applied to g [N,Ho,Wo,Co] → [N,H,W,Ci] (= transposed conv with W as a
 * [k,k,Ci,Co] "output-channels third" filter). Stride 1: a conv with the flipped, channel-swapped filter;
 * 4×4/s2/p1: sub-pixel convs; otherwise the backend's conv2dTranspose.
 */
export function convAdjoint(g: Tensor4D, filter: Tensor4D, outShape: readonly number[], s: number, p: Pads): Tensor4D {
  const tf = getTf()
  const k = filter.shape[0]
  const [n, h, w, ci] = outShape
  const [, ho, wo] = g.shape
  if (s === 1) {
    const bottom = h - 1 + k - ho - (k - 1 - p.top)
    const right = w - 1 + k - wo - (k - 1 - p.left)
    if (bottom >= 0 && right >= 0 && p.top < k && p.left < k) {
      return tf.tidy(() => {
        const flipped = tf.transpose(flipSpatial(filter), [0, 1, 3, 2]) as Tensor4D
        return tf.conv2d(g, flipped, 1, [[0, 0], [k - 1 - p.top, bottom], [k - 1 - p.left, right], [0, 0]])
      })
    }
  }
  if (isK4S2P1(k, s, p) && h === 2 * ho && w === 2 * wo) return subPixelConvTranspose(g, filter)
  return convTransposePadded(g, filter, [n, h, w, ci], s, p)
}

type GradSave = (ts: Tensor[]) => void
type Grads = (dy: Tensor4D, x: Tensor4D, f: Tensor4D) => [Tensor4D, Tensor4D]

/** A two-input (x, filter) op with a custom gradient, typed for `tf.customGrad`. */
function withGrad(forward: (x: Tensor4D, f: Tensor4D) => Tensor4D, grads: Grads): (x: Tensor4D, f: Tensor4D) => Tensor4D {
  const op = getTf().customGrad<Tensor4D>((...inputs) => {
    const [x, f, save] = inputs as [Tensor4D, Tensor4D, GradSave]
    save([x, f])
    return {
      value: forward(x, f),
      gradFunc: (dy: Tensor4D, saved: Tensor[]) => grads(dy, saved[0] as Tensor4D, saved[1] as Tensor4D)
    }
  })
  return (x, f) => op(x, f)
}

function checkSquare(filter: Tensor): number {
  const [kh, kw] = filter.shape
  if (kh !== kw) throw new Error(`conv filters must be square, got ${kh}×${kw}`)
  return kh
}

/**
 * y = conv2d(x, filter) with stride `s` and padding `pad`; x [N,H,W,Ci], filter [k,k,Ci,Co] → y [N,Ho,Wo,Co].
 * Differentiable on every backend (see the file comment).
 */
export function conv2d(x: Tensor4D, filter: Tensor4D, s: number, pad: ConvPad): Tensor4D {
  const tf = getTf()
  const k = checkSquare(filter)
  const p = resolvePads(pad, x.shape[1], x.shape[2], k, s)
  const tfPad = explicit(p)
  const op = withGrad(
    (xx, ff) => tf.conv2d(xx, ff, s, tfPad),
    (g, xs, fs) => [convAdjoint(g, fs, xs.shape, s, p), convFilterGrad(xs, g, k, s, p)]
  )
  return op(x, filter)
}

/**
 * Transposed conv (the adjoint of conv2d with the same stride and padding, PyTorch's ConvTranspose2d):
 * x [N,H,W,Ci], filter [k,k,Co,Ci] (tfjs layout: output channels third) → y [N,Ho,Wo,Co] with
 * Ho = (H − 1)·s − padTop − padBottom + k. `pad` is a number or explicit pads (not 'same'/'valid').
 */
export function conv2dTranspose(x: Tensor4D, filter: Tensor4D, s: number, pad: number | readonly [readonly [number, number], readonly [number, number]]): Tensor4D {
  const tf = getTf()
  const k = checkSquare(filter)
  const p = resolvePads(pad, 0, 0, k, s)
  const tfPad = explicit(p)
  const [n, h, w] = x.shape
  const co = filter.shape[2]
  const outShape: [number, number, number, number] = [n, (h - 1) * s - p.top - p.bottom + k, (w - 1) * s - p.left - p.right + k, co]
  // y = Aᵀx with A = conv2d(·, W): dx = conv2d(dy, W); dW[a,b,co,ci] = Σ dy_pad[.., co]·x[.., ci].
  const op = withGrad(
    (xx, ff) => convAdjoint(xx, ff, outShape, s, p),
    (g, xs, fs) => [tf.conv2d(g, fs, s, tfPad), convFilterGrad(g, xs, k, s, p)]
  )
  return op(x, filter)
}
