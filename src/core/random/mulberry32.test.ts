import { describe, expect, it } from 'vitest'
import { mulberry32 } from './mulberry32'

describe('mulberry32', () => {
  it('is deterministic, in [0, 1), and matches the reference sequence', () => {
    const a = mulberry32(1)
    const b = mulberry32(1)
    const xs = Array.from({ length: 1000 }, () => a())
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()))
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true)
    expect(mulberry32(2)()).not.toBe(xs[0])
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.03)
  })
})
