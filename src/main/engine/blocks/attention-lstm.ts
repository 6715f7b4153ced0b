/**
 * LSTM with attention over the previous states of its window (ANCLaF-SA, P000 eq.5-8 L76-89; T eq.6.5-6.8
 * L1612-1626 and eq.7.9-7.12 L1866-1880), written with tf ops over a ParamMap (no tf.layers).
 *
 * Step t of a window of T frames (t = 0 … T−1), with S_j = [h_j; c_j] the state after window frame j:
 *   context  C_t = Σ_{j<t} a_tj ⊙ S_j                   (eq.7; the previous states of THIS window only)
 *   gates        = x_t W_x + h_{t−1} W_h + C_t W_c + b   (eq.8: LSTM([C_t; x_t], h_{t−1}); PyTorch gate order i, f, g, o)
 *   c_t = σ(f) c_{t−1} + σ(i) tanh(g),  h_t = σ(o) tanh(c_t)
 *
 * Score: the **concat** reading (eq.5, Luong et al. 2015 "concat"): a_tj = softmax_j(v_aᵀ tanh(W_a [S_{t−1}; S_j] + b_a)),
 * implemented as W_a = [W_q | W_k] (W_q S_{t−1} + W_k S_j, so keys are projected once per state). Read literally,
 * eq.5 has a single row W_a giving a scalar: the query term W_a^q S_t is then the same for every j and cancels in
 * the softmax, so we take Luong's form (which P000 cites) with the hidden attention size of Table A.3's "W_a 512".
 * The query is the state carried INTO step t (S_{t−1}): eq.8 feeds C_t to the step that produces S_t, so S_t itself
 * cannot be the query. Alternatives not implemented: the location score a = softmax(W_a S̄) (eq.6 L81: scores from
 * the previous states only, no query) and Table A.3's reading (T:L2221-2222: W_a on [Conv5, h_lstm], LSTM input
 * [Conv5, W_a·Conv5], i.e. attention over input features rather than over states).
 * Context normalisation (`contextNorm`): 'mean' (default) uses the softmax-weighted mean Σ a S (a already sums to
 * 1); 'paper-over-n' also divides by the number of valid previous states as eq.7 prints (".../n"), which shrinks the
 * context as the window grows and so changes the input scale between curriculum stages — hence not the default.
 *
 * Every attention op is explicitly per batch item: keys are stacked on a NEW axis 1 ([B, t, A]), the score is a sum
 * over the last axis, and the context is a batched matMul [B, 1, t] × [B, t, 2H]. No reshape ever moves data across
 * the batch axis (the published code's `.view` where a transpose was needed mixed batch items; the batch-permutation
 * test proves this one does not).
 *
 * Missing frames (`mask` 0, e.g. no face): the frame's input is replaced by zeros before any op (NaN in a masked
 * row cannot reach outputs or gradients), the step's update is discarded (h, c are carried forward unchanged), and
 * its state is excluded from every later attention softmax (weight exactly 0). If a step has no valid previous
 * state, its context is 0 and its attention row is all 0. A window that starts at the session start is the same
 * as a full window left-padded with masked steps (state stays at the zero initial state), which is how the first
 * n − 1 frames of a session are inferred (models/sequence/infer.ts).
 *
 * Init: W_x, W_h, W_c, W_q, W_k Glorot-uniform, v_a Glorot-uniform, biases 0 except the forget-gate bias
 * (`forgetBias`, default 1: Jozefowicz et al. 2015; not from the papers).
 *
 * Implementations (`impl`): 'fused' (default) runs the recurrence as one custom-gradient op with a hand-written
 * backward through time (attention-lstm-fused.ts; ~7× faster training steps on wasm than the tape), 'autodiff'
 * runs the same equations step by step on tfjs' tape and is the reference the fused values and gradients are
 * tested against. The input projection x W_x + b is one matMul over all steps (blocks/linear.ts).
 */
