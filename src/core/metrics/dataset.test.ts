import { describe, expect, it } from 'vitest'
import { DATASET_CONVENTION_LABELS, evaluateDataset, evaluatePair, PAIR_METRIC_NAMES } from './dataset'
import { FIXTURES, nums } from './fixtures/fixture-types'
import { expectClose } from './fixtures/test-helpers'

const seqs = FIXTURES.dataset.sequences.map((s) => ({ id: s.id, pred: nums(s.pred), gold: nums(s.gold) }))

describe('dataset-level conventions', () => {
  const r = evaluateDataset(seqs)
  const e = FIXTURES.dataset.expected

  it('pooled over all frames matches numpy', () => {
    expect(r.pooled.convention).toBe('pooled')
    expect(r.pooled.label).toBe(DATASET_CONVENTION_LABELS.pooled)
    for (const name of PAIR_METRIC_NAMES) expectClose(r.pooled[name], e.pooled[name], 1e-6, `pooled ${name}`)
    expect(r.pooled.nUsed).toBe(e.pooled.nUsed)
    expect(r.pooled.nMissing).toBe(e.pooled.nMissing)
  })

  it('mean of per-sequence values matches numpy, skipping undefined values (flat gold → PCC NaN)', () => {
    expect(r.perSequenceMean.convention).toBe('per-sequence-mean')
    expect(r.perSequenceMean.label).toBe('mean of per-sequence values')
    for (const name of PAIR_METRIC_NAMES) {
      expectClose(r.perSequenceMean[name], e.perSequenceMean[name], 1e-6, `mean ${name}`)
      expect(r.perSequenceMean.nSequences[name]).toBe(e.nSequences[name])
    }
    expect(r.perSequenceMean.nSequences.pcc).toBe(seqs.length - 1)
    expect(r.perSequenceMean.nSequencesTotal).toBe(seqs.length)
  })

  it('per-sequence table carries ids and counts', () => {
    expect(r.perSequence.map((s) => s.id)).toEqual(seqs.map((s) => s.id))
    r.perSequence.forEach((s, i) => {
      expectClose(s.ccc, e.perSequence[i].ccc, 1e-6)
      expect(s.nUsed).toBe(e.perSequence[i].nUsed)
      expect(s.nMissing).toBe(e.perSequence[i].nMissing)
    })
    expect(r.perSequence[2].nMissing).toBe(3)
  })

  it('the two conventions differ when sequence means differ', () => {
    expect(Math.abs(r.pooled.ccc - r.perSequenceMean.ccc)).toBeGreaterThan(0.01)
  })

  it('sequences without id get their index; empty dataset gives NaN', () => {
    const anon = evaluateDataset([{ pred: [1, 2, 3], gold: [1, 2, 4] }])
    expect(anon.perSequence[0].id).toBe('0')
    const empty = evaluateDataset([])
    expect(empty.pooled.ccc).toBeNaN()
    expect(empty.perSequenceMean.ccc).toBeNaN()
  })

  it('length mismatch inside a sequence throws naming the sequence and both lengths', () => {
    expect(() => evaluateDataset([{ id: 'clip7', pred: [1, 2], gold: [1] }])).toThrowError(/clip7.*2.*1/)
  })
})

describe('evaluatePair', () => {
  it('returns all metrics with pairwise-deletion counts', () => {
    const f = FIXTURES.pairs.nan
    const r = evaluatePair(nums(f.pred), nums(f.gold))
    expect(r.nUsed).toBe(f.expected.nUsed)
    expect(r.nMissing).toBe(f.expected.nMissing)
    expect(r.nTotal).toBe(f.pred.length)
    for (const name of PAIR_METRIC_NAMES) expectClose(r[name], f.expected[name], 1e-6, name)
  })
})
