import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/ipc/errors'
import { checkFolds, foldsKind, makeFolds } from './folds'

const subjects = new Map([
  ['S01', ['a']],
  ['S02', ['b']],
  ['S03', ['c']],
  ['S04', ['d']]
])

function code(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return `${e.code}: ${e.message}`
    throw e
  }
  return 'no error'
}

describe('makeFolds', () => {
  it('makes min(5, subjects) subject-grouped folds that test every subject once, deterministic per seed', () => {
    const f = makeFolds(subjects)
    expect(f.kind).toBe('subject-kfold')
    expect(f.seed).toBe(1)
    expect(f.folds).toHaveLength(4)
    expect(f.folds.flatMap((x) => x.test).sort()).toEqual(['S01', 'S02', 'S03', 'S04'])
    for (const x of f.folds) {
      expect(x.val).toHaveLength(1)
      expect([...x.train, ...x.val, ...x.test].sort()).toEqual(['S01', 'S02', 'S03', 'S04'])
    }
    expect(checkFolds(f.folds, subjects)).toEqual(f.folds)
    expect(makeFolds(subjects)).toEqual(f)
    expect(makeFolds(subjects, { k: 2, seed: 9 }).folds).toHaveLength(2)
    expect(makeFolds(new Map([['only', ['x']]])).folds).toEqual([])
  })
})

describe('checkFolds', () => {
  const ok = { name: 'f1', train: ['S02', 'S01'], val: ['S03'], test: ['S04'] }
  it('accepts a complete split and sorts the id lists', () => {
    expect(checkFolds([ok], subjects)).toEqual([{ name: 'f1', train: ['S01', 'S02'], val: ['S03'], test: ['S04'] }])
  })
  it('refuses unknown, missing, duplicated and leaking subjects, empty splits and bad names', () => {
    expect(code(() => checkFolds([{ ...ok, test: ['S04', 'S99'] }], subjects))).toMatch(/^INVALID_ARGUMENT: .*unknown subject\(s\): S99/)
    expect(code(() => checkFolds([{ ...ok, val: [] }], subjects))).toMatch(/^INVALID_ARGUMENT: fold 'f1': subject\(s\) S03 in none/)
    expect(code(() => checkFolds([{ ...ok, test: ['S04', 'S01'] }], subjects))).toMatch(/^SUBJECT_LEAKAGE: .*S01/)
    expect(code(() => checkFolds([{ ...ok, val: ['S03', 'S01'] }], subjects))).toMatch(/^SUBJECT_LEAKAGE: .*train of fold 'f1' and val/)
    expect(code(() => checkFolds([{ ...ok, train: ['S01', 'S01', 'S02'] }], subjects))).toMatch(/^INVALID_ARGUMENT: fold 'f1': train lists S01 twice/)
    expect(code(() => checkFolds([{ name: 'f1', train: [], val: ['S01', 'S02', 'S03'], test: ['S04'] }], subjects))).toMatch(/no training subject/)
    expect(code(() => checkFolds([{ name: 'f1', train: ['S01', 'S02', 'S03', 'S04'], val: [], test: [] }], subjects))).toMatch(/no test subject/)
    expect(code(() => checkFolds([ok, { ...ok }], subjects))).toMatch(/two folds are named 'f1'/)
    expect(code(() => checkFolds([{ ...ok, name: '  ' }], subjects))).toMatch(/fold names/)
    expect(code(() => checkFolds([], subjects))).toMatch(/at least one fold/)
  })
})

describe('foldsKind', () => {
  it("is 'subject-kfold' only for the exact k-fold of the seed", () => {
    const made = makeFolds(subjects, { seed: 3 })
    expect(foldsKind(made.folds, subjects, 3)).toMatchObject({ kind: 'subject-kfold', seed: 3 })
    const edited = made.folds.map((f, i) => (i === 0 ? { ...f, name: 'renamed' } : f))
    expect(foldsKind(edited, subjects, 3)).toMatchObject({ kind: 'custom', seed: null })
    expect(foldsKind(made.folds, subjects, null)).toMatchObject({ kind: 'custom', seed: null })
  })
})