import type { Tensor3D } from '@tensorflow/tfjs'
import type { Tensor, Tensor2D } from '../tf'
import { getTf } from '../tf'
import { fusedRecurrence } from './attention-lstm-fused'
import { inferRecurrence } from './attention-lstm-infer'
import { maskedSoftmax, zeroMasked } from './attention-lstm-math'
import { linear } from './linear'
import { createParam, type ParamMap } from './params'

export { maskedSoftmax, zeroMasked }

export type ContextNorm = 'mean' | 'paper-over-n'

export interface AttentionLstmSpec {
  readonly inF: number
  readonly hidden: number
  /** With attention the step input is [C_t; x_t] (SA); without, plain LSTM (S). */
  readonly attention: boolean
  /** Hidden size of the concat score (W_a rows). Default: `hidden`. */
  readonly attDim?: number
  readonly contextNorm?: ContextNorm
  readonly forgetBias?: number
  /**
   * 'fused' (default): one op with a hand-written backward through time (attention-lstm-fused.ts, fast on wasm);
   * 'autodiff': the same equations step by step with tfjs' tape (the reference the fused gradient is tested against).
   */
  readonly impl?: 'fused' | 'autodiff'
}

export interface AttentionLstmOutput {
  /** h_t of every step, [B, T, H]. */
  readonly h: Tensor3D
  /** h of the last step, [B, H]. */
  readonly last: Tensor2D
  /**
   * [B, T, T − 1]: row t holds the weights step t gave to the states after window frames 0 … t − 1 (column j =
   * window frame j; columns ≥ t are 0). Row T − 1 is the attention of the window's last frame. null without
   * attention or when T < 2.
   */
  readonly attention: Tensor3D | null
}

export interface ApplyOptions {
  /** Default true; false when the input is data (cached latents): skips its (unused) gradient. */
  readonly inputGrad?: boolean
  /**
   * No gradient will be taken (prediction): the fused implementation then runs its lean forward
   * (attention-lstm-infer.ts), the same function with fewer ops. Default false.
   */
  readonly inference?: boolean
}

export interface AttentionLstm {
  readonly name: string
  readonly spec: Required<AttentionLstmSpec>
  init(seed: number): ParamMap
  /**
   * Input projection x W_x + b for rows [N, inF] → [N, 4H] (per frame; infer projects a session once).
   * `opts.inputGrad: false` when x is data (no gradient is computed for it).
   */
  project(params: ParamMap, x: Tensor2D, opts?: ApplyOptions): Tensor2D
  /** x [B, T, inF], mask [B, T] (1 present, 0 missing; omitted = all present). */
  apply(params: ParamMap, x: Tensor3D, mask?: Tensor2D, opts?: ApplyOptions): AttentionLstmOutput
  /** The recurrence on already projected inputs [B, T, 4H] (`project` of zero-filled rows). */
  applyProjected(params: ParamMap, xw: Tensor3D, mask?: Tensor2D, opts?: Pick<ApplyOptions, 'inference'>): AttentionLstmOutput
}

function param(params: ParamMap, name: string): Tensor {
  const v = params[name]
  if (!v) throw new Error(`missing parameter ${name}`)
  return v
}

