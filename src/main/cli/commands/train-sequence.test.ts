import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseArgs } from '../args'
import type { CliContext } from '../command'
import { analyzeCommand, compareCommand } from './analyze'
import { extrasCommand } from './extras'
import { inferCommand } from './infer'
import { parseTrainArgs } from './train'
import { parseSequenceTrainArgs } from './train-sequence'

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cli-seq-'))
  writeFileSync(join(d, 'split.json'), JSON.stringify({ version: 1, kind: 'subject-kfold', seed: 1, folds: [{ name: 'fold-1', train: ['S01'], val: ['S02'], test: ['S03'] }] }))
  return d
}
const ctx = (cwd: string): CliContext => ({ env: { CIRCUMPLEX_DATA_DIR: join(cwd, 'store') }, cwd, out: () => undefined, err: () => undefined })
const base = ['--data', 'd', '--folds', 'split.json']

describe('circumplex train (sequence models) / analyze / compare / extras argument handling', () => {
  it('builds a sequence request: variant preset, label range from the format, stage-1 runs per modality, overrides', () => {
    const d = dir()
    const r = parseSequenceTrainArgs(parseArgs(['--model', 'avi-gas', '--stage1', 'img', '--stage1-audio', 'aud', ...base, '--format', 'aff-wild2', '--epochs-per-stage', '3', '--hidden', '64', '--batch', '8']), d)
    expect(r.config).toMatchObject({ variant: 'avi-gas', fusion: 'gmu', labelRange: 1, epochsPerStage: 3, hidden: 64, attentionDim: 64, gmuDim: 64, batch: 8, curriculum: [2, 4, 8] })
    expect(r.stage1).toEqual({ image: 'img', audio: 'aud' })
    expect(r.fold.name).toBe('fold-1')
    const sa = parseSequenceTrainArgs(parseArgs(['--model', 'anclaf-sa', '--stage1', 'img', '--stage1-audio', 'aud', ...base, '--curriculum', '2,4,8']), d)
    expect(sa.config).toMatchObject({ attention: 'after-s', curriculum: [2, 4, 8], labelRange: 10 })
    expect(sa.stage1).toEqual({ image: 'img' }) // the audio run is not used by an image-only model
    expect(parseSequenceTrainArgs(parseArgs(['--model', 'au-des', '--stage1-audio', 'aud', ...base]), d).stage1).toEqual({ audio: 'aud' })
    expect(parseTrainArgs(parseArgs(['--input', 'spectrogram', ...base, '--epochs', '1']), d).config.input).toBe('spectrogram')
  })

  it('trains on a registered dataset with --dataset (its folder, format and folds) and takes --clip-norm / --class-weights', () => {
    const d = dir()
    const ds = { id: 'ds-1', name: 'tiny', path: '/data/tiny', format: 'sewa', dataHash: 'h', folds: [{ name: 'fold-a', train: ['S01'], val: ['S02'], test: ['S03'] }, { name: 'fold-b', train: ['S02'], val: ['S03'], test: ['S01'] }] }
    const lookup = (id: string) => (id === 'ds-1' ? ds : null)
    const r = parseSequenceTrainArgs(parseArgs(['--model', 'vi-des', '--stage1', 'img', '--dataset', 'ds-1', '--fold', '2', '--clip-norm', '0', '--class-weights', 'none']), d, lookup)
    expect(r).toMatchObject({ dataDir: '/data/tiny', format: 'sewa', fold: { name: 'fold-b' }, dataset: { id: 'ds-1' }, config: { clipNorm: 0, classWeights: { form: 'none' }, labelRange: 1 } })
    const p = (argv: string[]) => () => parseSequenceTrainArgs(parseArgs(['--model', 'vi-des', '--stage1', 'img', ...argv]), d, lookup)
    expect(p(['--dataset', 'ds-1', '--data', 'x'])).toThrow(/--dataset names the data, its format and its folds: leave out --data/)
    expect(p(['--dataset', 'nope'])).toThrow(/no registered dataset 'nope'/)
    expect(p(['--dataset', 'ds-1', '--fold', 'fold-z'])).toThrow(/--fold fold-z: dataset tiny has folds 1..2 \(fold-a, fold-b\)/)
    expect(p([...base, '--clip-norm', '-1'])).toThrow(/--clip-norm must be a number ≥ 0/)
    expect(p([...base, '--class-weights', 'sqrt'])).toThrow(/--class-weights must be/)
  })

  it('refuses bad sequence arguments with the reason', () => {
    const d = dir()
    const p = (argv: string[]) => () => parseSequenceTrainArgs(parseArgs(argv), d)
    expect(p(['--model', 'avi-gas', '--stage1', 'img', ...base])).toThrow(/--stage1-audio <ANCLaF run trained with --input spectrogram> is required/)
    expect(p(['--model', 'vi-des', ...base])).toThrow(/--stage1 <ANCLaF image run id> is required/)
    expect(p(['--model', 'vi-des', '--stage1', 'i', ...base, '--curriculum', '4,2'])).toThrow(/curriculum must increase/)
    expect(p(['--model', 'vi-des', '--stage1', 'i', ...base, '--curriculum', 'a,b'])).toThrow(/--curriculum must list/)
    expect(p(['--model', 'vi-des', '--stage1', 'i', ...base, '--epochs', '3'])).toThrow(/unknown option --epochs/)
    expect(() => parseTrainArgs(parseArgs(['--input', 'wav', ...base, '--epochs', '1']), d)).toThrow(/--input must be/)
    expect(p(['--model', 'avi-gas', '--stage1', 'i', '--stage1-audio', 'a', ...base, '--audio-dropout', '1'])).toThrow(/--audio-dropout must be a probability in \[0, 1\), got '1'/)
    expect(p(['--model', 'avi-gas', '--stage1', 'i', '--stage1-audio', 'a', ...base, '--audio-dropout', 'x'])).toThrow(/--audio-dropout must be/)
    expect(p(['--model', 'vi-des', '--stage1', 'i', ...base, '--audio-dropout', '0.3'])).toThrow(/audioDropout needs an audio branch/)
    expect(parseSequenceTrainArgs(parseArgs(['--model', 'avi-gas', '--stage1', 'i', '--stage1-audio', 'a', ...base, '--audio-dropout', '0.3']), d).config.audioDropout).toBe(0.3)
    expect(parseSequenceTrainArgs(parseArgs(['--model', 'avi-gas', '--stage1', 'i', '--stage1-audio', 'a', ...base]), d).config.audioDropout).toBe(0)
  })

  it('analyze / compare / extras / infer refuse before touching models', async () => {
    const d = dir()
    await expect(analyzeCommand.run(parseArgs([]), ctx(d))).rejects.toThrow(/--run/)
    await expect(analyzeCommand.run(parseArgs(['--run', 'x', '--source', 'disk']), ctx(d))).rejects.toThrow(/--source must be db or test/)
    await expect(analyzeCommand.run(parseArgs(['--run', 'nope']), ctx(d))).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(compareCommand.run(parseArgs([]), ctx(d))).rejects.toThrow(/name the runs/)
    await expect(compareCommand.run(parseArgs(['nope']), ctx(d))).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(extrasCommand.run(parseArgs(['--trace', 't']), ctx(d))).rejects.toThrow(/--kind/)
    await expect(inferCommand.run(parseArgs(['--run', 'r']), ctx(d))).rejects.toThrow(/--session ID, --all/)
  })
})
