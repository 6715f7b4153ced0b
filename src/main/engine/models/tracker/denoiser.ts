/**
 * FADeNN's internal image denoiser IID (T ch.3 L759-821, ch.4 eq.4.9-4.12): an hourglass auto-encoder with
 * symmetric skip connections (Mao et al., L759) — strided 3×3 convs down (each followed by one same-size "mirror"
 * conv, L759 "a few additional mirror layers"), 4×4/s2 transposed convs up, encoder features ADDED to the decoder
 * at each level, and the input added to the output (residual image). No normalisation layers: the illumination
 * degradation is a global intensity change that a normalised network could not undo.
 *
 * Variants (config `denoiser.kind`): D = one DAE (eq.3.2); S = single-task noise classifier (encoder only, eq.3.5)
 * + one specialised DAE per class (eq.3.3-3.6); M = multi-task classifier (a full DAE whose bottleneck also feeds
 * the classifier; reconstruction as regulariser, eq.3.10) + specialised DAEs. For S/M, class 0 (clean) skips the
 * denoising (eq.3.6).
 */
import type { Tensor, Tensor2D, Tensor4D } from '../../tf'
import { getTf } from '../../tf'
import { conv, dense } from '../../blocks/layers'
import { conv2dTranspose } from '../../blocks/conv-ops'
import { createParam, type ParamMap } from '../../blocks/params'
import type { TrackerConfig } from './config'

function deconv(name: string, inC: number, outC: number, act: 'relu' | 'none') {
  return {
    init: (seed: number): ParamMap => ({
      [`${name}.w`]: createParam(seed, `${name}.w`, [4, 4, outC, inC], { kind: 'he-normal', fanIn: (16 * inC) / 4 }),
      [`${name}.b`]: createParam(seed, `${name}.b`, [outC], { kind: 'zeros' })
    }),
    apply: (p: ParamMap, x: Tensor4D): Tensor4D => {
      const tf = getTf()
      const y = tf.add(conv2dTranspose(x, p[`${name}.w`] as Tensor4D, 2, 1), p[`${name}.b`]) as Tensor4D
      return act === 'relu' ? tf.relu(y) : y
    }
  }
}

/** Hourglass DAE; `encode` gives the bottleneck too (for the multi-task classifier). */
export function hourglass(name: string, channels: readonly number[], withDecoder = true) {
  const down = channels.map((outC, i) => conv(`${name}.e${i}`, { inC: i === 0 ? 3 : channels[i - 1], outC, k: 3, stride: 2, pad: 'same', act: 'relu' }))
  const mirror = channels.map((c, i) => conv(`${name}.m${i}`, { inC: c, outC: c, k: 3, stride: 1, pad: 'same', act: 'relu' }))
  const up = withDecoder ? channels.map((c, i) => deconv(`${name}.d${i}`, c, i === 0 ? 3 : channels[i - 1], i === 0 ? 'none' : 'relu')) : []
  const encode = (p: ParamMap, x: Tensor4D): Tensor4D[] => {
    const feats: Tensor4D[] = []
    let h = x
    for (let i = 0; i < channels.length; i++) {
      h = mirror[i].apply(p, down[i].apply(p, h))
      feats.push(h)
    }
    return feats
  }
  return {
    init: (seed: number): ParamMap => Object.assign({}, ...down.map((b) => b.init(seed)), ...mirror.map((b) => b.init(seed)), ...up.map((b) => b.init(seed))) as ParamMap,
    encode,
    /** Denoised image [N, S, S, 3] (input + decoded residual) and the bottleneck. */
    apply: (p: ParamMap, x: Tensor4D): { y: Tensor4D; bottleneck: Tensor4D } => {
      const tf = getTf()
      const feats = encode(p, x)
      let h = feats[feats.length - 1]
      for (let i = channels.length - 1; i >= 0; i--) {
        h = up[i].apply(p, h)
        if (i > 0) h = tf.relu(tf.add(h, feats[i - 1])) as Tensor4D
      }
      return { y: tf.add(x, h) as Tensor4D, bottleneck: feats[feats.length - 1] }
    }
  }
}

