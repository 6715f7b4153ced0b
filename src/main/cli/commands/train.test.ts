import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseArgs } from '../args'
import type { CliContext } from '../command'
import { inferCommand } from './infer'
import { parseTrainArgs, trainCommand } from './train'

function fakeCtx(cwd: string): CliContext & { output: string[] } {
  const output: string[] = []
  return { env: {}, cwd, out: (t) => output.push(t), err: (t) => output.push(t), output }
}

function splitDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cli-train-'))
  writeFileSync(join(dir, 'split.json'), JSON.stringify({ version: 1, kind: 'subject-kfold', seed: 1, folds: [{ name: 'fold-1', train: ['S01'], val: ['S02'], test: ['S03'] }] }))
  return dir
}

describe('circumplex train / infer argument handling', () => {
  it('builds a validated request: preset, label range from the format, ablation flags, fold by index or name', () => {
    const dir = splitDir()
    const req = parseTrainArgs(parseArgs(['--preset', 'compact', '--data', 'd', '--format', 'sewa', '--folds', 'split.json', '--fold', 'fold-1', '--epochs', '3', '--batch', '8', '--no-degrade', '--no-denoise']), dir)
    expect(req.config.preset).toBe('compact')
    expect(req.config.labelRange).toBe(1)
    expect(req.config.batch).toBe(8)
    expect(req.config.degrade.enabled).toBe(false)
    expect(req.config.denoise).toBe(false)
    expect(req.fold.name).toBe('fold-1')
    expect(req.dataDir).toBe(join(dir, 'd'))
    expect(parseTrainArgs(parseArgs(['--data', 'd', '--folds', 'split.json', '--epochs', '1']), dir).config.labelRange).toBe(10)
  })

  it('refuses bad arguments with clear errors before touching the store', async () => {
    const dir = splitDir()
    const run = (argv: string[]) => trainCommand.run(parseArgs(argv), fakeCtx(dir))
    await expect(run(['--data', 'd', '--folds', 'split.json'])).rejects.toThrow(/--epochs/)
    await expect(run(['--preset', 'huge', '--data', 'd', '--folds', 'split.json', '--epochs', '1'])).rejects.toThrow(/--preset/)
    await expect(run(['--data', 'd', '--folds', 'split.json', '--fold', '4', '--epochs', '1'])).rejects.toThrow(/folds 1..1/)
    await expect(run(['--data', 'd', '--folds', 'nope.json', '--epochs', '1'])).rejects.toThrow(/split file/)
    await expect(run(['--data', 'd', '--folds', 'split.json', '--epochs', '1', '--bogus', 'x'])).rejects.toThrow(/unknown option --bogus/)
    await expect(inferCommand.run(parseArgs(['x.mp4']), fakeCtx(dir))).rejects.toThrow(/--run/)
    await expect(run(['--resume', 'r1', '--epochs', '5'])).rejects.toThrow(/--resume continues a run with the settings it was started with: leave out --epochs/)
  })

  it('sets every hyper-parameter of the app form by its flag, with errors naming the flag', () => {
    const dir = splitDir()
    const base = ['--data', 'd', '--folds', 'split.json', '--epochs', '1']
    const c = parseTrainArgs(parseArgs([...base, '--eval-stride', '3', '--class-weights', 'none', '--seed', '7', '--rec-weight', '5', '--degrade-probability', '0.5', '--input', 'spectrogram']), dir).config
    expect(c).toMatchObject({ evalStride: 3, seed: 7, input: 'spectrogram', classWeights: { form: 'none' }, loss: { rec: 5 }, degrade: { probability: 0.5, enabled: true } })
    expect(() => parseTrainArgs(parseArgs([...base, '--class-weights', 'some']), dir)).toThrow(/--class-weights must be one of 'inverse-frequency'/)
    expect(() => parseTrainArgs(parseArgs([...base, '--lr', 'fast']), dir)).toThrow(/--lr must be a number, got 'fast'/)
    expect(() => parseTrainArgs(parseArgs([...base, '--batch', '2.5']), dir)).toThrow(/--batch must be an integer/)
    expect(() => parseTrainArgs(parseArgs([...base, '--batch', '1']), dir)).toThrow(/batch must be an integer ≥ 2/)
    expect(() => parseTrainArgs(parseArgs([...base, '--degrade-probability', '2']), dir)).toThrow(/degrade\.probability must be in \[0, 1\]/)
  })

  it('takes a registered dataset and one of its saved folds instead of --data/--format/--folds', () => {
    const dir = splitDir()
    const ds = {
      id: 'ds-1',
      name: 'synth',
      path: '/data/synth',
      format: 'sewa',
      dataHash: 'h',
      folds: [
        { name: 'fold-1', train: ['S01'], val: ['S02'], test: ['S03'] },
        { name: 'fold-2', train: ['S02'], val: ['S03'], test: ['S01'] }
      ]
    }
    const lookup = (id: string) => (id === 'ds-1' ? ds : null)
    const req = parseTrainArgs(parseArgs(['--dataset', 'ds-1', '--fold', 'fold-2', '--epochs', '2']), dir, lookup)
    expect(req).toMatchObject({ dataDir: '/data/synth', format: 'sewa', fold: ds.folds[1], epochs: 2, dataset: ds })
    expect(req.config.labelRange).toBe(1)
    expect(parseTrainArgs(parseArgs(['--dataset', 'ds-1', '--epochs', '2']), dir, lookup).fold.name).toBe('fold-1')
    expect(parseTrainArgs(parseArgs(['--data', 'd', '--folds', 'split.json', '--epochs', '1']), dir).dataset).toBeNull()
    expect(() => parseTrainArgs(parseArgs(['--dataset', 'ds-1', '--fold', '3', '--epochs', '2']), dir, lookup)).toThrow(/folds 1..2 \(fold-1, fold-2\)/)
    expect(() => parseTrainArgs(parseArgs(['--dataset', 'nope', '--epochs', '2']), dir, lookup)).toThrow(/no registered dataset 'nope'/)
    expect(() => parseTrainArgs(parseArgs(['--dataset', 'ds-1', '--data', 'd', '--epochs', '2']), dir, lookup)).toThrow(/leave out --data/)
    expect(() => parseTrainArgs(parseArgs(['--dataset', 'ds-1', '--epochs', '10001']), dir, lookup)).toThrow(/--epochs/)
  })
})
