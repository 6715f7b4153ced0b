import { describe, expect, it } from 'vitest'
import { SEQUENCE_PRESETS, sequenceConfig, validateSequenceConfig } from '../../engine/models/sequence/config'
import { SEQUENCE_PARAMS, sequenceConfigFromParams, sequencePresetOptions } from './sequence-params'

describe('sequence-model hyper-parameters for the New-run form', () => {
  it('take defaults from the variant preset and limits from validateSequenceConfig', () => {
    const o = sequencePresetOptions('vi-des')
    const p = (k: string) => o.params.find((s) => s.key === k)!
    expect(p('hidden')).toMatchObject({ default: SEQUENCE_PRESETS['vi-des'].hidden, min: 1, max: null, kind: 'int', group: 'model' })
    expect(p('batch')).toMatchObject({ default: 16, min: 2, max: null })
    expect(p('lr')).toMatchObject({ default: 1e-4, min: 0, max: 1, minExclusive: true, maxExclusive: true })
    expect(p('clipNorm')).toMatchObject({ min: 0, minExclusive: false, max: null })
    // Every probed bound is what the validation says: the bound itself accepted / refused as the spec claims.
    for (const s of o.params.filter((x) => x.kind === 'int' || x.kind === 'number')) {
      const d = SEQUENCE_PARAMS.find((x) => x.key === s.key)!
      const ok = (v: number) => {
        try {
          sequenceConfig('vi-des', d.set(v))
          return true
        } catch {
          return false
        }
      }
      if (s.min !== null) expect(ok(s.min)).toBe(!s.minExclusive)
      if (s.max !== null) expect(ok(s.max)).toBe(!s.maxExclusive)
    }
    expect(o.curriculum).toMatchObject({ default: [2, 4, 8], epochsPerStage: 5, minWindow: 2, attentionAfter: false, label: 'Vi-DeS' })
    expect(o.stage1).toEqual(['image'])
    expect(sequencePresetOptions('anclaf-sa').curriculum).toMatchObject({ default: [2, 4, 8, 16, 32], attentionAfter: true })
    expect(sequencePresetOptions('au-des').stage1).toEqual(['audio'])
    // Audio dropout: offered (in [0, 1)) where there is an audio branch, not on a face-only model.
    expect(o.params.some((s) => s.key === 'audioDropout')).toBe(false)
    expect(sequencePresetOptions('avi-gas').params.find((s) => s.key === 'audioDropout')).toMatchObject({ default: 0, min: 0, max: 1, minExclusive: false, maxExclusive: true })
    expect(sequenceConfigFromParams('avi-gas', { audioDropout: 0.3 }, undefined, 1).audioDropout).toBe(0.3)
    expect(() => sequenceConfigFromParams('vi-des', { audioDropout: 0.3 }, undefined, 1)).toThrow(/audioDropout needs an audio branch/)
  })

  it('turn a request into the same config as the CLI overrides, with epochs per stage and the curriculum', () => {
    const c = sequenceConfigFromParams('vi-des', { hidden: 8, lr: 0.01, classWeights: 'none' }, [2, 4], 1, 3)
    expect(c).toEqual(sequenceConfig('vi-des', { hidden: 8, attentionDim: 8, gmuDim: 8, optimiser: { lr: 0.01 }, classWeights: { form: 'none' }, curriculum: [2, 4], epochsPerStage: 3, labelRange: 1 }))
    expect(validateSequenceConfig(c)).toBe(c)
  })

  it('refuse bad curricula, unknown keys, wrong types and unknown variants, naming the field', () => {
    const bad = (f: () => unknown, re: RegExp) => expect(f).toThrow(re)
    bad(() => sequenceConfigFromParams('vi-des', {}, [4, 2], 1), /curriculum must increase/)
    bad(() => sequenceConfigFromParams('vi-des', {}, [1, 2], 1), /curriculum\[0\] must be an integer ≥ 2/)
    bad(() => sequenceConfigFromParams('vi-des', {}, [], 1), /at least one window/)
    bad(() => sequenceConfigFromParams('vi-des', {}, [2, 4096], 1), /at most 1024/)
    bad(() => sequenceConfigFromParams('vi-des', {}, Array.from({ length: 11 }, (_, i) => 2 + i), 1), /at most 10 stages/)
    bad(() => sequenceConfigFromParams('vi-des', { degrade: true }, undefined, 1), /params\.degrade: not a hyper-parameter/)
    bad(() => sequenceConfigFromParams('vi-des', { hidden: '8' }, undefined, 1), /params\.hidden: expected a number/)
    bad(() => sequenceConfigFromParams('vi-des', { hidden: 1.5 }, undefined, 1), /expected an integer/)
    bad(() => sequenceConfigFromParams('vi-des', { lr: 2 }, undefined, 1), /optimiser\.lr must be in \(0, 1\)/)
    bad(() => sequenceConfigFromParams('compact', {}, undefined, 1), /sequence variant/)
  })
})
