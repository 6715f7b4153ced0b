import { describe, expect, it } from 'vitest'
import { decimateMinMax } from './decimate'
import { formatTime, frameAtMediaTime, parseJump, seekTimeForFrame, spectrogramColumn } from '../../lib/session/frame-sync'
import { assertPanesInSync, syncProblems, type PaneSnapshot } from './sync-check'

// Variable frame rate: 25 fps, then a 0.1 s hole, then 50 fps.
const ts = Float64Array.of(0, 0.04, 0.08, 0.12, 0.22, 0.24, 0.26)

describe('frame ↔ time on real timestamps', () => {
  it('finds the displayed frame by binary search, not time × fps', () => {
    expect(frameAtMediaTime(ts, 0)).toBe(0)
    expect(frameAtMediaTime(ts, 0.039)).toBe(0)
    expect(frameAtMediaTime(ts, 0.2)).toBe(3) // time × 25 fps would say 5
    expect(frameAtMediaTime(ts, 0.25)).toBe(5)
    expect(frameAtMediaTime(ts, 99)).toBe(6)
    expect(frameAtMediaTime(ts, -1)).toBe(0)
  })
  it('seeks to the middle of the frame display interval', () => {
    expect(seekTimeForFrame(ts, 0)).toBeCloseTo(0.02)
    expect(seekTimeForFrame(ts, 3)).toBeCloseTo(0.17)
    expect(seekTimeForFrame(ts, 6)).toBeGreaterThan(0.26)
    for (let f = 0; f < ts.length; f++) expect(frameAtMediaTime(ts, seekTimeForFrame(ts, f))).toBe(f)
  })
  it('maps a frame time to the spectrogram column like frame-window.ts', () => {
    expect(spectrogramColumn(1, 0, 22050, 512)).toBe(43)
    expect(spectrogramColumn(0, 0, 22050, 512)).toBe(0)
  })
  it('formats and parses jump targets', () => {
    expect(formatTime(62.5)).toBe('1:02.500')
    expect(parseJump('4', ts)).toBe(4)
    expect(parseJump('0.25s', ts)).toBe(5)
    expect(parseJump('0:0.13', ts)).toBe(3)
    expect(parseJump('x', ts)).toBeNull()
  })
})

describe('sync check', () => {
  const clock = { timestamps: ts, audio: { originSec: 0, sampleRate: 22050, hop: 512 } }
  const at = (f: number): PaneSnapshot => {
    const c = spectrogramColumn(ts[f], 0, 22050, 512)
    return { counter: f, video: f, traces: { frame: f, cursorTime: ts[f] }, spectrogram: { frame: f, windowStart: c - 64, windowEnd: c + 64 } }
  }
  it('passes when every pane shows the frame', () => {
    expect(syncProblems(at(4), 4, clock)).toEqual([])
    expect(() => assertPanesInSync(at(4), 4, clock)).not.toThrow()
  })
  it('fails for a deliberately off-by-one pane (each pane, each direction)', () => {
    const s = at(4)
    const off = (p: Partial<PaneSnapshot>) => ({ ...s, ...p })
    expect(() => assertPanesInSync(off({ video: 5 }), 4, clock)).toThrow(/video shows frame 5/)
    expect(() => assertPanesInSync(off({ counter: 3 }), 4, clock)).toThrow(/counter/)
    expect(() => assertPanesInSync(off({ traces: { frame: 4, cursorTime: ts[5] } }), 4, clock)).toThrow(/trace cursor/)
    const w = at(5).spectrogram!
    expect(() => assertPanesInSync(off({ spectrogram: { ...w, frame: 4 } }), 4, clock)).toThrow(/spectrogram window is \[/)
    expect(() => assertPanesInSync(off({ spectrogram: null }), 4, clock)).toThrow(/missing/)
  })
})

describe('min/max decimation', () => {
  it('keeps extremes and gaps of a long trace within the view', () => {
    const n = 100_000
    const x = Float64Array.from({ length: n }, (_, i) => i)
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 1000))
    y[50_000] = 5
    for (let i = 70_000; i < 70_010; i++) y[i] = NaN
    const d = decimateMinMax(x, y, 0, n - 1, 500)
    expect(d.x.length).toBeLessThanOrEqual(1500)
    expect(Math.max(...Array.from(d.y).filter(Number.isFinite))).toBe(5)
    expect(Array.from(d.y).some(Number.isNaN)).toBe(true)
    for (let i = 1; i < d.x.length; i++) expect(d.x[i]).toBeGreaterThanOrEqual(d.x[i - 1])
  })
  it('returns short series untouched (one point beyond each edge)', () => {
    const d = decimateMinMax([0, 1, 2, 3, 4], [1, 2, 3, 4, 5], 1, 3, 100)
    expect(Array.from(d.x)).toEqual([0, 1, 2, 3, 4])
  })
})

