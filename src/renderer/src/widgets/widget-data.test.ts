import { describe, expect, it } from 'vitest'
import { attentionPixels, attentionProblem, frameAtX } from './attention-heatmap-data'
import { quadrantOf, toPixel, trail } from './circumplex-data'
import { colorAt, colormap } from './colormap'
import { gateBand, gateRuns, gateShares, nextFrameBelow } from './gate-strip-data'
import { spectrogramPixels } from './spectrogram-image'

describe('colormap', () => {
  it('has 256 entries running from dark purple to yellow (viridis)', () => {
    const lut = colormap('viridis')
    expect(lut.length).toBe(768)
    expect(Array.from(lut.subarray(0, 3))).toEqual([68, 1, 84])
    expect(Array.from(lut.subarray(765))).toEqual([253, 231, 37])
    expect(colorAt(0.5)).toMatch(/^rgb\(/)
  })
})

describe('attention heatmap render data', () => {
  // 4 frames × 3 lags: value = frame + lag/10; frame 2 lag 1 missing.
  const values = Float32Array.from({ length: 12 }, (_, i) => Math.floor(i / 3) + (i % 3) / 10)
  values[2 * 3 + 1] = NaN
  const d = { frames: 4, lags: 3, values }
  it('validates the shape', () => {
    expect(attentionProblem(d)).toBeNull()
    expect(attentionProblem({ frames: 4, lags: 3, values: new Float32Array(5) })).toMatch(/expected 4×3/)
  })
  it('draws frames left→right, lag 0 (last column) on top, min→darkest, NaN transparent', () => {
    const img = attentionPixels(d, 0, 4)
    expect(img.width).toBe(4)
    expect(img.height).toBe(3)
    expect(img.min).toBe(0)
    expect(img.max).toBeCloseTo(3.2)
    const px = (x: number, y: number) => Array.from(img.pixels.subarray((y * 4 + x) * 4, (y * 4 + x) * 4 + 4))
    expect(px(0, 2)).toEqual([68, 1, 84, 255]) // frame 0, lag index 0 (value 0 = min) on the bottom row
    expect(px(3, 0)).toEqual([253, 231, 37, 255]) // frame 3, last lag (max) on the top row
    expect(px(2, 1)[3]).toBe(0) // the NaN cell
  })
  it('crops to a frame range and maps clicks back to frames', () => {
    expect(attentionPixels(d, 2, 10).width).toBe(2)
    expect(frameAtX(0, 400, 100, 200)).toBe(100)
    expect(frameAtX(399.9, 400, 100, 200)).toBe(199)
    expect(frameAtX(200, 400, 100, 200)).toBe(150)
  })
})

describe('gate strip render data', () => {
  const T = 0.2
  const gates = Float32Array.of(0.9, 0.95, 0.5, 0.1, 0.05, NaN, 0.5, 0.1)
  it('puts each gate in its T_ZG band', () => {
    expect([0.1, 0.2, 0.5, 0.8, 0.9, NaN].map((g) => gateBand(g, T))).toEqual(['closed', 'mixed', 'mixed', 'open', 'open', 'none'])
  })
  it('merges frames into runs, one rectangle each', () => {
    expect(gateRuns(gates, T)).toEqual([
      { from: 0, to: 2, band: 'open' },
      { from: 2, to: 3, band: 'mixed' },
      { from: 3, to: 5, band: 'closed' },
      { from: 5, to: 6, band: 'none' },
      { from: 6, to: 7, band: 'mixed' },
      { from: 7, to: 8, band: 'closed' }
    ])
    expect(gateRuns(gates, T, 3, 5)).toEqual([{ from: 3, to: 5, band: 'closed' }])
  })
  it('finds the next frame where the gate is below T', () => {
    expect(nextFrameBelow(gates, -1, T)).toBe(3)
    expect(nextFrameBelow(gates, 3, T)).toBe(4)
    expect(nextFrameBelow(gates, 4, T)).toBe(7)
    expect(nextFrameBelow(gates, 7, T)).toBe(-1)
    const s = gateShares(gates, T)
    expect(s.closed).toBeCloseTo(3 / 7)
  })
})

describe('circumplex render data', () => {
  it('names quadrants and fades the trail towards the past', () => {
    expect(quadrantOf(0.5, 0.5)).toBe('q1')
    expect(quadrantOf(-0.5, 0.5)).toBe('q2')
    expect(quadrantOf(-0.5, -0.5)).toBe('q3')
    expect(quadrantOf(0.5, -0.5)).toBe('q4')
    expect(quadrantOf(NaN, 0)).toBeNull()
    const t = trail([0, 0.1, NaN, 0.3], [0, 0.1, 0.2, 0.3], 3, 4)
    expect(t.map((p) => p.v)).toEqual([0, 0.1, 0.3])
    expect(t[t.length - 1].alpha).toBe(1)
    expect(t[0].alpha).toBe(0.25)
    expect(toPixel(0, 0, 200, 10)).toEqual([100, 100])
    expect(toPixel(1, 1, 200, 10)).toEqual([190, 10])
  })
})

describe('spectrogram image', () => {
  it('puts the lowest mel band on the bottom row', () => {
    const data = Uint8Array.of(0, 255, 255, 0) // 2 columns × 2 mels
    const px = spectrogramPixels(data, 2, 2, 'viridis')
    // column 0: m0 = 0 (bottom row), m1 = 255 (top row)
    expect(Array.from(px.subarray(0, 3))).toEqual([253, 231, 37]) // top-left = column 0, band 1
    expect(Array.from(px.subarray(8, 11))).toEqual([68, 1, 84]) // bottom-left = column 0, band 0
  })
})
