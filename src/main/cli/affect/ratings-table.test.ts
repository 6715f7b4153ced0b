import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/ipc/errors'
import { parseRatingsCsv } from './ratings-table'

function error(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected an AppError')
}

describe('parseRatingsCsv', () => {
  it('detects the index column by name (case-insensitive) and keeps its labels', () => {
    const t = parseRatingsCsv('Frame,a,b\n10,1,2\n11,3,4\n')
    expect(t.indexColumn).toBe('Frame')
    expect(t.raters).toEqual(['a', 'b'])
    expect(t.targets).toEqual(['10', '11'])
    expect(t.lines).toEqual([2, 3])
    expect(t.matrix).toEqual([
      [1, 2],
      [3, 4]
    ])
  })

  it('a first column with any other name is a rater; rows are numbered', () => {
    const t = parseRatingsCsv('frames,a\n1,2\n3,4\n')
    expect(t.indexColumn).toBeNull()
    expect(t.raters).toEqual(['frames', 'a'])
    expect(t.targets).toEqual(['1', '2'])
  })

  it('reads empty, NaN, NA, null, none as missing and counts them', () => {
    const t = parseRatingsCsv('id,a,b,c\n1,,NaN,1\n2,NA,null,None\n3,1,2,3\n4, 1 ,n/a, 2e-1\n')
    expect(t.nMissingCells).toBe(6)
    expect(t.nRowsWithMissing).toBe(3)
    expect(t.matrix[3][0]).toBe(1)
    expect(t.matrix[3][2]).toBe(0.2)
    expect(Number.isNaN(t.matrix[1][2])).toBe(true)
  })

  it('BOM, CRLF, quoted header names and blank lines', () => {
    const t = parseRatingsCsv('\ufeff"target","rater, one",r2\r\n\r\n1,1,2\r\n2,3,4\r\n')
    expect(t.raters).toEqual(['rater, one', 'r2'])
    expect(t.matrix).toHaveLength(2)
  })

  it('tab delimiter', () => {
    expect(parseRatingsCsv('a\tb\n1\t2\n3\t4\n', { delimiter: '\t' }).raters).toEqual(['a', 'b'])
  })

  it('names line and column in errors', () => {
    expect(error(() => parseRatingsCsv('a\tb\n1\t2\n')).message).toBe(
      "ratings: line 1 has a single column with the ',' delimiter but contains tab: wrong delimiter? try --delimiter tab"
    )
    const e = error(() => parseRatingsCsv('frame,a,b\n1,1,2\n2,1,x\n', { source: 'r.csv' }))
    expect(e.code).toBe('PARSE_ERROR')
    expect(e.message).toBe("r.csv: line 3, column 3 ('b'): not a number ('x')")
    expect(error(() => parseRatingsCsv('frame,a,\n1,1,2\n2,1,3\n')).message).toBe('ratings: line 1, column 3: empty rater name in the header')
    expect(error(() => parseRatingsCsv('frame,a,b\n1,1,2\n2,1,Infinity\n')).message).toContain("line 3, column 3 ('b'): not a number ('Infinity')")
    const one = error(() => parseRatingsCsv('id,a\n1,2\n2,3\n'))
    expect(one.code).toBe('INVALID_ARGUMENT')
    expect(one.message).toBe("ratings: need at least 2 rater columns, found 1 ('a') besides the index column 'id'")
    expect(error(() => parseRatingsCsv('a,b\n1,2\n')).message).toBe('ratings: need at least 2 rows (targets) below the header, found 1')
    expect(error(() => parseRatingsCsv('a,b\n1,2\n3;4\n')).message).toBe(
      "ratings: line 3: expected 2 fields like the header but found 1 (wrong delimiter? this line contains ';')"
    )
    expect(error(() => parseRatingsCsv('a,b\n1,2,3\n3,4\n')).message).toContain('line 2: expected 2 fields like the header but found 3 (unquoted delimiter inside a cell?)')
  })
})
