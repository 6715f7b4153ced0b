import { describe, expect, it } from 'vitest'
import { powerToDb } from './power-to-db'

describe('powerToDb (librosa power_to_db, ref=np.max, amin=1e-10, top_db=80)', () => {
  it('is 10·log10(S / max S), clipped at max − 80', () => {
    const r = powerToDb([4, 0.4, 4e-4, 4e-9, 0])
    expect(Array.from(r.db)).toEqual([0, -10, -40, -80, -80].map(Math.fround))
    expect(r.refDb).toBeCloseTo(10 * Math.log10(4), 12)
    expect(r.maxDb).toBe(0)
    expect(r.minDb).toBe(-80)
  })
  it('uses amin below 1e-10 and honours top_db / no clipping', () => {
    const r = powerToDb([1e-12, 1e-9], { topDb: null })
    expect(r.db[0]).toBeCloseTo(-10, 5) // max(1e-10, 1e-12) relative to 1e-9
    expect(r.db[1]).toBe(0)
    expect(powerToDb([1, 1e-5], { topDb: 30 }).db[1]).toBe(-30)
    expect(powerToDb([0, 0]).db.every((v) => v === 0)).toBe(true)
  })
})
