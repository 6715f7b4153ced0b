import { describe, expect, it } from 'vitest'
import {
  leaveOneOutAgreement,
  leaveOneOutMean,
  meanPairwisePearson,
  pairwiseCccMatrix,
  pairwisePearsonMatrix
} from './agreement'
import { FIXTURES, matrix } from './fixtures/fixture-types'
import { expectClose } from './fixtures/test-helpers'

describe('inter-rater agreement', () => {
  for (const [name, f] of Object.entries(FIXTURES.matrices)) {
    it(`pairwise r / CCC, mean r and leave-one-out match numpy on "${name}"`, () => {
      const m = matrix(f.data)
      const e = f.agreement
      const r = pairwisePearsonMatrix(m)
      const c = pairwiseCccMatrix(m)
      for (let i = 0; i < r.length; i++) {
        for (let j = 0; j < r.length; j++) {
          expectClose(r[i][j], e.pearson[i][j], 1e-6, `r[${i}][${j}]`)
          expectClose(c[i][j], e.ccc[i][j], 1e-6, `ccc[${i}][${j}]`)
        }
      }
      const mp = meanPairwisePearson(m)
      expectClose(mp.mean, e.meanPearson, 1e-6, 'mean r')
      expect(mp.nPairs).toBe(e.nPairs)
      const loo = leaveOneOutAgreement(m)
      expect(loo).toHaveLength(e.leaveOneOut.length)
      loo.forEach((l, j) => {
        expectClose(l.ccc, e.leaveOneOut[j].ccc, 1e-6, `loo ccc ${j}`)
        expectClose(l.pcc, e.leaveOneOut[j].pcc, 1e-6, `loo r ${j}`)
        expect(l.nUsed).toBe(e.leaveOneOut[j].nUsed)
      })
    })
  }

  it('leave-one-out mean skips the rater and missing values', () => {
    const m = [
      [1, 3, 5],
      [NaN, 2, NaN],
      [2, NaN, NaN]
    ]
    expect(Array.from(leaveOneOutMean(m, 0))).toEqual([4, 2, NaN])
    expect(Array.from(leaveOneOutMean(m, 1))).toEqual([3, NaN, 2])
  })

  it('constant rater: undefined pairs are skipped and counted', () => {
    const m = [
      [1, 2, 5],
      [2, 3, 5],
      [3, 5, 5]
    ]
    const r = meanPairwisePearson(m)
    expect(r.nPairs).toBe(1)
    expect(r.nPairsUndefined).toBe(2)
    expect(leaveOneOutAgreement([[1], [2]])).toEqual([])
  })
})
