import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseArgs } from '../args'
import { isMtlRunRef } from './infer-mtl'
import { isMtlModel, parseMtlTrainArgs } from './train-mtl'

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cli-mtl-'))
  writeFileSync(join(d, 'split.json'), JSON.stringify({ version: 1, kind: 'subject-kfold', seed: 1, folds: [{ name: 'fold-1', train: ['S01'], val: ['S02'], test: ['S03'] }] }))
  return d
}
const base = ['--model', 'mtl', '--stage1', 'img', '--data', 'ds', '--folds', 'split.json']

describe('circumplex train --model mtl argument handling', () => {
  it('builds the request: the paper defaults, then the overrides', () => {
    const d = dir()
    const r = parseMtlTrainArgs(parseArgs(base), d)
    expect(r).toMatchObject({ stage1: 'img', dataDir: join(d, 'ds'), fold: { name: 'fold-1' } })
    expect(r.config).toMatchObject({ schedule: 'separate', batch: 256, epochs: 30, neighbours: 4, crossAttention: true, vaBatchNorm: true, optimiser: { name: 'sgd-sam', lr: 1e-3 } })
    const o = parseMtlTrainArgs(parseArgs([...base, '--schedule', 'joint', '--epochs', '5', '--lr', '0.05', '--optimiser', 'sgd', '--neighbours', '3', '--no-cross-attention', '--no-va-bn', '--node-dim', '64', '--seed', '7']), d)
    expect(o.config).toMatchObject({ schedule: 'joint', epochs: 5, neighbours: 3, crossAttention: false, vaBatchNorm: false, nodeDim: 64, seed: 7, optimiser: { name: 'sgd', lr: 0.05, momentum: 0.9 } })
  })
  it('refuses missing or bad arguments with the flag named', () => {
    const d = dir()
    expect(() => parseMtlTrainArgs(parseArgs(['--model', 'mtl', '--data', 'ds', '--folds', 'split.json']), d)).toThrow(/--stage1 <ANCLaF image run id> is required/)
    expect(() => parseMtlTrainArgs(parseArgs([...base, '--schedule', 'together']), d)).toThrow(/--schedule must be 'separate'/)
    expect(() => parseMtlTrainArgs(parseArgs([...base, '--neighbours', '13']), d)).toThrow(/--neighbours must be <= 12/)
    expect(() => parseMtlTrainArgs(parseArgs([...base, '--format', 'sewa']), d)).toThrow(/unknown option --format/)
    expect(() => parseMtlTrainArgs(parseArgs([...base, '--fold', '4']), d)).toThrow(/--fold 4/)
  })
  it('dispatch: the model name for train, the run id prefix for infer', () => {
    expect(isMtlModel('mtl')).toBe(true)
    expect(isMtlModel('vi-des')).toBe(false)
    expect(isMtlRunRef('mtl-0123456789ab')).toBe(true)
    expect(isMtlRunRef('vi-des-0123456789ab')).toBe(false)
  })
})
