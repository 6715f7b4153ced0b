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
  })
})
