import { describe, expect, it } from 'vitest'
import { parseArgs } from '../../cli/args'
import { parseMtlTrainArgs } from '../../cli/commands/train-mtl'
import { MTL_DEFAULTS } from '../../engine/models/mtl/config'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cliFlags } from '../../../shared/param-input'
import { MTL_PARAMS, mtlConfigFromParams, mtlEpochsPlanned, mtlPresetOptions } from './mtl-params'

describe('MTL hyper-parameters for the New-run form', () => {
  it('offers the paper preset: defaults from MTL_DEFAULTS, limits probed from validateMtlConfig, an image backbone', () => {
    const p = mtlPresetOptions()
    expect(p).toMatchObject({ id: 'paper', stage1: ['image'], curriculum: null })
    const by = (k: string) => p.params.find((x) => x.key === k)!
    expect(by('lr')).toMatchObject({ kind: 'number', default: MTL_DEFAULTS.optimiser.lr, min: 0, max: 10, minExclusive: true, maxExclusive: true })
    expect(by('batch')).toMatchObject({ kind: 'int', default: 256, min: 2, max: null })
    expect(by('neighbours')).toMatchObject({ default: 4, min: 1, max: 12 })
    expect(by('attentionDim')).toMatchObject({ default: 32, min: 1 })
    expect(by('schedule')).toMatchObject({ kind: 'choice', default: 'separate' })
    expect(by('crossAttention')).toMatchObject({ kind: 'boolean', default: true })
    expect(p.params.map((x) => x.cliFlag)).toEqual(MTL_PARAMS.map((d) => d.cli))
  })

  it('turns a request into the same config as circumplex train --model mtl with the flags the form shows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cx-mtl-params-'))
    writeFileSync(join(dir, 'split.json'), JSON.stringify({ version: 1, kind: 'subject-kfold', seed: 1, folds: [{ name: 'fold-1', train: ['S01'], val: ['S02'], test: ['S03'] }] }))
    const params = { schedule: 'joint', batch: 32, lr: 0.05, optimiser: 'sgd', neighbours: 3, crossAttention: false, exprUpdatesAu: true, seed: 7 }
    const app = mtlConfigFromParams(params, 4)
    const flags = cliFlags(mtlPresetOptions().params, params)
    const cli = parseMtlTrainArgs(parseArgs(['--model', 'mtl', '--stage1', 'r', '--data', 'd', '--folds', 'split.json', '--epochs', '4', ...flags]), dir)
    expect(JSON.stringify(app)).toBe(JSON.stringify(cli.config))
    expect(mtlEpochsPlanned(app)).toBe(4)
    expect(mtlEpochsPlanned(mtlConfigFromParams({}, 5))).toBe(15)
  })

  it('refuses unknown keys, wrong types, non-integers and values the model refuses, naming the field', () => {
    expect(() => mtlConfigFromParams({ depth: 3 })).toThrow(/params\.depth: not a hyper-parameter of the multi-task model/)
    expect(() => mtlConfigFromParams({ batch: '8' })).toThrow(/params\.batch: expected a number/)
    expect(() => mtlConfigFromParams({ batch: 2.5 })).toThrow(/expected an integer/)
    expect(() => mtlConfigFromParams({ schedule: 'both' })).toThrow(/params\.schedule: one of separate, joint/)
    expect(() => mtlConfigFromParams({ batch: 1 })).toThrow(/batch must be an integer ≥ 2/)
    expect(() => mtlConfigFromParams({ neighbours: 13 })).toThrow(/neighbours must be an integer in 1\.\.12/)
  })
})
