/**
 * Building blocks in functional style: a block is a name plus `init(seed) → ParamMap` and
 * `apply(params, x) → y`. `apply` reads its variables from the map by name (`<name>.w`, …), so a trainer holds
 * one ParamMap and calls `tf.variableGrads(() => loss(model.apply(params, x)), Object.values(params))` or
 * `optimizer.minimize(…, false, Object.values(params))`. All tensors are NHWC; conv filters are HWIO.
 */
import type { Tensor, Tensor2D, Tensor4D } from '../tf'
import { getTf } from '../tf'
import { conv2d, conv2dTranspose, type ConvPad } from './conv-ops'
import { createParam, type InitSpec, type ParamMap } from './params'

export interface Block<I extends Tensor = Tensor4D, O extends Tensor = Tensor4D> {
  readonly name: string
  /** Creates this block's variables, named `<name>.…`, deterministic in `seed`. */
  init(seed: number): ParamMap
  /** Forward pass; throws if a variable is missing from `params`. */
  apply(params: ParamMap, x: I): O
}

export type Activation = 'none' | 'relu' | 'lrelu' | 'tanh' | 'sigmoid'

/** LeakyReLU slope of the reference nets (PyTorch's default, torch_ref_bench.py). */
export const DEFAULT_LRELU_SLOPE = 0.01
/** Instance-norm epsilon (PyTorch's default). */
export const IN_EPS = 1e-5

function param(params: ParamMap, name: string): Tensor {
  const v = params[name]
  if (!v) throw new Error(`missing parameter ${name}`)
  return v
}

export function activate<T extends Tensor>(x: T, act: Activation, slope = DEFAULT_LRELU_SLOPE): T {
  const tf = getTf()
  switch (act) {
    case 'none':
      return x
    case 'relu':
      return tf.relu(x)
    case 'lrelu':
      return tf.leakyRelu(x, slope)
    case 'tanh':
      return tf.tanh(x)
    case 'sigmoid':
      return tf.sigmoid(x)
  }
}

function weightInit(act: Activation, fanIn: number, fanOut: number, slope: number): InitSpec {
  if (act === 'relu') return { kind: 'he-normal', fanIn }
  if (act === 'lrelu') return { kind: 'he-normal', fanIn, slope }
  return { kind: 'glorot-uniform', fanIn, fanOut }
}

/** Instance normalisation over H×W per sample and channel; affine γ (ones), β (zeros) per channel. */
export function instanceNormApply(params: ParamMap, name: string, x: Tensor4D, eps = IN_EPS): Tensor4D {
  const tf = getTf()
  const { mean, variance } = tf.moments(x, [1, 2], true)
  const xn = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)))
  return tf.add(tf.mul(xn, param(params, `${name}.gamma`)), param(params, `${name}.beta`)) as Tensor4D
}

export function instanceNormInit(seed: number, name: string, channels: number): ParamMap {
  return {
    [`${name}.gamma`]: createParam(seed, `${name}.gamma`, [channels], { kind: 'ones' }),
    [`${name}.beta`]: createParam(seed, `${name}.beta`, [channels], { kind: 'zeros' })
  }
}

export interface ConvSpec {
  readonly inC: number
  readonly outC: number
  readonly k: number
  readonly stride?: number
  readonly pad?: ConvPad
  /** Default true. */
  readonly bias?: boolean
  readonly act?: Activation
  readonly slope?: number
}

/** conv2d (+ bias) (+ activation). Weight init follows the activation: He for (leaky) ReLU, else Glorot. */
export function conv(name: string, spec: ConvSpec): Block {
  const { inC, outC, k, stride = 1, pad = 0, bias = true, act = 'none', slope = DEFAULT_LRELU_SLOPE } = spec
  return {
    name,
    init: (seed) => ({
      [`${name}.w`]: createParam(seed, `${name}.w`, [k, k, inC, outC], weightInit(act, k * k * inC, k * k * outC, slope)),
      ...(bias ? { [`${name}.b`]: createParam(seed, `${name}.b`, [outC], { kind: 'zeros' }) } : {})
    }),
    apply: (params, x) => {
      const tf = getTf()
      let y = conv2d(x, param(params, `${name}.w`) as Tensor4D, stride, pad)
      if (bias) y = tf.add(y, param(params, `${name}.b`)) as Tensor4D
      return activate(y, act, slope)
    }
  }
}

/** 1×1 conv (channel mixing, e.g. a GMU gate); same options as `conv`. */
export function conv1x1(name: string, spec: Omit<ConvSpec, 'k' | 'stride' | 'pad'>): Block {
  return conv(name, { ...spec, k: 1, stride: 1, pad: 0 })
}

