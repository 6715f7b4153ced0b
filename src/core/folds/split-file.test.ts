import { describe, it, expect } from 'vitest'
import { AppError } from '../../shared/ipc/errors'
import { subjectKFold } from './build-folds'
import { parseSplitFile, serialiseSplitFile } from './split-file'

const good = {
  version: 1,
  kind: 'custom',
  seed: null,
  folds: [
    { name: 'a', train: ['s1', 's2'], val: ['s3'], test: ['s4'] },
    { name: 'b', train: ['s3', 's4'], test: ['s1', 's2'] }
  ]
}

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return e.code
    throw e
  }
  return 'none'
}

describe('parseSplitFile', () => {
  it('parses a valid file (text or value); a missing val reads as []', () => {
    const f = parseSplitFile(JSON.stringify(good))
    expect(f.kind).toBe('custom')
    expect(f.seed).toBeNull()
    expect(f.folds[1].val).toEqual([])
    expect(parseSplitFile(good)).toEqual(f)
  })

  const bad: [string, unknown, RegExp][] = [
    ['not JSON', '{', /not JSON/],
    ['array', [], /top level must be an object/],
    ['version', { ...good, version: 2 }, /unsupported version 2/],
    ['kind', { ...good, kind: 'random' }, /kind must be one of subject-kfold, loso, custom/],
    ['seed', { ...good, seed: 1.5 }, /seed must be an integer or null/],
    ['no seed', { version: 1, kind: 'loso', folds: good.folds }, /seed must be an integer or null, got undefined/],
    ['folds', { ...good, folds: [] }, /folds must be a non-empty array/],
    ['fold object', { ...good, folds: [3] }, /folds\[0\] must be an object/],
    ['name', { ...good, folds: [{ ...good.folds[0], name: '' }] }, /folds\[0\]\.name must be a non-empty string/],
    ['dup name', { ...good, folds: [good.folds[0], good.folds[0]] }, /folds\[1\]\.name 'a' is used by another fold/],
    ['id type', { ...good, folds: [{ ...good.folds[0], test: ['s4', 7] }] }, /folds\[0\]\.test\[1\] must be a non-empty string/],
    ['empty test', { ...good, folds: [{ ...good.folds[0], test: [] }] }, /folds\[0\]\.test must not be empty/],
    ['train type', { ...good, folds: [{ ...good.folds[0], train: 's1' }] }, /folds\[0\]\.train must be an array/],
    ['dup id', { ...good, folds: [{ ...good.folds[0], train: ['s1', 's1'] }] }, /lists subject 's1' twice/]
  ]
  for (const [label, input, message] of bad) {
    it(`rejects ${label} with PARSE_ERROR`, () => {
      expect(() => parseSplitFile(input)).toThrow(message)
      expect(codeOf(() => parseSplitFile(input))).toBe('PARSE_ERROR')
    })
  }

  it('rejects a shape-valid file that leaks subjects', () => {
    const leaky = { ...good, folds: [{ name: 'x', train: ['s1'], val: ['s2'], test: ['s2'] }] }
    expect(codeOf(() => parseSplitFile(leaky))).toBe('SUBJECT_LEAKAGE')
  })
})

describe('serialiseSplitFile', () => {
  it('round-trips generated folds with a stable layout', () => {
    const file = subjectKFold({ a: ['1'], b: ['2', '3'], c: ['4'], d: ['5'], e: ['6'] }, { k: 2, seed: 3, validation: { count: 1 } })
    const text = serialiseSplitFile(file)
    expect(text.endsWith('}\n')).toBe(true)
    expect(text.indexOf('"version"')).toBeLessThan(text.indexOf('"kind"'))
    expect(parseSplitFile(text)).toEqual(file)
    expect(serialiseSplitFile(parseSplitFile(text))).toBe(text)
  })
})
