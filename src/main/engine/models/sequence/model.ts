/**
 * The stage-2 sequence model (choices in config.ts): per-frame latent vectors → fusion (none | concat | GMU) →
 * attention LSTM over a window of n frames → FC tanh → [V, A] of the window's LAST frame (+ optional quadrant
 * logits), with the attention of that last step over the window's previous states and the last frame's gate ZG.
 * Parameters: one ParamMap ('gmu.*', 'lstm.*', 'head.va.*', 'head.q.*').
 */
import type { Tensor3D } from '@tensorflow/tfjs'
import { AppError } from '../../../../shared/ipc/errors'
import { attentionLstm, zeroMasked, type AttentionLstm } from '../../blocks/attention-lstm'
import { gmu, type Gmu } from '../../blocks/gmu'
import { dense, type Block } from '../../blocks/layers'
import { disposeParams, setWeights, type NamedWeights, type ParamMap } from '../../blocks/params'
import type { Tensor2D } from '../../tf'
import { getTf } from '../../tf'
import { needsAudio, type SequenceConfig } from './config'

/** Sizes of the cached per-frame latent vectors. */
export interface LatentDims {
  readonly image?: number
  readonly audio?: number
}

export interface SequenceModel {
  readonly config: SequenceConfig
  readonly dims: LatentDims
  readonly attention: boolean
  readonly params: ParamMap
  readonly lstm: AttentionLstm
  readonly gmu: Gmu | null
  readonly head: Block<Tensor2D, Tensor2D>
  readonly quadrant: Block<Tensor2D, Tensor2D> | null
}

/** A batch of windows: latents [B, n, d] per modality (rows of masked frames may hold anything), mask [B, n]. */
export interface WindowBatch {
  readonly image?: Tensor3D
  readonly audio?: Tensor3D
  readonly mask: Tensor2D
}

export interface SequenceForward {
  /** [B, 2] in [−1, 1] (scaled labels), for the last frame of each window. */
  readonly va: Tensor2D
  readonly quadrantLogits: Tensor2D | null
  /** [B, n − 1]: the last step's weights over the states after window frames 0 … n − 2; null without attention. */
  readonly attention: Tensor2D | null
  /** [B, gmuDim]: ZG of the last frame (weight on the visual branch); null without a GMU. */
  readonly gate: Tensor2D | null
}

/** Checks that `dims` provides every latent the config reads; a missing audio latent is MEDIA_NO_AUDIO. */
export function checkDims(c: SequenceConfig, dims: LatentDims): void {
  if (c.modalities.includes('image') && !(dims.image && dims.image > 0)) throw new AppError('INVALID_ARGUMENT', `${c.variant} needs image latents (dims.image)`)
  if (needsAudio(c) && !(dims.audio && dims.audio > 0)) throw new AppError('MEDIA_NO_AUDIO', `${c.variant} needs audio latents (spectrogram G^S/D^S) and none were given`)
}

/** Size of the LSTM's per-frame input after fusion. */
export function fusedDim(c: SequenceConfig, dims: LatentDims): number {
  if (c.fusion === 'gmu') return c.gmuDim
  if (c.fusion === 'concat') return (dims.image ?? 0) + (dims.audio ?? 0)
  return c.modalities[0] === 'image' ? (dims.image ?? 0) : (dims.audio ?? 0)
}

export function createSequenceModel(c: SequenceConfig, dims: LatentDims, opts: { attention: boolean; seed?: number }): SequenceModel {
  checkDims(c, dims)
  const seed = opts.seed ?? c.seed
  const lstm = attentionLstm('lstm', {
    inF: fusedDim(c, dims),
    hidden: c.hidden,
    attention: opts.attention,
    attDim: c.attentionDim,
    contextNorm: c.contextNorm,
    forgetBias: c.forgetBias
  })
  const g = c.fusion === 'gmu' ? gmu('gmu', { inV: dims.image ?? 0, inS: dims.audio ?? 0, out: c.gmuDim }) : null
  const head = dense('head.va', { inF: c.hidden, outF: 2, act: 'tanh' })
  const quadrant = c.quadrantHead ? dense('head.q', { inF: c.hidden, outF: 4 }) : null
  const params: ParamMap = { ...(g ? g.init(seed) : {}), ...lstm.init(seed), ...head.init(seed), ...(quadrant ? quadrant.init(seed) : {}) }
  return { config: c, dims, attention: opts.attention, params, lstm, gmu: g, head, quadrant }
}

