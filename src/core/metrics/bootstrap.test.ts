import { describe, expect, it } from 'vitest'
import { bootstrapCcc, bootstrapCccBySequence, mulberry32, quantileSorted, resampleIndices } from './bootstrap'
import { ccc } from './ccc'
import { FIXTURES, nums } from './fixtures/fixture-types'
import { expectClose } from './fixtures/test-helpers'

describe('mulberry32', () => {
  it('reproduces the reference stream (Python port in make-fixtures.py)', () => {
    const r = mulberry32(FIXTURES.mulberry32.seed)
    for (const v of FIXTURES.mulberry32.first) expect(r()).toBe(v)
  })
  it('is deterministic per seed and in [0, 1)', () => {
    const a = mulberry32(9)
    const b = mulberry32(9)
    for (let i = 0; i < 1000; i++) {
      const v = a()
      expect(v).toBe(b())
      expect(v).toBeGreaterThanOrEqual(0)
      expect(v).toBeLessThan(1)
    }
  })
})

describe('bootstrapCcc', () => {
  for (const c of FIXTURES.bootstrap) {
    it(`matches the Python replication (${c.pair}, L = ${c.blockLength}, seed ${c.seed})`, () => {
      const p = FIXTURES.pairs[c.pair]
      const r = bootstrapCcc(nums(p.pred), nums(p.gold), {
        iterations: c.iterations,
        seed: c.seed,
        blockLength: c.blockLength
      })
      expectClose(r.estimate, c.estimate, 1e-9, 'estimate')
      expectClose(r.lower, c.lower, 1e-9, 'lower')
      expectClose(r.upper, c.upper, 1e-9, 'upper')
      expect(r.nValidReplicates).toBe(c.nValidReplicates)
      expect(r.method).toBe(c.blockLength > 1 ? 'moving-block' : 'iid')
      expect(r.nUsed + r.nMissing).toBe(p.pred.length)
    })
  }

  it('defaults: 2000 iid replicates, 95 %, seed 42; deterministic; estimate inside CI', () => {
    const p = FIXTURES.pairs.normal
    const a = bootstrapCcc(nums(p.pred), nums(p.gold))
    const b = bootstrapCcc(nums(p.pred), nums(p.gold))
    expect(a).toEqual(b)
    expect(a.iterations).toBe(2000)
    expect(a.level).toBe(0.95)
    expect(a.seed).toBe(42)
    expect(a.method).toBe('iid')
    expect(a.lower).toBeLessThan(a.estimate)
    expect(a.upper).toBeGreaterThan(a.estimate)
    expect(a.estimate).toBe(ccc(nums(p.pred), nums(p.gold)))
  })

  it('too little data → NaN interval; bad options throw', () => {
    const r = bootstrapCcc([1, NaN], [1, 2], { iterations: 10 })
    expect(r.lower).toBeNaN()
    expect(r.nValidReplicates).toBe(0)
    expect(() => bootstrapCcc([1, 2], [1, 2], { blockLength: 0 })).toThrowError(/blockLength/)
    expect(() => bootstrapCcc([1, 2], [1, 2], { iterations: 1.5 })).toThrowError(/iterations/)
    expect(() => bootstrapCcc([1, 2], [1, 2, 3])).toThrowError(/length 2.*length 3/)
  })

  it('moving blocks are contiguous runs', () => {
    const idx = new Int32Array(10)
    resampleIndices(10, 4, mulberry32(1), idx)
    for (const start of [0, 4]) for (let o = 1; o < 4; o++) expect(idx[start + o]).toBe(idx[start] + 1 * o)
    expect(idx[9]).toBe(idx[8] + 1)
  })

  it('quantileSorted uses linear interpolation', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5)
    expect(quantileSorted([1, 2, 3, 4], 0.025)).toBeCloseTo(1.075, 14)
    expect(quantileSorted([], 0.5)).toBeNaN()
  })
})

describe('bootstrapCccBySequence', () => {
  it('matches the Python replication', () => {
    const e = FIXTURES.bootstrapBySequence
    const seqs = FIXTURES.dataset.sequences.map((s) => ({ pred: nums(s.pred), gold: nums(s.gold) }))
    const r = bootstrapCccBySequence(seqs, { iterations: e.iterations, seed: e.seed })
    expectClose(r.estimate, e.estimate, 1e-9, 'estimate')
    expectClose(r.lower, e.lower, 1e-9, 'lower')
    expectClose(r.upper, e.upper, 1e-9, 'upper')
    expect(r.nValidReplicates).toBe(e.nValidReplicates)
    expect(r.method).toBe('sequence')
    expect(r.nUsed).toBe(seqs.length)
  })
})
