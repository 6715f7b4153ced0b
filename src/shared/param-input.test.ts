import { describe, expect, it } from 'vitest'
import type { ParamSpec } from './training'
import { checkParam, cliFlags, rangeText } from './param-input'

const spec = (o: Partial<ParamSpec>): ParamSpec => ({
  key: 'k',
  label: 'K',
  kind: 'int',
  default: 16,
  min: null,
  max: null,
  minExclusive: false,
  maxExclusive: false,
  choices: [],
  help: '',
  group: 'data',
  cliFlag: 'k',
  ...o
})

describe('New-run parameter inputs', () => {
  it('check numbers against the probed limits, open and closed', () => {
    const batch = spec({ min: 2 })
    expect(checkParam(batch, '8')).toEqual({ value: 8, error: null })
    expect(checkParam(batch, '1')).toEqual({ value: null, error: 'must be ≥ 2' })
    expect(checkParam(batch, '2.5').error).toBe('a whole number')
    expect(checkParam(batch, ' ').error).toBe('required')
    expect(checkParam(batch, 'x').error).toBe('a number')
    const lr = spec({ kind: 'number', default: 1e-4, min: 0, max: 1, minExclusive: true, maxExclusive: true })
    expect(checkParam(lr, '1e-3').value).toBe(0.001)
    expect(checkParam(lr, '0').error).toBe('must be > 0 and < 1')
    expect(checkParam(lr, '1').error).toBe('must be > 0 and < 1')
    const p = spec({ kind: 'number', default: 0.8, min: 0, max: 1 })
    expect(checkParam(p, '1').value).toBe(1)
    expect(checkParam(p, '1.01').error).toBe('must be between 0 and 1')
    expect(rangeText(spec({}))).toBeNull()
  })

  it('check choices and booleans', () => {
    const c = spec({ kind: 'choice', default: 'image', choices: [{ value: 'image', label: 'face crops' }, { value: 'spectrogram', label: 'spectrogram windows' }] })
    expect(checkParam(c, 'spectrogram').value).toBe('spectrogram')
    expect(checkParam(c, 'video').error).toBe('one of face crops, spectrogram windows')
    expect(checkParam(spec({ kind: 'boolean', default: true }), false)).toEqual({ value: false, error: null })
  })

  it('spell the CLI flags of the values that differ from the defaults', () => {
    const specs = [spec({ key: 'batch', cliFlag: 'batch' }), spec({ key: 'degrade', kind: 'boolean', default: true, cliFlag: 'degrade' }), spec({ key: 'seed', default: 1, cliFlag: 'seed' })]
    expect(cliFlags(specs, { batch: 2, degrade: false, seed: 1 })).toEqual(['--batch', '2', '--no-degrade'])
  })
})
