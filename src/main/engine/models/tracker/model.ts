/**
 * A tracker model: its config and ONE parameter map holding the sub-networks the variant needs, by prefix:
 * `fle.` landmark estimator (FLL/FLE), `bt.` box tracker, `fv.` face validation, `den.` denoiser (FADeNN IID).
 * 'fll' = den (unless kind 'none') + fle; 'crt' = fle + bt + fv; 'dcrt' = den + fle + bt + fv.
 */
import { disposeParams, paramCount, type ParamMap } from '../../blocks/params'
import { usesTracker, type TrackerConfig } from './config'
import { denoiser } from './denoiser'
import { faceValidator } from './fv'
import { boxTracker, estimator } from './nets'

export type SubNet = 'den' | 'fle' | 'bt' | 'fv'

export interface TrackerNets {
  readonly den: ReturnType<typeof denoiser>
  readonly fle: ReturnType<typeof estimator>
  readonly bt: ReturnType<typeof boxTracker>
  readonly fv: ReturnType<typeof faceValidator>
}

export interface TrackerModel {
  readonly config: TrackerConfig
  readonly nets: TrackerNets
  readonly params: ParamMap
  /** Which sub-networks this variant has. */
  readonly subnets: readonly SubNet[]
}

export function subnetsOf(c: TrackerConfig): SubNet[] {
  const out: SubNet[] = []
  if (c.denoiser.kind !== 'none') out.push('den')
  out.push('fle')
  if (usesTracker(c)) out.push('bt', 'fv')
  return out
}

export function createTrackerModel(c: TrackerConfig): TrackerModel {
  const nets: TrackerNets = { den: denoiser('den', c), fle: estimator('fle', c), bt: boxTracker('bt', c), fv: faceValidator('fv', c) }
  const subnets = subnetsOf(c)
  const params: ParamMap = {}
  for (const s of subnets) Object.assign(params, nets[s].init(c.seed))
  return { config: c, nets, params, subnets }
}

/** The variables of some sub-networks (for per-phase training). */
export function paramsOf(m: TrackerModel, subs: readonly SubNet[]): ParamMap {
  const out: ParamMap = {}
  for (const [k, v] of Object.entries(m.params)) if (subs.some((s) => k.startsWith(`${s}.`))) out[k] = v
  return out
}

/** Parameter counts per sub-network. */
export function parameterCounts(m: TrackerModel): Record<string, number> {
  const out: Record<string, number> = {}
  for (const s of m.subnets) out[s] = paramCount(paramsOf(m, [s]))
  out.total = paramCount(m.params)
  return out
}

export function disposeTrackerModel(m: TrackerModel): void {
  disposeParams(m.params)
}
