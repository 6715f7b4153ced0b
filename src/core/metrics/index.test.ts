import { describe, expect, it } from 'vitest'
import * as metrics from './index'

describe('metrics index', () => {
  it('re-exports the public API', () => {
    for (const name of [
      'ccc',
      'pcc',
      'rmse',
      'mae',
      'sagr',
      'icc',
      'iccAll',
      'paperIcc',
      'krippendorffAlpha',
      'meanPairwisePearson',
      'leaveOneOutAgreement',
      'pairwiseCccMatrix',
      'bootstrapCcc',
      'evaluateDataset',
      'pairwiseComplete',
      'listwiseComplete',
      'fQuantile'
    ]) {
      expect(typeof (metrics as Record<string, unknown>)[name], name).toBe('function')
    }
  })
})
