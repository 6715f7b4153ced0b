import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { AppError } from '../../shared/ipc/errors'
import { assertNoLeakage, assertSplitNoLeakage, checkEvaluation, sharedSubjects } from './leakage'

function caught(fn: () => void): AppError {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected an AppError')
}

describe('checkEvaluation', () => {
  it('throws SUBJECT_LEAKAGE naming the leaked subjects', () => {
    const e = caught(() => checkEvaluation(['s1', 's2', 's3'], ['s3', 's4', 's1']))
    expect(e.code).toBe('SUBJECT_LEAKAGE')
    expect(e.message).toContain('2 subject(s)')
    expect(e.message).toContain('s1, s3')
    expect(() => checkEvaluation(['a'], ['b'])).not.toThrow()
    expect(sharedSubjects(['a', 'b'], new Set(['b', 'c', 'b']))).toEqual(['b'])
  })

  it('truncates very long lists', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `p${String(i).padStart(2, '0')}`)
    const e = caught(() => checkEvaluation(ids, ids))
    expect(e.message).toContain('and 10 more')
  })

  it('detects any injected overlap (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 20 }),
        fc.nat(),
        (ids, cut) => {
          const c = 1 + (cut % (ids.length - 1))
          const train = ids.slice(0, c)
          const test = ids.slice(c)
          expect(() => checkEvaluation(train, test)).not.toThrow()
          const leaked = train[cut % train.length]
          const e = caught(() => checkEvaluation(train, [...test, leaked]))
          expect(e.code).toBe('SUBJECT_LEAKAGE')
          expect(e.message).toContain(leaked)
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe('assertNoLeakage', () => {
  const sessions = { a: ['a1', 'a2'], b: ['b1'], c: ['c1'], d: ['d1'] }

  it('refuses train/test and val/test overlaps; train/val only when strict', () => {
    expect(caught(() => assertNoLeakage({ name: 'f', train: ['a', 'b'], val: [], test: ['b'] })).code).toBe('SUBJECT_LEAKAGE')
    const e = caught(() => assertNoLeakage({ name: 'f2', train: ['a'], val: ['c'], test: ['c', 'd'] }))
    expect(e.code).toBe('SUBJECT_LEAKAGE')
    expect(e.message).toMatch(/val of fold 'f2'.*c/)
    const tv = { name: 'f3', train: ['a', 'b'], val: ['b'], test: ['c'] }
    expect(() => assertNoLeakage(tv)).not.toThrow()
    expect(caught(() => assertNoLeakage(tv, undefined, { strictValidation: true })).code).toBe('SUBJECT_LEAKAGE')
  })

  it('checks subjects and sessions against the dataset', () => {
    const ok = { name: 'ok', train: ['a', 'b'], val: ['c'], test: ['d'] }
    expect(() => assertNoLeakage(ok, sessions)).not.toThrow()
    expect(caught(() => assertNoLeakage({ ...ok, test: ['zz'] }, sessions)).code).toBe('INVALID_ARGUMENT')
    const shared = { ...sessions, d: ['d1', 'a2'] } // the same recording filed under two subjects
    const e = caught(() => assertNoLeakage(ok, new Map(Object.entries(shared))))
    expect(e.code).toBe('SUBJECT_LEAKAGE')
    expect(e.message).toContain('a2 (a / d)')
    expect(() => assertSplitNoLeakage([ok, { ...ok, name: 'bad', test: ['a'] }])).toThrow(/fold 'bad'/)
  })
})
