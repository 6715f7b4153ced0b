/**
 * Test-only helpers: locate the read-only shared data folder (`../shared/data` from the repo root) and
 * assert PARSE_ERROR failures. Tests using shared files must `describe.skipIf(!HAS_SHARED_DATA)`.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { expect } from 'vitest'
import { AppError } from '../../../shared/ipc/errors'

export const SHARED_DATA_DIR = path.resolve(process.cwd(), '..', 'shared', 'data')
export const HAS_SHARED_DATA = existsSync(SHARED_DATA_DIR)

if (!HAS_SHARED_DATA) console.warn(`skipped: ../shared/data not present (looked in ${SHARED_DATA_DIR})`)

export function readShared(...parts: string[]): string {
  return readFileSync(path.join(SHARED_DATA_DIR, ...parts), 'utf8')
}

/** Asserts that `fn` throws AppError('PARSE_ERROR') whose message matches `pattern`; returns the message. */
export function expectParseError(fn: () => unknown, pattern: RegExp): string {
  let caught: unknown
  try {
    fn()
  } catch (e) {
    caught = e
  }
  expect(caught, 'expected a PARSE_ERROR to be thrown').toBeInstanceOf(AppError)
  const err = caught as AppError
  expect(err.code).toBe('PARSE_ERROR')
  expect(err.message).toMatch(pattern)
  return err.message
}

/** Finite double in [min, max] with -0 normalised to 0 (JSON and toEqual would otherwise disagree). */
export function arbDouble(min: number, max: number): fc.Arbitrary<number> {
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => (v === 0 ? 0 : v))
}

/** Printable text without control characters; `nonBlank` requires a non-whitespace character. */
export function arbText(nonBlank = true): fc.Arbitrary<string> {
  const s = fc.string({ unit: fc.constantFrom(...'abcXYZ019 _-.,;:"\'é/'.split('')), maxLength: 12 })
  return nonBlank ? s.filter((x) => x.trim() !== '') : s
}
