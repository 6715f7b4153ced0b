import { describe, expect, it } from 'vitest'
import { parseArgs } from '../../cli/args'
import { parseTrainArgs } from '../../cli/commands/train'
import { ANCLAF_PRESETS } from '../../engine/models/anclaf/config'
import { anclafConfigFromParams, anclafPresetOptions } from './anclaf-params'
import { probeLimits } from './param-limits'
import { trainingBackend, trainingOptions } from './train-options'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

describe('probed limits', () => {
  it('finds closed, open and missing bounds of integer and real intervals', () => {
    expect(probeLimits((v) => Number.isInteger(v) && v >= 2, 16, true)).toEqual({ min: 2, max: null, minExclusive: false, maxExclusive: false })
    expect(probeLimits((v) => v > 0 && v < 1, 1e-4, false)).toEqual({ min: 0, max: 1, minExclusive: true, maxExclusive: true })
    expect(probeLimits((v) => v >= 0 && v <= 1, 0.8, false)).toEqual({ min: 0, max: 1, minExclusive: false, maxExclusive: false })
    expect(probeLimits((v) => v >= -3 && v <= 250, 7, true)).toEqual({ min: -3, max: 250, minExclusive: false, maxExclusive: false })
    expect(probeLimits(Number.isSafeInteger, 1, true)).toEqual({ min: null, max: null, minExclusive: false, maxExclusive: false })
    expect(() => probeLimits((v) => v > 5, 1, true)).toThrow(/default 1 is not accepted/)
  })
})

describe('ANCLaF form parameters', () => {
  it('take their defaults from the preset and their limits from validateAnclafConfig', () => {
    const p = (preset: 'compact' | 'thesis', key: string) => anclafPresetOptions(preset).params.find((x) => x.key === key)!
    expect(p('compact', 'frameStride').default).toBe(ANCLAF_PRESETS.compact.frameStride)
    expect(p('thesis', 'frameStride').default).toBe(ANCLAF_PRESETS.thesis.frameStride)
    expect(p('compact', 'batch')).toMatchObject({ kind: 'int', default: 16, min: 2, max: null })
    expect(p('compact', 'lr')).toMatchObject({ default: 1e-4, min: 0, max: 1, minExclusive: true, maxExclusive: true })
    expect(p('compact', 'degradeProbability')).toMatchObject({ default: 0.8, min: 0, max: 1, minExclusive: false, maxExclusive: false })
    expect(p('compact', 'recWeight')).toMatchObject({ default: 10, min: 0, max: null, minExclusive: false })
    expect(p('compact', 'seed')).toMatchObject({ min: null, max: null })
    expect(p('compact', 'input').choices.map((c) => c.value)).toEqual(['image', 'spectrogram'])
    expect(p('compact', 'lrSchedule')).toMatchObject({ kind: 'choice', default: 'constant' })
    expect(p('compact', 'emaDecay')).toMatchObject({ default: 0, min: 0, max: 1, minExclusive: false, maxExclusive: true })
  })

  it('turn a request into the same config as the CLI for the same settings (so both name the same run)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cx-params-'))
    writeFileSync(join(dir, 'split.json'), JSON.stringify({ version: 1, kind: 'subject-kfold', seed: 1, folds: [{ name: 'fold-1', train: ['S01'], val: ['S02'], test: ['S03'] }] }))
    const cli = parseTrainArgs(parseArgs(['--preset', 'compact', '--data', 'd', '--format', 'sewa', '--folds', 'split.json', '--epochs', '3', '--batch', '8', '--lr', '0.0002', '--no-degrade']), dir)
    const app = anclafConfigFromParams('compact', { batch: 8, lr: 0.0002, degrade: false, seed: 1, input: 'image', classWeights: 'inverse-frequency' }, 1)
    expect(JSON.stringify(app)).toBe(JSON.stringify(cli.config))
    // The defaults of the schedule and the averaging add nothing to the config (earlier runs keep their ids).
    expect(JSON.stringify(anclafConfigFromParams('compact', { batch: 8, lr: 0.0002, degrade: false, lrSchedule: 'constant', emaDecay: 0 }, 1))).toBe(JSON.stringify(cli.config))
    const tuned = parseTrainArgs(parseArgs(['--preset', 'compact', '--data', 'd', '--format', 'sewa', '--folds', 'split.json', '--epochs', '3', '--lr-schedule', 'cosine', '--ema', '0.998']), dir)
    expect(tuned.config).toMatchObject({ lrSchedule: 'cosine', emaDecay: 0.998 })
    expect(JSON.stringify(anclafConfigFromParams('compact', { lrSchedule: 'cosine', emaDecay: 0.998 }, 1))).toBe(JSON.stringify(tuned.config))
    expect(anclafConfigFromParams('thesis', { input: 'spectrogram' }, 10)).toMatchObject({ preset: 'thesis', input: 'spectrogram', inputSize: 128, labelRange: 10 })
  })

  it('refuse unknown keys, wrong types, non-integers and values the model refuses, naming the field', () => {
    expect(() => anclafConfigFromParams('compact', { dropout: 0.1 }, 10)).toThrow(/params\.dropout: not a hyper-parameter/)
    expect(() => anclafConfigFromParams('compact', { batch: '8' }, 10)).toThrow(/params\.batch: expected a number/)
    expect(() => anclafConfigFromParams('compact', { batch: 2.5 }, 10)).toThrow(/params\.batch: expected an integer/)
    expect(() => anclafConfigFromParams('compact', { input: 'video' }, 10)).toThrow(/params\.input: one of image, spectrogram/)
    expect(() => anclafConfigFromParams('compact', { degradeProbability: 1.5 }, 10)).toThrow(/degrade\.probability must be in \[0, 1\]/)
    expect(() => anclafConfigFromParams('huge', {}, 10)).toThrow(/preset must be one of/)
  })
})

