import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/ipc/errors'
import {
  assertSameLength,
  countPairwiseComplete,
  fromRaterTraces,
  isMissing,
  listwiseComplete,
  pairwiseComplete,
  toColumns
} from './missing'
import { pairedMoments } from './moments'

describe('missing-data policy', () => {
  it('NaN and ±Infinity are missing', () => {
    expect(isMissing(NaN)).toBe(true)
    expect(isMissing(Infinity)).toBe(true)
    expect(isMissing(-Infinity)).toBe(true)
    expect(isMissing(0)).toBe(false)
  })

  it('pairwise deletion reports used/missing counts', () => {
    const r = pairwiseComplete([1, NaN, 3, 4, NaN], [1, 2, NaN, 4, NaN])
    expect(Array.from(r.x)).toEqual([1, 4])
    expect(Array.from(r.y)).toEqual([1, 4])
    expect(r.nUsed).toBe(2)
    expect(r.nMissing).toBe(3)
    expect(r.nTotal).toBe(5)
    expect(countPairwiseComplete(Float32Array.from([1, NaN]), [NaN, 1])).toBe(0)
  })

  it('listwise deletion drops incomplete rows and counts them', () => {
    const r = listwiseComplete([
      [1, 2],
      [NaN, 2],
      [3, 4],
      [5, Infinity]
    ])
    expect(r.nUsed).toBe(2)
    expect(r.nDropped).toBe(2)
    expect(r.nTotal).toBe(4)
    expect(r.k).toBe(2)
    expect(r.rows.map((x) => Array.from(x))).toEqual([
      [1, 2],
      [3, 4]
    ])
  })

  it('length mismatch throws an AppError (an Error) with code LENGTH_MISMATCH and both lengths', () => {
    let caught: unknown
    try {
      assertSameLength([1, 2, 3], new Float64Array(5), 'pred', 'gold')
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(Error)
    expect(caught).toBeInstanceOf(AppError)
    expect((caught as AppError).code).toBe('LENGTH_MISMATCH')
    expect((caught as AppError).message).toBe('length mismatch: pred has length 3 but gold has length 5')
  })

  it('fromRaterTraces / toColumns transpose between rater traces and the n×k matrix', () => {
    const traces = [
      [1, 2, 3],
      [4, NaN, 6]
    ]
    const m = fromRaterTraces(traces)
    expect(m.map((r) => Array.from(r))).toEqual([
      [1, 4],
      [2, NaN],
      [3, 6]
    ])
    expect(toColumns(m).map((c) => Array.from(c))).toEqual(traces)
    expect(() => fromRaterTraces([[1, 2], [1]])).toThrowError(/length 2.*length 1/)
    expect(fromRaterTraces([])).toEqual([])
  })

  it('moments: constant series get exactly zero variance and covariance', () => {
    const m = pairedMoments([0.1, 0.1, 0.1], [1, 2, NaN])
    expect(m.n).toBe(2)
    expect(m.nMissing).toBe(1)
    expect(m.varX).toBe(0)
    expect(m.cov).toBe(0)
    expect(m.meanX).toBe(0.1)
    expect(pairedMoments([NaN], [1]).meanX).toBeNaN()
  })
})
