/** AEG-CD-SZ networks as parameter maps (AEG = ANCLaF's G, CD) and the full forward pass. */
import type { Tensor, Tensor4D } from '../../tf'
import { countParams, disposeParams, initParams, type Params } from '../anclaf/layers'
import { generator, generatorSpec } from '../anclaf/generator'
import { conditionalDiscriminator, cdSpec } from './conditional-discriminator'
import { generatorConfig, type AegConfig } from './config'

export interface AegNets {
  readonly g: Params
  readonly cd: Params
}
export const AEG_NET_NAMES = ['g', 'cd'] as const

export function createAeg(c: AegConfig, seed = c.seed): AegNets {
  return { g: initParams(generatorSpec(generatorConfig(c)), seed * 2 + 1), cd: initParams(cdSpec(c), seed * 2 + 2) }
}

export function disposeAeg(n: AegNets): void {
  disposeParams(n.g)
  disposeParams(n.cd)
}

export const aegParamCounts = (n: AegNets): { g: number; cd: number } => ({ g: countParams(n.g), cd: countParams(n.cd) })

/** Which inputs the forward pass uses (the schedule's phases). */
export interface AegInputs {
  /** Pass the image through AEG first (false = the "Disc" phase: CD on the input frame itself). */
  readonly useG: boolean
  readonly useZ: boolean
  readonly useAudio: boolean
}

export const FULL_INPUTS: AegInputs = { useG: true, useZ: true, useAudio: true }

export interface AegForward {
  readonly image: Tensor4D
  readonly z: Tensor4D | null
  readonly realFake: Tensor4D
  /** [N, 2] in [−1, 1]. */
  readonly va: Tensor
}

/** AEG-CD-SZ(x, audio) = CD([AEG(x); FC(audio)], z = enc_AEG(x)). */
export function aegForward(n: AegNets, c: AegConfig, x: Tensor4D, audio: Tensor | null, inputs: AegInputs = FULL_INPUTS): AegForward {
  const g = inputs.useG ? generator(n.g, generatorConfig(c), x) : null
  const image = g ? g.image : x
  const z = g && inputs.useZ ? g.z : null
  const out = conditionalDiscriminator(n.cd, c, image, z, inputs.useAudio ? audio : null)
  return { image, z, realFake: out.realFake, va: out.va }
}