describe('training backend', () => {
  it('names the backend a job would use and how to get a faster one', () => {
    const none = trainingBackend({}, () => false)
    expect(none).toMatchObject({ name: 'cpu', kind: 'cpu' })
    const wasm = trainingBackend({}, (p) => p === '@tensorflow/tfjs-backend-wasm')
    expect(wasm).toMatchObject({ name: 'wasm', kind: 'wasm', reason: expect.stringMatching(/tfjs-node-gpu, @tensorflow\/tfjs-node not installed/) })
    expect(wasm.hint).toMatch(/npm install @tensorflow\/tfjs-node .*libtensorflow.*npm install @tensorflow\/tfjs-node-gpu \(needs CUDA and cuDNN\)/)
    const node = trainingBackend({}, (p) => p !== '@tensorflow/tfjs-node-gpu')
    expect(node).toMatchObject({ name: 'tensorflow', kind: 'cpu' })
    expect(node.hint).not.toMatch(/tfjs-node \(/)
    expect(node.hint).toMatch(/tfjs-node-gpu/)
    expect(trainingBackend({}, () => true)).toMatchObject({ name: 'tensorflow-gpu', kind: 'gpu', hint: null })
    expect(trainingBackend({ CIRCUMPLEX_TF_BACKEND: 'cpu' }, () => true)).toMatchObject({ name: 'cpu', reason: 'forced by CIRCUMPLEX_TF_BACKEND', hint: expect.stringMatching(/unset CIRCUMPLEX_TF_BACKEND/) })
  })

  it('is part of the options, with the families the form offers', () => {
    const o = trainingOptions({})
    expect(o.families.filter((f) => f.available).map((f) => f.id)).toEqual(['anclaf', 'sequence', 'ap', 'mtl', 'aeg-cd-sz'])
    for (const id of ['ap', 'mtl']) {
      const f = o.families.find((x) => x.id === id)!
      expect(f.presets.map((p) => [p.id, p.stage1])).toEqual([['paper', ['image']]])
      expect(f.description).toMatch(/restarts when resumed/)
    }
    const seq = o.families.find((f) => f.id === 'sequence')!
    expect(seq.presets.map((p) => p.id)).toEqual(['vi-des', 'au-des', 'avi-cas', 'avi-gas', 'anclaf-s', 'anclaf-sa'])
    expect(seq.presets.find((p) => p.id === 'avi-gas')?.stage1).toEqual(['image', 'audio'])
    const aeg = o.families.find((f) => f.id === 'aeg-cd-sz')!
    expect(aeg).toMatchObject({ available: true, reason: null })
    expect(aeg.presets.map((p) => [p.id, p.stage1, p.curriculum])).toEqual([['compact', [], null], ['thesis', [], null]])
    expect(aeg.presets[0].params.find((p) => p.key === 'audio')).toMatchObject({ kind: 'boolean', default: true, cliFlag: 'audio' })
    expect(aeg.presets[0].params.find((p) => p.key === 'lr')).toMatchObject({ default: 1e-4, min: 0, minExclusive: true, max: 1, maxExclusive: true })
    expect(aeg.presets[0].params.find((p) => p.key === 'frameStride')?.default).toBe(4)
    expect(aeg.presets[1].params.find((p) => p.key === 'frameStride')?.default).toBe(1)
    expect(o.families[0].presets.map((p) => p.id)).toEqual(['compact', 'thesis'])
    expect(o.epochs).toEqual({ min: 1, max: 10000, default: 10 })
    expect(o.backend.packages.map((p) => p.name)).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'])
  })
})
