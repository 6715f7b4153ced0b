/**
 * One AEG-CD-SZ training step per phase of the progressive schedule (models/aeg-cd-sz/schedule.ts; losses and
 * citations in models/aeg-cd-sz/config.ts). Reuses ANCLaF's gradsOf / stopGradient / Adam and the log-GAN loss.
 * - disc: CD on the input frames, ℓ2 on V/A, CD's V/A path only (no real/fake head, no audio FC).
 * - aeg-cd / aeg-cd-sz: CD step (eq.9): log-GAN real (clean) vs fake (AEG(x̃), constant) + λ_afc·L_afc on real;
 *   then AEG step (eq.10): log-GAN "real" on CD(AEG(x̃)) + λ_afc·L_afc on fake + λ_rec·‖x − AEG(AEG(x̃))‖₁
 *   (+ λ_recDirect·‖x − AEG(x̃)‖₁). With z, CD's real branch gets z = enc_AEG(clean) and the fake one
 *   z = enc_AEG(x̃) (which carries the gradient to AEG's encoder in the AEG step).
 * A non-finite loss leaves the parameters unchanged (caller stops).
 */
import type { Scalar } from '@tensorflow/tfjs'
import type { Tensor, Tensor4D } from '../tf'
import { getTf } from '../tf'
import { generator } from '../models/anclaf/generator'
import { conditionalDiscriminator } from '../models/aeg-cd-sz/conditional-discriminator'
import { generatorConfig, type AegConfig } from '../models/aeg-cd-sz/config'
import { aegAffectLoss, cycleReconstructionLoss, l2Loss } from '../models/aeg-cd-sz/losses'
import type { AegNets } from '../models/aeg-cd-sz/model'
import type { AegPhase } from '../models/aeg-cd-sz/schedule'
import { adamStep, type AdamState } from './adam'
import { gradsOf } from './anclaf-step'
import { ganLoss, reconstructionLoss } from './losses'

export interface AegBatch {
  /** Clean images in [−1, 1]. */
  readonly clean: Tensor4D
  /** AEG's input (degraded or clean). */
  readonly input: Tensor4D
  /** [N, audioDim] normalised audio features. */
  readonly audio: Tensor
  /** [N, 2] labels / labelRange. */
  readonly target: Tensor
  /** [N] class-balance weights or null. */
  readonly weights: Tensor | null
}

export interface AegStepLosses {
  cd_adv: number
  cd_afc: number
  g_adv: number
  g_afc: number
  g_rec: number
  total_cd: number
  total_g: number
}

export interface AegOptimiserStates {
  readonly g: AdamState
  readonly cd: AdamState
}

/** CD parameters that the phase trains (unused ones have no gradient path). */
export function trainableCd(phase: AegPhase, cd: ReadonlyMap<string, Tensor>): string[] {
  return [...cd.keys()].filter((n) => (phase.adversarial || !n.startsWith('rf/')) && (phase.inputs.useAudio || !n.startsWith('audio/')))
}

function disposeAll(gs: Map<string, Tensor>[]): void {
  for (const g of gs) for (const t of g.values()) t.dispose()
}

/** `lr` (default `c.optimiser.lr`) is this step's learning rate (the trainer's schedule). */
export function aegTrainStep(nets: AegNets, opt: AegOptimiserStates, c: AegConfig, phase: AegPhase, b: AegBatch, lr = c.optimiser.lr): AegStepLosses {
  const tf = getTf()
  const o = { ...c.optimiser, lr }
  const L: AegStepLosses = { cd_adv: 0, cd_afc: 0, g_adv: 0, g_afc: 0, g_rec: 0, total_cd: 0, total_g: 0 }
  const audio = phase.inputs.useAudio ? b.audio : null
  const cdNames = trainableCd(phase, nets.cd)
  if (!phase.adversarial) {
    const r = gradsOf([{ net: nets.cd, names: cdNames }], ([cd]) => {
      const out = conditionalDiscriminator(cd, c, b.input, null, audio)
      const l = l2Loss(out.va, b.target)
      L.cd_afc = l.dataSync()[0]
      return l
    })
    L.total_cd = r.value
    if (Number.isFinite(r.value)) adamStep(nets.cd, r.grads[0], opt.cd, o)
    disposeAll(r.grads)
    return L
  }
  const gc = generatorConfig(c)
  const useZ = phase.inputs.useZ
  const [fake, zFake, zReal] = tf.tidy(() => {
    const g = generator(nets.g, gc, b.input)
    return [g.image, g.z, useZ ? generator(nets.g, gc, b.clean).z : tf.zeros([1])]
  })
  // CD step (eq.9).
  const cdRes = gradsOf([{ net: nets.cd, names: cdNames }], ([cd]) => {
    const real = conditionalDiscriminator(cd, c, b.clean, useZ ? (zReal as Tensor4D) : null, audio)
    const fk = conditionalDiscriminator(cd, c, fake, useZ ? zFake : null, audio)
    const adv = tf.add(ganLoss(real.realFake, 1), ganLoss(fk.realFake, 0)) as Scalar
    const afc = aegAffectLoss(real.va, b.target, b.weights).total
    L.cd_adv = adv.dataSync()[0]
    L.cd_afc = afc.dataSync()[0]
    return tf.add(tf.mul(adv, c.loss.adv), tf.mul(afc, c.loss.afc)) as Scalar
  })
  tf.dispose([fake, zFake, zReal])
  L.total_cd = cdRes.value
  // AEG step (eq.10).
  const gRes = gradsOf([{ net: nets.g, names: [...nets.g.keys()] }], ([g]) => {
    const out = generator(g, gc, b.input)
    const cdOut = conditionalDiscriminator(nets.cd, c, out.image, useZ ? out.z : null, audio)
    const adv = ganLoss(cdOut.realFake, 1)
    const afc = aegAffectLoss(cdOut.va, b.target, b.weights).total
    const rec = cycleReconstructionLoss(b.clean, generator(g, gc, out.image).image)
    L.g_adv = adv.dataSync()[0]
    L.g_afc = afc.dataSync()[0]
    L.g_rec = rec.dataSync()[0]
    let total = tf.add(tf.add(tf.mul(adv, c.loss.adv), tf.mul(afc, c.loss.afc)), tf.mul(rec, c.loss.rec)) as Scalar
    if (c.loss.recDirect > 0) total = tf.add(total, tf.mul(reconstructionLoss(out.image, b.clean), c.loss.recDirect)) as Scalar
    return total
  })
  L.total_g = gRes.value
  if (Object.values(L).every(Number.isFinite)) {
    adamStep(nets.cd, cdRes.grads[0], opt.cd, o)
    adamStep(nets.g, gRes.grads[0], opt.g, o)
  }
  disposeAll(cdRes.grads)
  disposeAll(gRes.grads)
  return L
}
