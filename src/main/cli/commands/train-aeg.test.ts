import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseArgs } from '../args'
import { isAegRunRef } from './infer-aeg'
import { splitAegEpochs as splitEpochs } from '../../engine/models/aeg-cd-sz/schedule'
import { isAegModel, parseAegTrainArgs } from './train-aeg'

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cli-aeg-'))
  writeFileSync(join(d, 'split.json'), JSON.stringify({ version: 1, kind: 'subject-kfold', seed: 1, folds: [{ name: 'fold-1', train: ['S01'], val: ['S02'], test: ['S03'] }] }))
  return d
}
const base = ['--model', 'aeg-cd-sz', '--data', 'ds', '--folds', 'split.json']

describe('circumplex train --model aeg-cd-sz argument handling', () => {
  it('builds the request: the compact preset on the format\'s label range, then the overrides', () => {
    const d = dir()
    const r = parseAegTrainArgs(parseArgs(base), d)
    expect(r).toMatchObject({ dataDir: join(d, 'ds'), format: 'afew-va', fold: { name: 'fold-1' } })
    expect(r.config).toMatchObject({ model: 'aeg-cd-sz', preset: 'compact', inputSize: 64, labelRange: 10, audio: true, frameStride: 4, schedule: { disc: 5, aegCd: 10, full: 10 } })
    const o = parseAegTrainArgs(parseArgs([...base, '--preset', 'thesis', '--format', 'sewa', '--epochs', '10', '--no-audio', '--frame-stride', '2', '--lr', '0.001', '--batch', '8', '--rec-weight', '1', '--no-degrade', '--seed', '3']), d)
    expect(o.config).toMatchObject({ preset: 'thesis', inputSize: 128, labelRange: 1, audio: false, frameStride: 2, batch: 8, seed: 3, loss: { rec: 1, adv: 1 }, degrade: { enabled: false }, optimiser: { lr: 0.001, beta1: 0.5 }, schedule: { disc: 2, aegCd: 4, full: 4 } })
    expect(parseAegTrainArgs(parseArgs([...base, '--phase-epochs', '0,1,3']), d).config.schedule).toEqual({ disc: 0, aegCd: 1, full: 3 })
    expect(o.config.lrSchedule).toBeUndefined()
    expect(o.config.emaDecay).toBeUndefined()
    expect(parseAegTrainArgs(parseArgs([...base, '--lr-schedule', 'cosine', '--ema', '0.998']), d).config).toMatchObject({ lrSchedule: 'cosine', emaDecay: 0.998 })
    expect(parseAegTrainArgs(parseArgs([...base, '--lr-schedule', 'constant', '--ema', '0']), d).config).toEqual(r.config)
  })
  it('--epochs N splits 1:2:2 and always leaves the last phase an epoch', () => {
    expect(splitEpochs(25)).toEqual({ disc: 5, aegCd: 10, full: 10 })
    expect(splitEpochs(1)).toEqual({ disc: 0, aegCd: 0, full: 1 })
    for (let n = 1; n < 40; n++) {
      const s = splitEpochs(n)
      expect(s.disc + s.aegCd + s.full).toBe(n)
      expect(s.full).toBeGreaterThanOrEqual(1)
    }
  })
  it('refuses missing or bad arguments with the flag named', () => {
    const d = dir()
    expect(() => parseAegTrainArgs(parseArgs(['--model', 'aeg-cd-sz', '--folds', 'split.json']), d)).toThrow(/--data <dataset dir> is required/)
    expect(() => parseAegTrainArgs(parseArgs([...base, '--preset', 'huge']), d)).toThrow(/--preset must be 'thesis' or 'compact'/)
    expect(() => parseAegTrainArgs(parseArgs([...base, '--epochs', '5', '--phase-epochs', '1,2,2']), d)).toThrow(/not both/)
    expect(() => parseAegTrainArgs(parseArgs([...base, '--phase-epochs', '1,2']), d)).toThrow(/three whole numbers/)
    expect(() => parseAegTrainArgs(parseArgs([...base, '--phase-epochs', '1,2,0']), d)).toThrow(/last phase .* at least 1 epoch/)
    expect(() => parseAegTrainArgs(parseArgs([...base, '--rec-weight', '-1']), d)).toThrow(/loss.rec must be a finite number ≥ 0/)
    expect(() => parseAegTrainArgs(parseArgs([...base, '--lr', '0']), d)).toThrow(/optimiser: lr in \(0, 1\)/)
    expect(() => parseAegTrainArgs(parseArgs([...base, '--lr', '2']), d)).toThrow(/optimiser: lr in \(0, 1\)/)
    expect(() => parseAegTrainArgs(parseArgs([...base, '--stage1', 'x']), d)).toThrow(/unknown option --stage1/)
    expect(() => parseAegTrainArgs(parseArgs([...base, '--ema', '1']), d)).toThrow(/emaDecay must be in \(0, 1\)/)
    expect(() => parseAegTrainArgs(parseArgs([...base, '--lr-schedule', 'step']), d)).toThrow(/--lr-schedule must be one of/)
    expect(() => parseAegTrainArgs(parseArgs([...base, '--batch', '2.5']), d)).toThrow(/--batch must be an integer/)
    expect(() => parseAegTrainArgs(parseArgs([...base, '--class-weights', 'sqrt']), d)).toThrow(/--class-weights must be one of/)
    expect(() => parseAegTrainArgs(parseArgs([...base, '--format', 'csv']), d)).toThrow(/--format must be one of/)
  })
  it('dispatch: the model name for train, the run id prefix for infer', () => {
    expect(isAegModel('aeg-cd-sz')).toBe(true)
    expect(isAegModel('anclaf')).toBe(false)
    expect(isAegRunRef('aeg-cd-sz-compact-0123456789ab')).toBe(true)
    expect(isAegRunRef('anclaf-compact-0123456789ab')).toBe(false)
  })
})
