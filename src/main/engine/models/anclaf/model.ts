/** The three ANCLaF stage-1 networks as parameter maps, and the full forward pass of eq.3 (P000:L66). */
import type { Tensor, Tensor4D } from '../../tf'
import { getTf } from '../../tf'
import { combiner, combinerSpec } from './combiner'
import type { AnclafConfig } from './config'
import { discriminator, discriminatorSpec } from './discriminator'
import { generator, generatorSpec } from './generator'
import { countParams, disposeParams, initParams, type Params } from './layers'

export interface AnclafNets {
  readonly g: Params
  readonly d: Params
  readonly c: Params
}

export type NetName = keyof AnclafNets
export const NET_NAMES: readonly NetName[] = ['g', 'd', 'c']

export function createAnclaf(c: AnclafConfig, seed = c.seed): AnclafNets {
  return {
    g: initParams(generatorSpec(c), seed * 3 + 1),
    d: initParams(discriminatorSpec(c), seed * 3 + 2),
    c: initParams(combinerSpec(c), seed * 3 + 3)
  }
}

export function disposeAnclaf(n: AnclafNets): void {
  for (const k of NET_NAMES) disposeParams(n[k])
}

export function anclafParamCounts(n: AnclafNets): Record<NetName, number> {
  return { g: countParams(n.g), d: countParams(n.d), c: countParams(n.c) }
}

export interface AnclafForward {
  readonly z: Tensor4D
  readonly image: Tensor4D
  readonly quadrantLogits: Tensor
  readonly quadrantProbs: Tensor
  /** [N, 2] in [−1, 1]. */
  readonly va: Tensor
}

/** ANCLaF(I) = C([Z; Q]) with Z = enc_G(I), Q = softmax(D_Q(G(I))) (eq.3). */
export function anclafForward(n: AnclafNets, c: AnclafConfig, x: Tensor4D): AnclafForward {
  const tf = getTf()
  const { z, image } = generator(n.g, c, x)
  const { quadrant } = discriminator(n.d, c, image)
  const quadrantProbs = tf.softmax(quadrant)
  return { z, image, quadrantLogits: quadrant, quadrantProbs, va: combiner(n.c, c, z, quadrantProbs) }
}
