/**
 * The Affective Process network (choices in config.ts): encoder q_φ([x; up(ŷ)]) → r (3-layer MLP), masked mean
 * aggregation → r_C, latent encoder (shared linear + ReLU, then μ_C and σ_C heads), decoder f_θ([x_t; z]) → ỹ^μ,
 * ỹ^σ (3-layer MLP). Parameters: one ParamMap ('enc.*', 'lat.*', 'dec.*').
 */
import type { Tensor3D } from '@tensorflow/tfjs'
import { AppError } from '../../../../shared/ipc/errors'
import { linear } from '../../blocks/linear'
import { createParam, disposeParams, type InitSpec, type ParamMap } from '../../blocks/params'
import type { Tensor, Tensor2D } from '../../tf'
import { getTf } from '../../tf'
import type { ApConfig } from './config'

export interface ApModel {
  readonly config: ApConfig
  /** Size of the backbone's feature vector x. */
  readonly featureDim: number
  readonly params: ParamMap
}

export interface Gaussian {
  readonly mu: Tensor2D
  readonly sigma: Tensor2D
}

interface LayerSpec {
  readonly name: string
  readonly inF: number
  readonly outF: number
  readonly relu: boolean
}

/** The dense layers of the model, in order (name, sizes, whether ReLU follows). */
export function apLayers(c: ApConfig, featureDim: number): LayerSpec[] {
  const h = c.hidden
  const encIn = featureDim + (c.labelEmbed === 'linear' ? featureDim : 2 * Math.ceil(featureDim / 2))
  return [
    ...(c.labelEmbed === 'linear' ? [{ name: 'enc.up', inF: 2, outF: featureDim, relu: false }] : []),
    { name: 'enc.l1', inF: encIn, outF: h, relu: true },
    { name: 'enc.l2', inF: h, outF: h, relu: true },
    { name: 'enc.l3', inF: h, outF: c.rDim, relu: false },
    { name: 'lat.shared', inF: c.rDim, outF: c.rDim, relu: true },
    { name: 'lat.mu', inF: c.rDim, outF: c.zDim, relu: false },
    { name: 'lat.sigma', inF: c.rDim, outF: c.zDim, relu: false },
    { name: 'dec.l1', inF: featureDim + c.zDim, outF: h, relu: true },
    { name: 'dec.l2', inF: h, outF: h, relu: true },
    { name: 'dec.l3', inF: h, outF: 4, relu: false }
  ]
}

export function createApModel(c: ApConfig, featureDim: number, seed = c.seed): ApModel {
  if (!Number.isInteger(featureDim) || featureDim < 1) throw new AppError('INVALID_ARGUMENT', `AP: the backbone's feature size must be a positive integer, got ${featureDim}`)
  const params: ParamMap = {}
  for (const l of apLayers(c, featureDim)) {
    const w: InitSpec = l.relu ? { kind: 'he-normal', fanIn: l.inF } : { kind: 'glorot-uniform', fanIn: l.inF, fanOut: l.outF }
    params[`${l.name}.w`] = createParam(seed, `${l.name}.w`, [l.inF, l.outF], w)
    params[`${l.name}.b`] = createParam(seed, `${l.name}.b`, [l.outF], { kind: 'zeros' })
  }
  return { config: c, featureDim, params }
}

export function disposeApModel(m: ApModel): void {
  disposeParams(m.params)
}

function dense(m: ApModel, name: string, x: Tensor2D, relu: boolean, inputGrad = true): Tensor2D {
  const w = m.params[`${name}.w`]
  const b = m.params[`${name}.b`]
  if (!w || !b) throw new Error(`AP: missing parameter ${name}`)
  const y = linear(x, w as Tensor as Tensor2D, b, inputGrad)
  return relu ? getTf().relu(y) : y
}

/** ŷ [N, 2] "upsampled" to the feature size (config `labelEmbed`). */
export function embedLabels(m: ApModel, y: Tensor2D): Tensor2D {
  const tf = getTf()
  if (m.config.labelEmbed === 'linear') return dense(m, 'enc.up', y, false)
  return tf.tile(y, [1, Math.ceil(m.featureDim / 2)]) as Tensor2D
}

/** r_c = q_φ([x_c; up(ŷ_c)]) for N points: [N, rDim]. */
export function encodePoints(m: ApModel, x: Tensor2D, y: Tensor2D): Tensor2D {
  const tf = getTf()
  const h0 = tf.concat([x, embedLabels(m, y)], 1) as Tensor2D
  const h1 = dense(m, 'enc.l1', h0, true)
  const h2 = dense(m, 'enc.l2', h1, true)
  return dense(m, 'enc.l3', h2, false)
}

