import { describe, expect, it } from 'vitest'
import { binLabel, histogramCells, level } from './histogram-cells'

describe('histogram cells', () => {
  it('places bins with arousal up and valence right, skipping empty bins', () => {
    const counts = new Array<number>(16).fill(0)
    counts[3 * 4 + 0] = 9 // V−, A+ → top left
    counts[0 * 4 + 2] = 1 // A−, third valence bin → bottom
    const cells = histogramCells({ bins: 4, counts, max: 9, total: 10 }, 200, 10)
    expect(cells.map((c) => [c.count, c.x, c.y, c.size])).toEqual([
      [1, 110, 160, 50],
      [9, 10, 10, 50]
    ])
    expect(cells[0].color).not.toBe(cells[1].color)
  })
  it('uses a log scale and labels bin ranges', () => {
    expect(level(0, 10)).toBe(0)
    expect(level(10, 10)).toBe(1)
    expect(level(1, 100)).toBeCloseTo(Math.log(2) / Math.log(101), 10)
    expect(binLabel({ v: 0, a: 2 }, 4)).toBe('V −1.00…−0.50, A 0.00…0.50')
  })
})