export interface DenoiseOutput {
  /** The image fed to the landmark estimator (Ŷ). */
  readonly y: Tensor4D
  /** Noise-class logits [N, K + 1] (S/M), else null. */
  readonly logits: Tensor2D | null
  /** The multi-task classifier's reconstruction (M), else null. */
  readonly recon: Tensor4D | null
  /** Each specialised DAE's output on the input (S/M) or the single DAE's (D). */
  readonly daes: Tensor4D[]
}

export function denoiser(name: string, c: TrackerConfig) {
  const d = c.denoiser
  const k = d.classes.length
  const ch = d.channels
  const daes = d.kind === 'D' ? [hourglass(`${name}.dae`, ch)] : d.kind === 'none' ? [] : d.classes.map((_, i) => hourglass(`${name}.sdae${i + 1}`, ch))
  const clsNet = d.kind === 'S' ? hourglass(`${name}.stc`, ch, false) : d.kind === 'M' ? hourglass(`${name}.mtc`, ch) : null
  const clsHead = clsNet ? dense(`${name}.cls`, { inF: ch[ch.length - 1], outF: k + 1 }) : null
  const classify = (p: ParamMap, x: Tensor4D, withRecon = true): { logits: Tensor2D; recon: Tensor4D | null } => {
    const tf = getTf()
    let bottleneck: Tensor4D
    let recon: Tensor4D | null = null
    if (d.kind === 'M' && withRecon) {
      const r = clsNet!.apply(p, x)
      bottleneck = r.bottleneck
      recon = r.y
    } else {
      const f = clsNet!.encode(p, x)
      bottleneck = f[f.length - 1]
    }
    return { logits: clsHead!.apply(p, tf.mean(bottleneck, [1, 2]) as Tensor2D), recon }
  }
  return {
    classes: k,
    init: (seed: number): ParamMap => Object.assign({}, ...daes.map((b) => b.init(seed)), clsNet?.init(seed) ?? {}, clsHead?.init(seed) ?? {}) as ParamMap,
    /**
     * Full forward. `select` picks the DAE per sample: the predicted class (default; eq.3.4/4.11) or given classes
     * (teacher forcing). Class 0 passes the input through (eq.3.6).
     */
    /**
     * Inference: Ŷ only, running just the DAEs of the classes predicted in the batch (a tracker step has one
     * crop, so at most one specialised DAE runs). Reads the predicted classes synchronously.
     */
    infer: (p: ParamMap, x: Tensor4D): Tensor4D => {
      const tf = getTf()
      if (d.kind === 'none') return x
      if (d.kind === 'D') return daes[0].apply(p, x).y
      const cls = tf.argMax(classify(p, x, false).logits, 1).dataSync() // the MTC's decoder is a training regulariser only
      let y: Tensor4D = x
      for (let c = 1; c <= k; c++) {
        const sel = Array.from(cls, (v) => (v === c ? 1 : 0))
        if (!sel.some((v) => v === 1)) continue
        const mask = tf.tensor4d(sel, [sel.length, 1, 1, 1])
        y = tf.add(tf.mul(daes[c - 1].apply(p, x).y, mask), tf.mul(y, tf.sub(1, mask))) as Tensor4D
      }
      return y
    },
    apply: (p: ParamMap, x: Tensor4D, select?: Int32Array): DenoiseOutput => {
      const tf = getTf()
      if (d.kind === 'none') return { y: x, logits: null, recon: null, daes: [] }
      if (d.kind === 'D') {
        const y = daes[0].apply(p, x).y
        return { y, logits: null, recon: null, daes: [y] }
      }
      const { logits, recon } = classify(p, x)
      const outs = daes.map((m) => m.apply(p, x).y)
      const cls = select ? tf.tensor1d(select, 'int32') : (tf.argMax(logits, 1) as Tensor)
      const mask = tf.reshape(tf.transpose(tf.oneHot(cls, k + 1)), [k + 1, x.shape[0], 1, 1, 1])
      const y = tf.sum(tf.mul(tf.stack([x, ...outs]), mask), 0) as Tensor4D
      return { y, logits, recon, daes: outs }
    }
  }
}
