import { describe, expect, it } from 'vitest'
import { DEFAULT_MEL_PARAMS, type MelSpectrogram } from '../../media/audio/mel-params'
import { columnAtOffset, spectrogramCrops, spectrogramDurationSec } from './spectrogram-crops'

/** A spectrogram whose dB value is a function of (column, mel). */
function spec(frames: number, value: (t: number, m: number) => number): MelSpectrogram {
  const data = new Float32Array(frames * 128)
  for (let t = 0; t < frames; t++) for (let m = 0; m < 128; m++) data[t * 128 + m] = value(t, m)
  let min = Infinity
  for (const v of data) min = Math.min(min, v)
  return { params: DEFAULT_MEL_PARAMS, frames, data, maxDb: 0, minDb: min, originSec: 0 }
}

const byte = (db: number): number => Math.round(((db + 80) / 80) * 255)

describe('spectrogram crops (the audio stage-1 input of each video frame)', () => {
  it('block-averages the 128×128 mel window to 64², rows low→high mel, 3 equal channels', () => {
    const s = spec(400, (_, m) => -80 + (80 * m) / 127)
    const r = spectrogramCrops(s, [2], 10, 64)
    expect(r.missing[0]).toBe(0)
    for (const y of [0, 10, 63]) {
      const want = byte((-80 + (80 * (2 * y)) / 127 + -80 + (80 * (2 * y + 1)) / 127) / 2)
      const p = (y * 64 + 5) * 3
      expect(Math.abs(r.crops[p] - want)).toBeLessThanOrEqual(1)
      expect(r.crops[p + 1]).toBe(r.crops[p])
      expect(r.crops[p + 2]).toBe(r.crops[p])
    }
  })

  it('centres the window on the frame time; columns outside the spectrogram get the session minimum', () => {
    const s = spec(300, (t) => -80 + (80 * t) / 299)
    const t = 1.0
    const c = columnAtOffset(s, t)
    expect(c).toBe(Math.round((1.0 * 22050) / 512))
    const r = spectrogramCrops(s, [t, 0], 10, 64)
    // crop column 32 averages window columns 64 (= the centre column c) and 65.
    const want = byte((-80 + (80 * c) / 299 + -80 + (80 * (c + 1)) / 299) / 2)
    expect(Math.abs(r.crops[(0 * 64 + 32) * 3] - want)).toBeLessThanOrEqual(1)
    // Frame at t = 0: its window's left half lies before column 0 → padded with minDb (−80 dB → byte 0).
    expect(r.crops[64 * 64 * 3 + (0 * 64 + 0) * 3]).toBe(0)
  })

  it('audio shorter than video: frames at or after the audio end are MISSING (masked, zero bytes), not silent windows', () => {
    const s = spec(100, () => -20)
    const end = spectrogramDurationSec(s)
    expect(end).toBeCloseTo((99 * 512) / 22050, 9)
    const times = [0, 1, end - 0.01, end, end + 1, NaN]
    const r = spectrogramCrops(s, times, end, 64)
    expect([...r.missing]).toEqual([0, 0, 0, 1, 1, 1])
    const fb = 64 * 64 * 3
    expect(r.crops.subarray(3 * fb, 4 * fb).every((b) => b === 0)).toBe(true)
    expect(r.crops[fb]).toBe(byte(-20))
  })

  it('refuses sizes that do not divide the window', () => {
    expect(() => spectrogramCrops(spec(10, () => 0), [0], 1, 48)).toThrow(/block-averaged/)
  })
})
