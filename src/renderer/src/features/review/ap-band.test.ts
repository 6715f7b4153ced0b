import { describe, expect, it } from 'vitest'
import type { TraceExtraInfo } from '../../../../shared/review'
import { apTraces, bandPoints, decimateBand, meanHalfWidth, sampleLine } from './ap-band'
import { traceFigure, type ApDraw } from './trace-plot-data'

const ts = Float64Array.from({ length: 10 }, (_, f) => f / 10)
const mu = Float64Array.from({ length: 10 }, (_, f) => (f === 4 ? NaN : f / 10))
const sigma = Float32Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 0.05 : 0.1))

describe('AP uncertainty band and sampled functions in the trace plot', () => {
  it('finds the AP traces (va_sigma) and their sample counts (va_samples dims / 2)', () => {
    const info = (traceId: string, kind: string, dims: number): TraceExtraInfo => ({ traceId, traceName: traceId, kind, dims, frameCount: 10 })
    const m = apTraces([info('a', 'va_sigma', 2), info('a', 'va_samples', 20), info('b', 'attention', 8), info('c', 'va_sigma', 2), info('b', 'va_samples', 4)])
    expect([...m.entries()]).toEqual([
      ['a', 10],
      ['c', 0]
    ])
  })

  it('draws μ ± 2σ per dimension over the visible frames (one beyond each edge), breaking where μ is missing', () => {
    const b = bandPoints(mu, sigma, 'arousal', ts, 2, 6)
    expect(Array.from(b.x)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7].map((x) => ts[Math.round(x * 10)]))
    expect(b.lo[0]).toBeCloseTo(0.1 - 0.2, 6)
    expect(b.hi[0]).toBeCloseTo(0.1 + 0.2, 6)
    expect(Number.isNaN(b.lo[3]) && Number.isNaN(b.hi[3])).toBe(true) // frame 4
    expect(bandPoints(mu, sigma, 'valence', ts, 0, 9).hi[9]).toBeCloseTo(0.9 + 0.1, 6)
    expect(meanHalfWidth(sigma, 'valence', 0, 9)).toBeCloseTo(0.1, 6)
    expect(meanHalfWidth(sigma, 'arousal', 0, 9)).toBeCloseTo(0.2, 6)
  })

  it('decimates the band conservatively: per bin the lowest lower and highest upper edge, gaps kept', () => {
    const n = 1000
    const x = Float64Array.from({ length: n }, (_, i) => i)
    const lo = Float64Array.from({ length: n }, (_, i) => (i === 505 ? NaN : -1 - (i % 7) / 10))
    const hi = Float64Array.from({ length: n }, (_, i) => (i === 505 ? NaN : 1 + (i % 5) / 10))
    const d = decimateBand({ x, lo, hi }, 0, n, 50)
    expect(d.x.length).toBeLessThanOrEqual(2 * 50)
    expect(Math.min(...Array.from(d.lo).filter(Number.isFinite))).toBeCloseTo(-1.6, 6)
    expect(Math.max(...Array.from(d.hi).filter(Number.isFinite))).toBeCloseTo(1.4, 6)
    expect(Array.from(d.lo).some(Number.isNaN)).toBe(true)
    const small = { x: x.subarray(0, 10), lo: lo.subarray(0, 10), hi: hi.subarray(0, 10) }
    expect(decimateBand(small, 0, 10, 50)).toBe(small)
  })

  it('reads sample s from the interleaved [v1, a1, v2, a2, …] columns', () => {
    const S = 3
    const samples = Float32Array.from({ length: 10 * 2 * S }, (_, i) => {
      const f = Math.floor(i / (2 * S))
      const col = i % (2 * S)
      return f * 100 + col
    })
    const a1 = sampleLine(samples, S, 1, 'arousal', ts, 0, 9, 100)
    expect(Array.from(a1.y)).toEqual(Array.from({ length: 10 }, (_, f) => f * 100 + 3))
  })

  it('puts the band under the lines (filled between +2σ and −2σ) and the samples in the figure', () => {
    const band = { x: Float64Array.of(0, 0.1), lo: Float64Array.of(-0.2, -0.1), hi: Float64Array.of(0.2, 0.3) }
    const draw: ApDraw = { traceId: 't', index: 2, name: 'AP', band: { valence: band, arousal: band }, samples: [{ valence: { x: band.x, y: band.lo }, arousal: { x: band.x, y: band.hi } }] }
    const fig = traceFigure([], [0, 1], 100, null, 1, { text: '#000', grid: '#ccc', panel: '#fff' }, false, [draw])
    const names = fig.data.map((d) => (d as { name: string }).name)
    expect(names).toEqual(['AP +2σ', 'AP −2σ', 'AP sample 1', 'AP +2σ', 'AP −2σ', 'AP sample 1'])
    const lower = fig.data[1] as { fill: string; fillcolor: string; y: number[]; yaxis: string }
    expect(lower.fill).toBe('tonexty')
    expect(lower.fillcolor).toBe('rgba(47, 158, 68, 0.22)')
    expect(lower.y).toEqual([-0.2, -0.1])
    expect((fig.data[4] as { yaxis: string }).yaxis).toBe('y2')
    expect(traceFigure([], [0, 1], 100, null, 1, { text: '#000', grid: '#ccc', panel: '#fff' }, false, [{ ...draw, band: null, samples: [] }]).data).toEqual([])
  })
})
