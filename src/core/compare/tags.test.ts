import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/ipc/errors'
import { editTags, MAX_TAGS_PER_RUN, normalizeTag, normalizeTags } from './tags'

const code = (f: () => unknown): string | null => {
  try {
    f()
    return null
  } catch (e) {
    return e instanceof AppError ? e.code : 'not an AppError'
  }
}

describe('run tags', () => {
  it('trims, folds inner white space, lower-cases, drops duplicates and sorts', () => {
    expect(normalizeTags(['  Baseline ', 'baseline', 'SEWA   5-fold', 'a'])).toEqual(['a', 'baseline', 'sewa 5-fold'])
    expect(normalizeTag('Ünïcode ✓')).toBe('ünïcode ✓')
  })

  it('refuses empty, over-long, control-character tags and too many tags with INVALID_ARGUMENT', () => {
    expect(code(() => normalizeTag('   '))).toBe('INVALID_ARGUMENT')
    expect(code(() => normalizeTag('x'.repeat(51)))).toBe('INVALID_ARGUMENT')
    expect(normalizeTag('x'.repeat(50))).toHaveLength(50)
    expect(code(() => normalizeTag('a\u0000b'))).toBe('INVALID_ARGUMENT')
    expect(code(() => normalizeTag('a\nb'))).toBe('INVALID_ARGUMENT')
    expect(code(() => normalizeTags(Array.from({ length: MAX_TAGS_PER_RUN + 1 }, (_, i) => `t${i}`)))).toBe('INVALID_ARGUMENT')
  })

  it('adds to and removes from a list, naming tags that were not there', () => {
    expect(editTags(['a', 'c'], ['B', 'a'], 'add')).toEqual({ tags: ['a', 'b', 'c'], missing: [] })
    expect(editTags(['a', 'b', 'c'], ['B', 'zz'], 'remove')).toEqual({ tags: ['a', 'c'], missing: ['zz'] })
  })
})
