import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { foldSessionCounts, leaveOneSubjectOut, subjectKFold } from './build-folds'
import { assertNoLeakage } from './leakage'
import { shuffled } from './seeded-random'
import type { SplitFile } from './types'
import { carveValidation } from './validation-split'

function sessionsFor(counts: readonly number[]): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  counts.forEach((c, i) => {
    const id = `s${String(i).padStart(3, '0')}`
    out[id] = Array.from({ length: c }, (_, j) => `${id}-sess${j}`)
  })
  return out
}

/** Every invariant a subject split must satisfy; returns the violations (plain checks: this runs 1000s of times). */
function splitViolations(file: SplitFile, subjects: readonly string[]): string[] {
  const bad: string[] = []
  const all = new Set(subjects)
  for (const fold of file.folds) {
    const train = new Set(fold.train)
    const val = new Set(fold.val)
    for (const id of fold.test) if (train.has(id) || val.has(id)) bad.push(`${fold.name}: ${id} in test and train/val`)
    for (const id of fold.val) if (train.has(id)) bad.push(`${fold.name}: ${id} in val and train`)
    const union = new Set([...fold.train, ...fold.val, ...fold.test])
    if (union.size !== all.size || fold.train.length + fold.val.length + fold.test.length !== all.size) {
      bad.push(`${fold.name}: subjects lost or duplicated`)
    }
    for (const id of union) if (!all.has(id)) bad.push(`${fold.name}: unknown ${id}`)
    if (fold.train.length === 0) bad.push(`${fold.name}: empty train`)
    try {
      assertNoLeakage(fold)
    } catch (e) {
      bad.push(String(e))
    }
  }
  return bad
}

describe('subjectKFold', () => {
  it('never puts a subject in two splits, tests each subject exactly once, balances sessions (1000 cases)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 2, maxLength: 20 }),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(0, 0.2, 0.5),
        (counts, kRaw, seed, fraction) => {
          const k = Math.min(kRaw, counts.length)
          const sessions = sessionsFor(counts)
          const subjects = Object.keys(sessions)
          const file = subjectKFold(sessions, { k, seed, validation: { fraction } })
          expect(file.folds.length).toBe(k)
          expect(splitViolations(file, subjects)).toEqual([])
          const tested = file.folds.flatMap((f) => f.test).sort()
          expect(tested).toEqual([...subjects].sort())
          const totals = file.folds.map((f) => foldSessionCounts(f, sessions).test)
          expect(Math.max(...totals) - Math.min(...totals)).toBeLessThanOrEqual(Math.max(...counts))
          // deterministic and independent of the input order
          const reordered = Object.fromEntries(shuffled(Object.entries(sessions), seed + 1))
          expect(subjectKFold(reordered, { k, seed, validation: { fraction } })).toEqual(file)
          if (fraction > 0) for (const f of file.folds) if (f.train.length + f.val.length >= 2) expect(f.val.length).toBeGreaterThan(0)
        }
      ),
      { numRuns: 1000 }
    )
  })

  it('balances a skewed dataset and depends on the seed only through ties', () => {
    const sessions = sessionsFor([10, 9, 8, 1, 1, 1, 1, 1, 1, 1])
    const a = subjectKFold(sessions, { k: 3, seed: 1 })
    const totals = a.folds.map((f) => foldSessionCounts(f, sessions).test)
    expect(totals.reduce((p, q) => p + q, 0)).toBe(34)
    expect(Math.max(...totals) - Math.min(...totals)).toBeLessThanOrEqual(1)
    expect(a.kind).toBe('subject-kfold')
    expect(a.seed).toBe(1)
    expect(a.folds.map((f) => f.name)).toEqual(['fold-1', 'fold-2', 'fold-3'])
    const seeds = new Set([1, 2, 3, 4, 5, 6].map((seed) => JSON.stringify(subjectKFold(sessions, { k: 3, seed }).folds)))
    expect(seeds.size).toBeGreaterThan(1)
  })

  it('rejects impossible requests', () => {
    expect(() => subjectKFold(sessionsFor([1, 1]), { k: 3, seed: 0 })).toThrow(/3 subject-grouped folds from 2/)
    expect(() => subjectKFold(sessionsFor([1, 1]), { k: 1, seed: 0 })).toThrow(/k must be/)
    expect(() => subjectKFold(sessionsFor([1, 1]), { k: 2, seed: 0.5 })).toThrow(/seed/)
    expect(() => subjectKFold(sessionsFor([1, 1]), { k: 2, seed: 0, validation: { count: 1 } })).toThrow(/at least one must stay/)
  })

  it('accepts a Map', () => {
    const map = new Map(Object.entries(sessionsFor([2, 2, 2, 2])))
    const file = subjectKFold(map, { k: 2, seed: 9, validation: { count: 1 } })
    for (const f of file.folds) {
      expect(f.test.length).toBe(2)
      expect(f.val.length).toBe(1)
      expect(f.train.length).toBe(1)
    }
  })
})

describe('leaveOneSubjectOut', () => {
  it('makes one fold per subject with validation carved from the others', () => {
    const sessions = sessionsFor([3, 1, 2, 5, 1])
    const file = leaveOneSubjectOut(sessions, { seed: 4, validation: { count: 2 } })
    expect(file.kind).toBe('loso')
    expect(file.folds.map((f) => f.test)).toEqual(Object.keys(sessions).map((s) => [s]))
    expect(file.folds[0].name).toBe('loso-s000')
    for (const f of file.folds) {
      expect(f.val.length).toBe(2)
      expect(f.train.length).toBe(2)
    }
    expect(splitViolations(file, Object.keys(sessions))).toEqual([])
    expect(() => leaveOneSubjectOut(sessionsFor([1]))).toThrow(/>= 2 subjects/)
  })
})

describe('carveValidation', () => {
  it('is deterministic, sorted, and never empties train', () => {
    const train = ['d', 'a', 'c', 'b', 'e']
    const x = carveValidation(train, { fraction: 0.4 }, 7)
    expect(x).toEqual(carveValidation([...train].reverse(), { fraction: 0.4 }, 7))
    expect(x.val.length).toBe(2)
    expect([...x.train, ...x.val].sort()).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(x.val).toEqual([...x.val].sort())
    expect(carveValidation(['a', 'b'], { fraction: 0.1 }, 1).val.length).toBe(1)
    expect(carveValidation(['a', 'b'], {}, 1)).toEqual({ train: ['a', 'b'], val: [] })
    expect(carveValidation(['a'], { fraction: 0.5 }, 1)).toEqual({ train: ['a'], val: [] })
    expect(() => carveValidation(['a', 'b'], { count: 2 }, 1)).toThrow(/at least one must stay/)
    expect(() => carveValidation(['a', 'b'], { fraction: 1 }, 1)).toThrow(/fraction/)
  })
})