export function attentionLstm(name: string, s: AttentionLstmSpec): AttentionLstm {
  const spec: Required<AttentionLstmSpec> = { attDim: s.hidden, contextNorm: 'mean', forgetBias: 1, impl: 'fused', ...s }
  const { inF, hidden: H, attention, attDim: A } = spec
  const glorot = (fanIn: number, fanOut: number) => ({ kind: 'glorot-uniform' as const, fanIn, fanOut })

  const init = (seed: number): ParamMap => {
    const tf = getTf()
    const p: ParamMap = {
      [`${name}.wx`]: createParam(seed, `${name}.wx`, [inF, 4 * H], glorot(inF, 4 * H)),
      [`${name}.wh`]: createParam(seed, `${name}.wh`, [H, 4 * H], glorot(H, 4 * H)),
      [`${name}.b`]: createParam(seed, `${name}.b`, [4 * H], { kind: 'zeros' })
    }
    if (spec.forgetBias !== 0) {
      const b = new Float32Array(4 * H)
      b.fill(spec.forgetBias, H, 2 * H)
      const t = tf.tensor1d(b)
      p[`${name}.b`].assign(t)
      t.dispose()
    }
    if (attention) {
      p[`${name}.wc`] = createParam(seed, `${name}.wc`, [2 * H, 4 * H], glorot(2 * H, 4 * H))
      p[`${name}.att.wq`] = createParam(seed, `${name}.att.wq`, [2 * H, A], glorot(2 * H, A))
      p[`${name}.att.wk`] = createParam(seed, `${name}.att.wk`, [2 * H, A], glorot(2 * H, A))
      p[`${name}.att.b`] = createParam(seed, `${name}.att.b`, [A], { kind: 'zeros' })
      p[`${name}.att.v`] = createParam(seed, `${name}.att.v`, [A], glorot(A, 1))
    }
    return p
  }

  const project = (params: ParamMap, x: Tensor2D, opts: ApplyOptions = {}): Tensor2D => {
    return linear(x, param(params, `${name}.wx`) as Tensor2D, param(params, `${name}.b`), opts.inputGrad ?? true)
  }

  const applyProjected = (params: ParamMap, xwIn: Tensor3D, maskIn?: Tensor2D, opts: Pick<ApplyOptions, 'inference'> = {}): AttentionLstmOutput =>
    recur(params, xwIn, maskIn, true, opts.inference ?? false)

  /** The recurrence; `zero`: zero the masked rows of xw first (not needed when xw = project(zero-filled x)). */
  const recur = (params: ParamMap, xwIn: Tensor3D, maskIn: Tensor2D | undefined, zero: boolean, inference: boolean): AttentionLstmOutput => {
    const tf = getTf()
    const [B, T] = xwIn.shape
    if (xwIn.shape[2] !== 4 * H) throw new Error(`${name}: projected input has ${xwIn.shape[2]} features, expected ${4 * H}`)
    if (maskIn && (maskIn.shape[0] !== B || maskIn.shape[1] !== T)) throw new Error(`${name}: mask [${maskIn.shape}] does not match [${B}, ${T}]`)
    const xw = maskIn && zero ? zeroMasked(xwIn, maskIn) : xwIn
    if (spec.impl === 'fused') {
      const mask = maskIn ?? (tf.ones([B, T]) as Tensor2D)
      const w = (k: string) => param(params, `${name}.${k}`) as Tensor2D
      const fspec = { hidden: H, attDim: A, attention, contextNorm: spec.contextNorm }
      const weights = { wh: w('wh'), ...(attention ? { wc: w('wc'), wq: w('att.wq'), wk: w('att.wk'), ba: w('att.b'), v: w('att.v') } : {}) }
      const packed = inference ? inferRecurrence(fspec, xw, mask, weights) : fusedRecurrence(fspec, xw, mask, weights)
      const L = packed.shape[2] - H
      const h = L ? (tf.slice(packed, [0, 0, 0], [B, T, H]) as Tensor3D) : packed
      return {
        h,
        last: tf.reshape(tf.slice(h, [0, T - 1, 0], [B, 1, H]), [B, H]) as Tensor2D,
        attention: L ? (tf.slice(packed, [0, 0, H], [B, T, L]) as Tensor3D) : null
      }
    }
    const wh = param(params, `${name}.wh`) as Tensor2D
    const wc = attention ? (param(params, `${name}.wc`) as Tensor2D) : null
    const steps = tf.unstack(xw, 1) as Tensor2D[]
    const masks = maskIn ? (tf.unstack(tf.reshape(maskIn, [B, T, 1]), 1) as Tensor2D[]) : null
    let h = tf.zeros([B, H]) as Tensor2D
    let c = tf.zeros([B, H]) as Tensor2D
    const hs: Tensor2D[] = []
    const states: Tensor2D[] = [] // S_j = [h_j; c_j], [B, 2H]
    const keys: Tensor2D[] = [] // S_j W_k, [B, A]
    const keyMask: Tensor2D[] = [] // [B, 1]
    const rows: Tensor2D[] = []
    for (let t = 0; t < T; t++) {
      let gates = tf.add(steps[t], tf.matMul(h, wh)) as Tensor2D
      if (wc) {
        let ctx: Tensor2D
        let row: Tensor2D | null = null
        if (t === 0) {
          ctx = tf.zeros([B, 2 * H]) as Tensor2D
        } else {
          const q = tf.add(tf.matMul(tf.concat([h, c], 1) as Tensor2D, param(params, `${name}.att.wq`) as Tensor2D), param(params, `${name}.att.b`))
          const K = tf.stack(keys, 1) as Tensor3D // [B, t, A]
          const e = tf.sum(tf.mul(tf.tanh(tf.add(K, tf.expandDims(q, 1))), param(params, `${name}.att.v`)), 2) as Tensor2D // [B, t]
          const km = masks ? (tf.concat(keyMask, 1) as Tensor2D) : (tf.ones([B, t]) as Tensor2D)
          row = maskedSoftmax(e, km)
          ctx = tf.reshape(tf.matMul(tf.expandDims(row, 1) as Tensor3D, tf.stack(states, 1) as Tensor3D), [B, 2 * H]) as Tensor2D
          if (spec.contextNorm === 'paper-over-n') ctx = tf.div(ctx, tf.maximum(tf.sum(km, 1, true), 1)) as Tensor2D
        }
        if (T > 1) rows.push(row === null ? (tf.zeros([B, T - 1]) as Tensor2D) : row.shape[1] < T - 1 ? (tf.pad(row, [[0, 0], [0, T - 1 - row.shape[1]]]) as Tensor2D) : row)
        gates = tf.add(gates, tf.matMul(ctx, wc)) as Tensor2D
      }
      const [gi, gf, gg, go] = tf.split(gates, 4, 1) as Tensor2D[]
      let cNew = tf.add(tf.mul(tf.sigmoid(gf), c), tf.mul(tf.sigmoid(gi), tf.tanh(gg))) as Tensor2D
      let hNew = tf.mul(tf.sigmoid(go), tf.tanh(cNew)) as Tensor2D
      if (masks) {
        const m = masks[t]
        const keep = tf.sub(1, m)
        cNew = tf.add(tf.mul(m, cNew), tf.mul(keep, c)) as Tensor2D
        hNew = tf.add(tf.mul(m, hNew), tf.mul(keep, h)) as Tensor2D
      }
      h = hNew
      c = cNew
      hs.push(h)
      if (wc && t < T - 1) {
        const S = tf.concat([h, c], 1) as Tensor2D
        states.push(S)
        keys.push(tf.matMul(S, param(params, `${name}.att.wk`) as Tensor2D))
        keyMask.push(masks ? masks[t] : (tf.ones([B, 1]) as Tensor2D))
      }
    }
    return {
      h: tf.stack(hs, 1) as Tensor3D,
      last: h,
      attention: wc && T > 1 ? (tf.stack(rows, 1) as Tensor3D) : null
    }
  }

  const apply = (params: ParamMap, x: Tensor3D, mask?: Tensor2D, opts: ApplyOptions = {}): AttentionLstmOutput => {
    const tf = getTf()
    const [B, T, F] = x.shape
    if (F !== inF) throw new Error(`${name}: input has ${F} features, expected ${inF}`)
    const xs = mask ? zeroMasked(x, mask) : x
    const xw = tf.reshape(project(params, tf.reshape(xs, [B * T, F]) as Tensor2D, opts), [B, T, 4 * H]) as Tensor3D
    // xw rows of masked steps are W_x·0 + b: finite, and their update is discarded by the mask.
    return recur(params, xw, mask, false, opts.inference ?? false)
  }

  return { name, spec, init, project, apply, applyProjected }
}
