/**
 * One ANCLaF stage-1 step (P000:L93-95, eq.9; T:L1648): D on clean (real) vs G(Ĩ) (fake) + quadrant CE on clean;
 * then G and C together: adversarial + ℓ1 reconstruction for G (unless `denoise` is off) and the affect loss of
 * C on ZQ, which reaches G's encoder through Z when `affectToG` (config.ts). D receives no gradient from C.
 */
import type { Scalar } from '@tensorflow/tfjs'
import type { Tensor, Tensor4D } from '../tf'
import { getTf } from '../tf'
import { combiner } from '../models/anclaf/combiner'
import type { AnclafConfig } from '../models/anclaf/config'
import { discriminator } from '../models/anclaf/discriminator'
import { encodeG, generator } from '../models/anclaf/generator'
import { stopGradient, type Params } from '../models/anclaf/layers'
import type { AnclafNets } from '../models/anclaf/model'
import { adamStep, type AdamState } from './adam'
import { affectLoss, ganLoss, quadrantLoss, reconstructionLoss } from './losses'

export interface StepBatch {
  /** Clean images in [−1, 1]. */
  readonly clean: Tensor4D
  /** Input to G: degraded (or the clean images themselves with degradation off). */
  readonly input: Tensor4D
  /** [N, 2] labels scaled to [−1, 1]. */
  readonly target: Tensor
  /** [N] int quadrant labels. */
  readonly quadrant: Tensor
  /** [N] class-balance weights, or null. */
  readonly weights: Tensor | null
}

export interface StepLosses {
  d_real_fake: number
  d_quadrant: number
  g_adv: number
  g_rec: number
  affect: number
  total_d: number
  total_gc: number
}

export interface OptimiserStates {
  readonly g: AdamState
  readonly d: AdamState
  readonly c: AdamState
}

const isDecoder = (name: string): boolean => name.startsWith('dconv') || name.startsWith('conv5')

/** Names of G's parameters that receive a gradient in the G/C step. */
export function trainableG(c: AnclafConfig, g: Params): string[] {
  const names = [...g.keys()]
  if (c.denoise) return names
  return c.affectToG ? names.filter((n) => !isDecoder(n)) : []
}

/** Names of D's parameters that receive a gradient in the D step (no real/fake head without denoising). */
export function trainableD(c: AnclafConfig, d: Params): string[] {
  return [...d.keys()].filter((n) => c.denoise || !n.startsWith('rf/'))
}

/**
 * Value and gradients of `loss` w.r.t. the named parameters of several nets. `loss` receives views of the nets in
 * which the trainable tensors are the differentiated arguments.
 */
export function gradsOf(
  groups: ReadonlyArray<{ readonly net: Params; readonly names: readonly string[] }>,
  loss: (views: Params[]) => Scalar
): { value: number; grads: Map<string, Tensor>[] } {
  const tf = getTf()
  const flat: Tensor[] = []
  for (const g of groups) for (const n of g.names) flat.push(g.net.get(n)!)
  const f = (...xs: Tensor[]): Scalar => {
    let k = 0
    const views = groups.map((g) => {
      const v: Params = new Map(g.net)
      for (const n of g.names) v.set(n, xs[k++])
      return v
    })
    return loss(views)
  }
  const { value, grads } = tf.valueAndGrads(f)(flat)
  const out = groups.map(() => new Map<string, Tensor>())
  let k = 0
  groups.forEach((g, i) => {
    for (const n of g.names) out[i].set(n, grads[k++])
  })
  const v = value.dataSync()[0]
  value.dispose()
  return { value: v, grads: out }
}

function disposeGrads(gs: Map<string, Tensor>[]): void {
  for (const g of gs) for (const t of g.values()) t.dispose()
}

/**
 * Runs the D step then the G+C step, updating `nets` in place with Adam. Returns the loss terms; when any of them
 * is not finite the parameters are left UNCHANGED (the caller stops the run). `lr` (default `c.optimiser.lr`) is
 * this step's learning rate for all three nets (the trainer's schedule).
 */
export function anclafTrainStep(nets: AnclafNets, opt: OptimiserStates, c: AnclafConfig, b: StepBatch, lr = c.optimiser.lr): StepLosses {
  const tf = getTf()
  const L: StepLosses = { d_real_fake: 0, d_quadrant: 0, g_adv: 0, g_rec: 0, affect: 0, total_d: 0, total_gc: 0 }
  const fake = tf.tidy(() => generator(nets.g, c, b.input).image)
  // D step: real = clean images, fake = G(Ĩ) (constant here); Q learned on the clean images.
  const dNames = trainableD(c, nets.d)
  const dRes = gradsOf([{ net: nets.d, names: dNames }], ([d]) => {
    const real = discriminator(d, c, b.clean)
    const lq = quadrantLoss(real.quadrant, b.quadrant)
    L.d_quadrant = lq.dataSync()[0]
    if (!c.denoise) return tf.mul(lq, c.loss.quadrant) as Scalar
    const fk = discriminator(d, c, fake)
    const lrf = tf.add(ganLoss(real.realFake, 1), ganLoss(fk.realFake, 0))
    L.d_real_fake = lrf.dataSync()[0]
    return tf.add(tf.mul(lrf, c.loss.adv), tf.mul(lq, c.loss.quadrant)) as Scalar
  })
  fake.dispose()
  L.total_d = dRes.value
  // G + C step.
  const gNames = trainableG(c, nets.g)
  const groups = [
    { net: nets.g, names: gNames },
    { net: nets.c, names: [...nets.c.keys()] }
  ]
  const gcRes = gradsOf(groups, ([g, cc]) => {
    const out = c.denoise ? generator(g, c, b.input) : { z: encodeG(g, c, b.input), image: null }
    const image = out.image ?? tf.tidy(() => generator(nets.g, c, b.input).image)
    const dOut = discriminator(nets.d, c, image)
    const q = stopGradient(tf.softmax(dOut.quadrant))
    const z = c.affectToG ? out.z : (stopGradient(out.z) as Tensor4D)
    const va = combiner(cc, c, z, q)
    const aff = affectLoss(va, b.target, b.weights).total
    L.affect = aff.dataSync()[0]
    let total: Scalar = tf.mul(aff, c.loss.affect) as Scalar
    if (c.denoise) {
      const adv = ganLoss(dOut.realFake, 1)
      const rec = reconstructionLoss(image, b.clean)
      L.g_adv = adv.dataSync()[0]
      L.g_rec = rec.dataSync()[0]
      total = tf.add(total, tf.add(tf.mul(adv, c.loss.adv), tf.mul(rec, c.loss.rec))) as Scalar
    }
    return total
  })
  L.total_gc = gcRes.value
  const finite = Object.values(L).every(Number.isFinite)
  if (finite) {
    const o = { ...c.optimiser, lr }
    adamStep(nets.d, dRes.grads[0], opt.d, o)
    if (gNames.length > 0) adamStep(nets.g, gcRes.grads[0], opt.g, o)
    adamStep(nets.c, gcRes.grads[1], opt.c, o)
  }
  disposeGrads(dRes.grads)
  disposeGrads(gcRes.grads)
  return L
}
