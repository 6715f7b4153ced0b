import { describe, expect, it } from 'vitest'
import { DEFAULT_MEL_PARAMS, type MelSpectrogram } from './mel-params'
import { computeMelSpectrogram } from './mel-spectrogram'
import { columnForTimestamp, frameWindow, frameWindowAtColumn, scaleDb, timestampForColumn } from './frame-window'
import { makeSignal } from './test-signals'

/** A synthetic spectrogram whose value encodes (column, band): easy to check copies. */
function synthetic(frames: number, originSec = 0): MelSpectrogram {
  const data = new Float32Array(frames * 128)
  for (let t = 0; t < frames; t++) for (let m = 0; m < 128; m++) data[t * 128 + m] = -((t * 7 + m) % 80)
  return { params: DEFAULT_MEL_PARAMS, frames, data, maxDb: 0, minDb: -79, originSec }
}

describe('timestamp → column', () => {
  const s = synthetic(1000)
  it('maps t to round(t · sr / hop)', () => {
    expect(columnForTimestamp(s, 0)).toBe(0)
    expect(columnForTimestamp(s, 512 / 22_050)).toBe(1)
    expect(columnForTimestamp(s, 1)).toBe(43) // 43.07
    expect(columnForTimestamp(s, 0.04)).toBe(2) // 25 fps frame 1: 1.72 → 2
    expect(columnForTimestamp(s, 10)).toBe(431) // 430.66
    expect(columnForTimestamp(s, (2.5 * 512) / 22_050)).toBe(3) // halves round up
    expect(columnForTimestamp(s, -1)).toBe(-43)
  })
  it('is the inverse of the column centre time', () => {
    for (const k of [0, 1, 17, 999]) expect(columnForTimestamp(s, timestampForColumn(s, k))).toBe(k)
  })
  it('honours the origin', () => {
    const o = synthetic(100, 1.5)
    expect(columnForTimestamp(o, 1.5)).toBe(0)
    expect(columnForTimestamp(o, 2.5)).toBe(43)
    expect(timestampForColumn(o, 0)).toBe(1.5)
  })
  it('rejects non-finite timestamps', () => {
    expect(() => columnForTimestamp(s, Number.NaN)).toThrow(/finite/)
  })
})

describe('frameWindow', () => {
  const s = synthetic(1000)
  it('copies columns [c − 64, c + 64) in HWC with row = mel band low → high', () => {
    const w = frameWindow(s, 10, { scaled: false }) // c = 431
    expect(w.length).toBe(128 * 128)
    for (const [row, col] of [[0, 0], [0, 64], [5, 3], [127, 127], [64, 100]]) {
      expect(w[row * 128 + col]).toBe(s.data[(431 - 64 + col) * 128 + row])
    }
    expect(w[64]).toBe(s.data[431 * 128]) // centre column at index 64, lowest band
  })
  it('scales [max − 80, max] to [−1, 1]', () => {
    expect(scaleDb(0, 0, 80)).toBe(1)
    expect(scaleDb(-80, 0, 80)).toBe(-1)
    expect(scaleDb(-40, 0, 80)).toBe(0)
    expect(scaleDb(-30, 10, 80)).toBe(0)
    const w = frameWindow(s, 10)
    const raw = frameWindow(s, 10, { scaled: false })
    for (let i = 0; i < w.length; i += 97) expect(w[i]).toBeCloseTo(raw[i] / 40 + 1, 6)
  })
  it('replicates to 3 channels', () => {
    const w1 = frameWindow(s, 3.3)
    const w3 = frameWindow(s, 3.3, { channels: 3 })
    expect(w3.length).toBe(128 * 128 * 3)
    const expected = new Float32Array(w3.length)
    for (let i = 0; i < w1.length; i++) expected.fill(w1[i], 3 * i, 3 * i + 3)
    expect(w3).toEqual(expected)
  })
  it('pads columns before 0 and after T − 1 with the minimum dB (= −1 scaled when it is max − top_db)', () => {
    const start = frameWindow(s, 0, { scaled: false }) // c = 0: window columns −64 … 63
    for (let j = 0; j < 64; j++) for (const m of [0, 77, 127]) expect(start[m * 128 + j]).toBe(-79)
    expect(start[64]).toBe(s.data[0])
    const end = frameWindowAtColumn(s, 999, { scaled: false }) // columns 935 … 1062
    expect(end[63]).toBe(s.data[998 * 128])
    expect(end[64]).toBe(s.data[999 * 128])
    for (let j = 65; j < 128; j++) expect(end[5 * 128 + j]).toBe(-79)
    const far = frameWindowAtColumn(s, 5000)
    expect(far.every((v) => v === Math.fround(scaleDb(-79, 0, 80)))).toBe(true)
    const silent = frameWindowAtColumn(s, -500, { padDb: -80 })
    expect(silent.every((v) => v === -1)).toBe(true)
  })
  it('on a real spectrogram: values are exact copies, scaled within [−1, 1]', () => {
    const spec = computeMelSpectrogram(makeSignal({ kind: 'chirp', seconds: 4, f0: 100, f1: 9000, amplitude: 0.5 }))
    expect(spec.minDb).toBe(-80)
    const t = 2.0
    const c = columnForTimestamp(spec, t)
    expect(c).toBe(86)
    const raw = frameWindow(spec, t, { scaled: false })
    for (let j = 0; j < 128; j++) for (let m = 0; m < 128; m += 9) expect(raw[m * 128 + j]).toBe(spec.data[(c - 64 + j) * 128 + m])
    const w = frameWindow(spec, t, { channels: 3 })
    expect(Math.max(...w)).toBeLessThanOrEqual(1)
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-1)
  })
  it('reuses an output buffer and validates options', () => {
    const out = new Float32Array(128 * 128)
    expect(frameWindow(s, 1, { out })).toBe(out)
    expect(() => frameWindow(s, 1, { out: new Float32Array(5) })).toThrow(/expected/)
    expect(() => frameWindow(s, 1, { columns: 127 })).toThrow(/even/)
  })
})