export function disposeSequenceModel(m: SequenceModel): void {
  disposeParams(m.params)
}

/**
 * Starts `to` from `from`'s weights (every shared name must match in shape). With `zeroContext` (SA-n built on
 * S-n) the context weights W_c are set to 0 so that `to` computes exactly `from`'s function at first.
 */
export function loadWeightsInto(to: SequenceModel, from: NamedWeights, opts: { zeroContext: boolean }): void {
  const tf = getTf()
  const shared = Object.fromEntries(Object.entries(from).filter(([k]) => k in to.params))
  setWeights(to.params, shared, { strict: false })
  const wc = to.params['lstm.wc']
  if (opts.zeroContext && wc) {
    const z = tf.zerosLike(wc)
    wc.assign(z)
    z.dispose()
  }
}

/**
 * Per-frame fused features from per-frame latents (rows = frames, zero-filled where missing): [N, fusedDim], and
 * ZG [N, gmuDim] with a GMU.
 */
export function frameFeatures(m: SequenceModel, image: Tensor2D | null, audio: Tensor2D | null): { x: Tensor2D; gate: Tensor2D | null } {
  const tf = getTf()
  const c = m.config
  const need = (t: Tensor2D | null, what: string): Tensor2D => {
    if (!t) throw new AppError(what === 'audio' ? 'MEDIA_NO_AUDIO' : 'INVALID_ARGUMENT', `${c.variant} needs ${what} latents`)
    return t
  }
  if (c.fusion === 'gmu' && m.gmu) {
    const r = m.gmu.apply(m.params, need(image, 'image'), need(audio, 'audio'))
    return { x: r.out, gate: r.gate }
  }
  if (c.fusion === 'concat') return { x: tf.concat([need(image, 'image'), need(audio, 'audio')], 1) as Tensor2D, gate: null }
  return { x: c.modalities[0] === 'image' ? need(image, 'image') : need(audio, 'audio'), gate: null }
}

/** V/A (tanh) and optional quadrant logits from LSTM outputs [B, H]. */
export function headOutputs(m: SequenceModel, h: Tensor2D): { va: Tensor2D; quadrantLogits: Tensor2D | null } {
  return { va: m.head.apply(m.params, h), quadrantLogits: m.quadrant ? m.quadrant.apply(m.params, h) : null }
}

/** Forward over a batch of windows → outputs for the last frame of each window. */
export function sequenceForward(m: SequenceModel, b: WindowBatch): SequenceForward {
  const tf = getTf()
  const c = m.config
  const [B, n] = b.mask.shape
  const flat = (t: Tensor3D | undefined): Tensor2D | null => {
    if (!t) return null
    if (t.shape[0] !== B || t.shape[1] !== n) throw new Error(`window latents [${t.shape}] do not match the mask [${B}, ${n}]`)
    return tf.reshape(zeroMasked(t, b.mask), [B * n, t.shape[2]]) as Tensor2D
  }
  const f = frameFeatures(m, flat(b.image), flat(b.audio))
  const x = tf.reshape(f.x, [B, n, f.x.shape[1]]) as Tensor3D
  // With no GMU the LSTM input is the cached data itself: no gradient is needed for it.
  const out = m.lstm.apply(m.params, x, b.mask, { inputGrad: c.fusion === 'gmu' })
  const { va, quadrantLogits } = headOutputs(m, out.last)
  const attention = out.attention ? (tf.reshape(tf.slice(out.attention, [0, n - 1, 0], [B, 1, n - 1]), [B, n - 1]) as Tensor2D) : null
  const gate = f.gate ? (tf.reshape(tf.slice(tf.reshape(f.gate, [B, n, f.gate.shape[1]]), [0, n - 1, 0], [B, 1, f.gate.shape[1]]), [B, f.gate.shape[1]]) as Tensor2D) : null
  return { va, quadrantLogits, attention, gate }
}