describe('model signals', () => {
  it('groups extras by trace, attention runs first, and finds the attention chunks of a frame range', async () => {
    const { chunksFor, signalRuns } = await import('./model-signals')
    const runs = signalRuns([
      { traceId: 'q', traceName: 'stage 1', kind: 'quadrant_probs', dims: 4, frameCount: 10 },
      { traceId: 'g', traceName: 'AVi-GaS', kind: 'attention', dims: 8, frameCount: 10 },
      { traceId: 'g', traceName: 'AVi-GaS', kind: 'gate_mean', dims: 1, frameCount: 10 }
    ])
    expect(runs.map((r) => [r.traceId, [...r.kinds.keys()]])).toEqual([
      ['g', ['attention', 'gate_mean']],
      ['q', ['quadrant_probs']]
    ])
    // Runs whose extras are for other panes (an AP's σ, a proposal's spread) are not offered to the model panes.
    const { modelPaneRuns } = await import('./model-signals')
    const mixed = signalRuns([
      { traceId: 'ap', traceName: 'AP', kind: 'va_sigma', dims: 2, frameCount: 10 },
      { traceId: 'p', traceName: 'Proposal', kind: 'confidence', dims: 2, frameCount: 10 },
      { traceId: 'q', traceName: 'stage 1', kind: 'quadrant_probs', dims: 4, frameCount: 10 }
    ])
    expect(mixed).toHaveLength(3)
    expect(modelPaneRuns(mixed).map((r) => r.traceId)).toEqual(['q'])
    expect(chunksFor(0, 250, 5000, 1024)).toEqual([0])
    expect(chunksFor(1000, 1100, 5000, 1024)).toEqual([0, 1])
    expect(chunksFor(4990, 5200, 5000, 1024)).toEqual([4])
    expect(chunksFor(0, 10, 0, 1024)).toEqual([])
  })
})

describe('attention window and spread strip', () => {
  it('reads the current window oldest first and finds the frames above / at most a ΔW^a level', async () => {
    const { spreadRuns } = await import('./spread-strip')
    const { windowWeights } = await import('./panes/AttentionWindow')
    // 4 frames × window 3: [w(f−2), w(f−1), NaN(self)]
    const values = Float32Array.from([NaN, NaN, NaN, NaN, 1, NaN, 0.5, 0.5, NaN, 0.9, 0.1, NaN])
    const d = { frames: 4, lags: 3, values }
    expect(windowWeights(d, 3).map((x) => [x.frame, Number(x.weight.toFixed(2))])).toEqual([
      [1, 0.9],
      [2, 0.1]
    ])
    expect(windowWeights(d, 1)).toEqual([{ frame: 0, weight: 1 }])
    // Spread: frame 2 → 0 %, frame 3 → 80 %, frames 0–1 undefined (< 2 weights).
    expect(spreadRuns(d, 0, 4, 50, 'above')).toEqual([{ from: 3, to: 4 }])
    expect(spreadRuns(d, 0, 4, 50, 'at-most')).toEqual([{ from: 2, to: 3 }])
  })
})
