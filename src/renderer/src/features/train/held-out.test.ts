import { describe, expect, it } from 'vitest'
import { heldOutRows } from './held-out'

describe('heldOutRows', () => {
  it('lists all / clean / degraded frames, then the test subjects worst first; ignores what is not a metric', () => {
    const rows = heldOutRows({
      ccc_v: 0.7,
      ccc_a: 0.8,
      n: 1600,
      degraded_ccc_v: 0.5,
      degraded_ccc_a: 0.6,
      degraded_n: 500,
      'subject:S09:ccc_v': 0.9,
      'subject:S09:ccc_a': 0.95,
      'subject:S09:n': 400,
      'subject:S05:ccc_v': 0.01,
      'subject:S05:ccc_a': 0.04,
      'subject:S05:bias_v': -5.05,
      'subject:S05:bias_a': 2.6,
      'subject:S05:n': 400,
      'subject:odd': 3,
      rmse_v: null
    })
    expect(rows.map((r) => r.label)).toEqual(['all frames', 'degraded', 'S05', 'S09'])
    expect(rows[0]).toMatchObject({ kind: 'part', n: 1600, cccV: 0.7, cccA: 0.8, biasV: null })
    expect(rows[2]).toMatchObject({ kind: 'subject', n: 400, cccV: 0.01, biasV: -5.05, biasA: 2.6 })
    expect(rows[3].biasV).toBeNull()
    expect(heldOutRows({ ccc_mean: 0.3 })).toEqual([])
  })
})
