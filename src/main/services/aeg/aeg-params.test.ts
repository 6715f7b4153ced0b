import { describe, expect, it } from 'vitest'
import { aegConfig } from '../../engine/models/aeg-cd-sz/config'
import { aegConfigFromParams, aegEpochsPlanned, AEG_PARAMS } from './aeg-params'

describe('AEG-CD-SZ form parameters', () => {
  it('maps params and epochs onto the preset; absent params keep its defaults', () => {
    expect(aegConfigFromParams('compact', {}, 10)).toEqual(aegConfig('compact', { labelRange: 10 }))
    const c = aegConfigFromParams('thesis', { audio: false, lr: 3e-4, recWeight: 1, degrade: false, degradeProbability: 0.5, classWeights: 'none', seed: 4 }, 1, 10)
    expect(c).toMatchObject({ preset: 'thesis', audio: false, labelRange: 1, seed: 4, loss: { rec: 1, adv: 1, afc: 1 }, optimiser: { lr: 3e-4, beta1: 0.5 }, degrade: { enabled: false, probability: 0.5 }, classWeights: { form: 'none', bins: 10 } })
    expect(c.schedule).toEqual({ disc: 2, aegCd: 4, full: 4 })
    expect(aegEpochsPlanned(c)).toBe(10)
    expect(aegConfigFromParams('compact', {}, 1, { disc: 0, aegCd: 2, full: 1 }).schedule).toEqual({ disc: 0, aegCd: 2, full: 1 })
    // The lr schedule and weight averaging: set when asked, absent at their defaults (so older run ids stay the same).
    expect(aegConfigFromParams('compact', { lrSchedule: 'cosine', emaDecay: 0.998 }, 10)).toMatchObject({ lrSchedule: 'cosine', emaDecay: 0.998 })
    expect(aegConfigFromParams('compact', { lrSchedule: 'constant', emaDecay: 0, flip: false }, 10)).toEqual(aegConfig('compact', { labelRange: 10 }))
    expect(aegConfigFromParams('compact', { flip: true }, 10).flip).toBe(true)
    expect(aegConfigFromParams('compact', { jitter: 0 }, 10)).toEqual(aegConfig('compact', { labelRange: 10 }))
    expect(aegConfigFromParams('compact', { jitter: 0.1 }, 10).jitter).toBe(0.1)
  })
  it('refuses unknown keys, wrong types and values the config refuses', () => {
    expect(() => aegConfigFromParams('compact', { depth: 3 }, 1)).toThrow(/params.depth: not a hyper-parameter of AEG-CD-SZ/)
    expect(() => aegConfigFromParams('compact', { audio: 'yes' }, 1)).toThrow(/params.audio: expected a boolean/)
    expect(() => aegConfigFromParams('compact', { batch: 1 }, 1)).toThrow(/batch must be an integer ≥ 2/)
    expect(() => aegConfigFromParams('compact', { frameStride: 0 }, 1)).toThrow(/frameStride/)
    expect(() => aegConfigFromParams('compact', { emaDecay: 1 }, 1)).toThrow(/emaDecay must be in \(0, 1\)/)
    expect(() => aegConfigFromParams('compact', { jitter: 0.5 }, 1)).toThrow(/jitter must be a number in \[0, 0.3\]/)
  })
  it('every parameter has a distinct key and flag', () => {
    expect(new Set(AEG_PARAMS.map((p) => p.key)).size).toBe(AEG_PARAMS.length)
    expect(new Set(AEG_PARAMS.map((p) => p.cli)).size).toBe(AEG_PARAMS.length)
  })
})
