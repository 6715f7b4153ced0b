import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseArgs } from '../args'
import { trainCommand } from './train'
import { apReport, isApModel, parseApTrainArgs } from './train-ap'
import type { ApTrainJobResult } from '../../services/ap/ap-train-job'

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cli-ap-'))
  writeFileSync(join(d, 'split.json'), JSON.stringify({ version: 1, kind: 'subject-kfold', seed: 1, folds: [{ name: 'fold-1', train: ['S01'], val: ['S02'], test: ['S03'] }] }))
  return d
}
const base = ['--model', 'ap', '--data', 'd', '--folds', 'split.json']

describe('circumplex train --model ap: argument handling and report', () => {
  it('builds an AP request: the paper defaults, label range from the format, overrides', () => {
    const d = dir()
    const r = parseApTrainArgs(parseArgs([...base, '--backbone', 'img', '--format', 'afew-va']), d)
    expect(r.backbone).toBe('img')
    expect(r.config).toMatchObject({ labelRange: 10, contextPoints: 40, window: 70, hop: 35, loss: 'nll', epochs: 25, itersPerEpoch: 1000 })
    const o = parseApTrainArgs(
      parseArgs([...base, '--backbone', 'img', '--epochs', '4', '--iters', '200', '--lr', '1e-3', '--weight-decay', '0', '--loss', 'nll+reg+kl', '--context', '20', '--window', '50', '--test-context', 'session', '--selection', 'random', '--samples', '6', '--hidden', '64', '--batch', '8']),
      d
    )
    expect(o.config).toMatchObject({ epochs: 4, itersPerEpoch: 200, loss: 'nll+reg+kl', contextPoints: 20, window: 50, hop: 25, testContext: 'session', selection: 'random', samples: 6, hidden: 64, rDim: 64, zDim: 64, batch: 8 })
    expect(o.config.optimiser).toMatchObject({ lr: 1e-3, weightDecay: 0 })
    expect(isApModel('ap') && !isApModel('anclaf')).toBe(true)
  })

  it('refuses bad arguments with the reason', () => {
    const d = dir()
    const p = (argv: string[]) => () => parseApTrainArgs(parseArgs(argv), d)
    expect(p(base)).toThrow(/--backbone <ANCLaF stage-1 run trained on face crops> is required/)
    expect(p([...base, '--backbone', 'b', '--loss', 'kl'])).toThrow(/--loss must be one of nll, nll\+kl, nll\+reg, nll\+reg\+kl/)
    expect(p([...base, '--backbone', 'b', '--window', '10', '--hop', '20'])).toThrow(/hop \(20\) must not exceed window \(10\)/)
    expect(p([...base, '--backbone', 'b', '--test-context', 'clip'])).toThrow(/--test-context must be 'window' or 'session'/)
    expect(p([...base, '--backbone', 'b', '--stage1', 'x'])).toThrow(/stage1/)
    expect(p([...base, '--backbone', 'b', '--weight-decay', '-1'])).toThrow(/--weight-decay/)
    expect(p([...base, '--backbone', 'b', '--decoder', 'skip'])).toThrow(/--decoder must be 'direct' or 'residual', got 'skip'/)
    expect(parseApTrainArgs(parseArgs([...base, '--backbone', 'b', '--decoder', 'residual']), d).config.decoderOutput).toBe('residual')
    expect(parseApTrainArgs(parseArgs([...base, '--backbone', 'b']), d).config.decoderOutput).toBe('direct')
  })

  it('is dispatched by `train` and documented in its usage; the report prints both acceptance checks', () => {
    expect(trainCommand.usage).toMatch(/circumplex train --model ap --backbone/)
    const m = { n: 10, ccc_v: 0.5, ccc_a: 0.25, ccc_mean: 0.375, rmse_v: 0.1, rmse_a: 0.2 }
    const g = (mean: number) => ({ n: 5, mean, sd: 0.01, median: mean })
    const report = apReport({
      status: 'done', runId: 'ap-x', fold: 'fold-1', featureDim: 256, backbone: { runId: 'img', weightsHash: 'h' }, clips: { train: [], val: [], test: [] },
      epochs: [{ epoch: 1, wallS: 1, loss: { total: 1, nll: 0.8, kl: null, reg: 0.2 }, lr: 1e-4, val: m }], bestEpoch: 1, bestVal: m, backboneVal: m, checkpoint: 'c',
      test: { clips: 2, frames: { all: 10, clean: 5, degraded: 5 }, backbone: { all: m, clean: m, degraded: m }, ap: { all: { ...m, ccc_mean: 0.6 }, clean: m, degraded: null }, sigma: { clean: g(0.1), degraded: g(0.2), ratio: 2, cohensD: 1.5, cliffsDelta: 0.7 }, pointSigma: { clean: g(0.3), degraded: g(0.4), ratio: 1.3, cohensD: 0.5, cliffsDelta: 0.2 }, ablations: {} },
      latents: { computedFrames: 0, wallS: 0 }, steps: 10, backend: 'wasm'
    } satisfies ApTrainJobResult)
    expect(report).toMatch(/backbone alone\s+0\.500\s+0\.250\s+0\.375/)
    expect(report).toMatch(/AP\s+0\.500\s+0\.250\s+0\.600/)
    expect(report).toMatch(/clean 0\.100 \(n 5\), degraded 0\.200 \(n 5\); ratio 2\.000, Cohen's d 1\.500/)
    expect(report).toMatch(/AP, degraded\s+\(no frames\)/)
  })
})
