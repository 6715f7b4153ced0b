import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseArgs } from '../args'
import { dirWithSplit, parseError } from './parse-test-kit'
import { parseTrackerTrainArgs } from './train-tracker'

const dir = dirWithSplit('cx-trk-cli-')
const parse = (argv: string[]) => parseTrackerTrainArgs(parseArgs(['--model', 'tracker', ...argv]), dir)
const err = (argv: string[]): string => parseError(() => parse(argv))

describe('circumplex train --model tracker: arguments', () => {
  it('builds the request: variant, data, fold, budgets, curriculum up to --seq-max, repeated --gt / --pseudo', () => {
    const r = parse(['--variant', 'dcrt', '--data', 'ds', '--folds', 'split.json', '--epochs', '2', '--steps', '5', '--batch', '4', '--seq-max', '16', '--seed', '7', '--gt', 'a', '--gt', 'b,c', '--pseudo', 'v.mp4', '--max-side', '128'])
    expect(r.config.variant).toBe('dcrt')
    expect(r.config.train.epochs).toEqual({ denoiser: 2, estimator: 2, tracker: 2, joint: 2 })
    expect(r.config.train.stepsPerEpoch).toBe(5)
    expect(r.config.train.batch).toBe(4)
    expect(r.config.train.curriculum).toEqual([2, 4, 8, 16])
    expect(r.config.seqBT).toBe(16)
    expect(r.config.seed).toBe(7)
    expect(r.data.synth).toEqual({ dataDir: join(dir, 'ds'), fold: { name: 'fold-1', train: ['S01'], val: ['S02'], test: ['S03'] } })
    expect(r.data.gt).toEqual(['a', 'b', 'c'].map((d) => join(dir, d)))
    expect(r.data.pseudo).toEqual([join(dir, 'v.mp4')])
    expect(r.maxSide).toBe(128)
    // Phases a variant does not have get no epochs.
    expect(parse(['--variant', 'crt', '--data', 'ds', '--folds', 'split.json', '--epochs', '3']).config.train.epochs).toEqual({ denoiser: 0, estimator: 3, tracker: 3, joint: 0 })
    expect(parse(['--variant', 'fll', '--gt', 'g', '--epochs', '3']).config.train.epochs).toEqual({ denoiser: 3, estimator: 3, tracker: 0, joint: 0 })
  })

  it('refuses bad input with clear messages', () => {
    expect(err([])).toMatch(/^INVALID_ARGUMENT: --variant is required: fll, crt, dcrt/)
    expect(err(['--variant', 'xyz', '--data', 'ds', '--folds', 'split.json'])).toMatch(/--variant must be one of fll, crt, dcrt, got 'xyz'/)
    expect(err(['--variant', 'crt'])).toMatch(/--data <synth dir> .* or --gt <landmark dir> is required/)
    expect(err(['--variant', 'crt', '--pseudo', 'v.mp4'])).toMatch(/pseudo-labelled video alone is pre-training data/)
    expect(err(['--variant', 'crt', '--data', 'ds'])).toMatch(/--data needs --folds/)
    expect(err(['--variant', 'crt', '--data', 'ds', '--folds', 'missing.json'])).toMatch(/^NOT_FOUND: cannot read the split file/)
    expect(err(['--variant', 'crt', '--data', 'ds', '--folds', 'split.json', '--fold', '4'])).toMatch(/--fold 4: the split file has folds 1..1/)
    expect(err(['--variant', 'crt', '--data', 'ds', '--folds', 'split.json', '--epochs', '0'])).toMatch(/--epochs must be >= 1/)
    expect(err(['--variant', 'crt', '--data', 'ds', '--folds', 'split.json', '--seq-max', '1'])).toMatch(/--seq-max must be >= 2/)
    expect(err(['--variant', 'crt', '--data', 'ds', '--folds', 'split.json', '--lr', '-1'])).toMatch(/--lr must be a number in \(0, 1\]/)
    expect(err(['--variant', 'crt', '--data', 'ds', '--folds', 'split.json', '--bogus', '1'])).toMatch(/unknown option --bogus/)
    expect(err(['--variant', 'crt', '--gt'])).toMatch(/--gt needs a value/)
  })
})