/** (μ_C, σ_C) of an aggregated representation r [B, rDim]: σ = floor + (1 − floor)·sigmoid. */
export function latentDist(m: ApModel, r: Tensor2D): Gaussian {
  const tf = getTf()
  const h = dense(m, 'lat.shared', r, true)
  const fl = m.config.latentSigmaFloor
  return { mu: dense(m, 'lat.mu', h, false), sigma: tf.add(fl, tf.mul(1 - fl, tf.sigmoid(dense(m, 'lat.sigma', h, false)))) as Tensor2D }
}

/** Masked mean over the points of each set: r [B, L, d], mask [B, L] (1 = in the set) → [B, d]. */
export function aggregate(r: Tensor3D, mask: Tensor2D): Tensor2D {
  const tf = getTf()
  const w = tf.expandDims(mask, 2)
  const n = tf.maximum(tf.sum(mask, 1, true), 1)
  return tf.div(tf.sum(tf.mul(r, w), 1), n) as Tensor2D
}

/**
 * Decoder f_θ([x_t; z]) for N targets: ỹ^μ [N, 2] and ỹ^σ = floor + softplus(·) [N, 2]. `yHat` [N, 2], the backbone's
 * predictions of the targets, is added to the mean when config.decoderOutput is 'residual' (required then).
 */
export function decode(m: ApModel, x: Tensor2D, z: Tensor2D, yHat?: Tensor2D): Gaussian {
  const tf = getTf()
  const h1 = dense(m, 'dec.l1', tf.concat([x, z], 1) as Tensor2D, true)
  const h2 = dense(m, 'dec.l2', h1, true)
  const out = dense(m, 'dec.l3', h2, false)
  let mu = tf.slice(out, [0, 0], [-1, 2]) as Tensor2D
  if (m.config.decoderOutput === 'residual') {
    if (!yHat) throw new AppError('INTERNAL', "AP: the residual decoder needs the backbone's predictions of its targets")
    mu = tf.add(mu, yHat) as Tensor2D
  }
  const sigma = tf.add(m.config.outputSigmaFloor, tf.softplus(tf.slice(out, [0, 2], [-1, 2]))) as Tensor2D
  return { mu, sigma }
}

/** A training batch of B sequences of length L (padded positions: both masks 0). */
export interface ApBatch {
  /** [B, L, featureDim] */
  readonly x: Tensor3D
  /** [B, L, 2] context labels (ground truth or backbone predictions per sequence). */
  readonly yCtx: Tensor3D
  /** [B, L, 2] ground truth (targets). */
  readonly yTgt: Tensor3D
  /** [B, L, 2] the backbone's predictions at every position (the residual decoder's base). */
  readonly yHat: Tensor3D
  /** [B, L] 1 = context point. */
  readonly ctx: Tensor2D
  /** [B, L] 1 = target point (valid and labelled). */
  readonly tgt: Tensor2D
  /** [B, zDim] standard-normal draws for z = μ_C + σ_C ⊙ ε. */
  readonly eps: Tensor2D
}

export interface ApForward {
  /** [B·L, 2] predictive mean and σ at every position (row b·L + l). */
  readonly out: Gaussian
  /** q(z|C) per sequence [B, zDim]. */
  readonly prior: Gaussian
  /** q(z|T) per sequence (targets encoded with their ground truth); null when `withPosterior` is false. */
  readonly posterior: Gaussian | null
}

/** Training forward: z ~ q(z|C) (reparameterised), decoded at every position. */
export function apForward(m: ApModel, b: ApBatch, withPosterior: boolean): ApForward {
  const tf = getTf()
  const [B, L, d] = b.x.shape
  if (d !== m.featureDim) throw new AppError('INVALID_ARGUMENT', `AP: features have ${d} values, the model reads ${m.featureDim}`)
  const x2 = tf.reshape(b.x, [B * L, d]) as Tensor2D
  const setDist = (y: Tensor3D, mask: Tensor2D): Gaussian => {
    const r = tf.reshape(encodePoints(m, x2, tf.reshape(y, [B * L, 2]) as Tensor2D), [B, L, m.config.rDim]) as Tensor3D
    return latentDist(m, aggregate(r, mask))
  }
  const prior = setDist(b.yCtx, b.ctx)
  const posterior = withPosterior ? setDist(b.yTgt, b.tgt) : null
  const z = tf.add(prior.mu, tf.mul(prior.sigma, b.eps)) as Tensor2D
  const zRows = tf.reshape(tf.tile(tf.expandDims(z, 1), [1, L, 1]), [B * L, m.config.zDim]) as Tensor2D
  const yHat = m.config.decoderOutput === 'residual' ? (tf.reshape(b.yHat, [B * L, 2]) as Tensor2D) : undefined
  return { out: decode(m, x2, zRows, yHat), prior, posterior }
}