/** conv (no bias: instance norm cancels it) → instance norm (affine) → ReLU. Names: `<name>.w`, `<name>.in.*`. */
export function convInRelu(name: string, spec: Omit<ConvSpec, 'bias' | 'act' | 'slope'>): Block {
  const c = conv(name, { ...spec, bias: false, act: 'none' })
  return {
    name,
    init: (seed) => ({ ...c.init(seed), ...instanceNormInit(seed, `${name}.in`, spec.outC) }),
    apply: (params, x) => getTf().relu(instanceNormApply(params, `${name}.in`, c.apply(params, x)))
  }
}

/** Strided conv + LeakyReLU (the discriminator's layers): defaults 4×4, stride 2, pad 1, slope 0.01, with bias. */
export function convLrelu(name: string, spec: { inC: number; outC: number; k?: number; stride?: number; pad?: ConvPad; slope?: number }): Block {
  return conv(name, { k: 4, stride: 2, pad: 1, ...spec, bias: true, act: 'lrelu' })
}

/**
 * Residual block: x → `convs` × convInRelu(3×3, stride 1, pad 1) → y; out = post(x + y). With post 'relu' it is
 * torch_ref_bench.py's `Res` (relu(x + b(x))); the thesis's Table A.1 writes Z = R1 + Conv43 (T:L2187-2202).
 */
export function residualBlock(name: string, spec: { channels: number; convs?: number; post?: 'relu' | 'none' }): Block {
  const n = spec.convs ?? 3
  const body = Array.from({ length: n }, (_, i) => convInRelu(`${name}.c${i + 1}`, { inC: spec.channels, outC: spec.channels, k: 3, stride: 1, pad: 1 }))
  return {
    name,
    init: (seed) => Object.assign({}, ...body.map((b) => b.init(seed))) as ParamMap,
    apply: (params, x) => {
      const tf = getTf()
      const y = body.reduce((h, b) => b.apply(params, h), x)
      const s = tf.add(x, y) as Tensor4D
      return spec.post === 'none' ? s : tf.relu(s)
    }
  }
}

/**
 * Transposed conv (no bias) → instance norm (affine) → ReLU: the decoder's upsampling. Defaults 4×4, stride 2,
 * pad 1 (doubles H and W). Filter `<name>.w` is [k, k, outC, inC] (tfjs conv2dTranspose layout).
 */
export function deconvInRelu(name: string, spec: { inC: number; outC: number; k?: number; stride?: number; pad?: number }): Block {
  const { inC, outC, k = 4, stride = 2, pad = 1 } = spec
  return {
    name,
    init: (seed) => ({
      [`${name}.w`]: createParam(seed, `${name}.w`, [k, k, outC, inC], { kind: 'he-normal', fanIn: (k * k * inC) / (stride * stride) }),
      ...instanceNormInit(seed, `${name}.in`, outC)
    }),
    apply: (params, x) => {
      const y = conv2dTranspose(x, param(params, `${name}.w`) as Tensor4D, stride, pad)
      return getTf().relu(instanceNormApply(params, `${name}.in`, y))
    }
  }
}

/** Dense layer on [N, inF] → [N, outF] (+ bias) (+ activation). */
export function dense(name: string, spec: { inF: number; outF: number; bias?: boolean; act?: Activation; slope?: number }): Block<Tensor2D, Tensor2D> {
  const { inF, outF, bias = true, act = 'none', slope = DEFAULT_LRELU_SLOPE } = spec
  return {
    name,
    init: (seed) => ({
      [`${name}.w`]: createParam(seed, `${name}.w`, [inF, outF], weightInit(act, inF, outF, slope)),
      ...(bias ? { [`${name}.b`]: createParam(seed, `${name}.b`, [outF], { kind: 'zeros' }) } : {})
    }),
    apply: (params, x) => {
      const tf = getTf()
      let y: Tensor2D = tf.matMul(x, param(params, `${name}.w`) as Tensor2D)
      if (bias) y = tf.add(y, param(params, `${name}.b`)) as Tensor2D
      return activate(y, act, slope)
    }
  }
}

/** Blocks applied one after the other; the params are the union of theirs. */
export function sequential<T extends Tensor = Tensor4D>(name: string, blocks: readonly Block<T, T>[]): Block<T, T> {
  return {
    name,
    init: (seed) => Object.assign({}, ...blocks.map((b) => b.init(seed))) as ParamMap,
    apply: (params, x) => blocks.reduce((h, b) => b.apply(params, h), x)
  }
}
