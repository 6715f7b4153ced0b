import { describe, expect, it } from 'vitest'
import { AP_DEFAULTS } from '../../engine/models/ap/config'
import { AP_PARAMS, apConfigFromParams, apPresetOptions } from './ap-params'

describe('AP hyper-parameters for the New-run form', () => {
  it('offers the paper preset: defaults from the config, limits probed from its validation, an image backbone', () => {
    const p = apPresetOptions()
    expect(p.stage1).toEqual(['image'])
    expect(p.curriculum).toBeNull()
    const by = (k: string) => p.params.find((x) => x.key === k)!
    expect(by('lr')).toMatchObject({ default: 2.5e-4, min: 0, max: 1, minExclusive: true, maxExclusive: true })
    expect(by('contextPoints')).toMatchObject({ default: 40, min: 1 })
    expect(by('hop')).toMatchObject({ default: 35, min: 1, max: 70 }) // hop ≤ window
    expect(by('window')).toMatchObject({ default: 70, min: 1, max: null }) // not "≥ the default hop"
    expect(by('loss').default).toBe('nll')
    expect(by('weightDecay')).toMatchObject({ default: 1e-4, min: 0, minExclusive: false })
    expect(p.params.map((x) => x.cliFlag)).toEqual(AP_PARAMS.map((d) => d.cli))
  })

  it('turns a request into a validated config and refuses bad params with the reason', () => {
    const c = apConfigFromParams({ lr: 1e-3, loss: 'nll', hidden: 64, testContext: 'session' }, 10, 4)
    expect(c).toMatchObject({ labelRange: 10, epochs: 4, loss: 'nll', hidden: 64, rDim: 64, zDim: 64, testContext: 'session', contextPoints: AP_DEFAULTS.contextPoints })
    expect(c.optimiser).toMatchObject({ lr: 1e-3, weightDecay: 1e-4 })
    expect(() => apConfigFromParams({ depth: 3 }, 1)).toThrow(/params.depth: not a hyper-parameter of the AP/)
    expect(() => apConfigFromParams({ loss: 'kl' }, 1)).toThrow(/params.loss: one of/)
    expect(() => apConfigFromParams({ batch: 2.5 }, 1)).toThrow(/expected an integer/)
    expect(() => apConfigFromParams({ hop: 100 }, 1)).toThrow(/hop \(100\) must not exceed window/)
    expect(apConfigFromParams({ window: 8 }, 1)).toMatchObject({ window: 8, hop: 8 })
    expect(apConfigFromParams({ window: 8, hop: 4 }, 1)).toMatchObject({ window: 8, hop: 4 })
    expect(() => apConfigFromParams({ window: 8, hop: 35 }, 1)).toThrow(/hop \(35\) must not exceed window \(8\)/)
  })
})
