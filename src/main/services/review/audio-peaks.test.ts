import { describe, expect, it } from 'vitest'
import { PeaksBuilder, aggregatePeaks, decodePeaks, encodePeaks, quantiseDb } from './audio-peaks'

describe('audio peaks', () => {
  const b = new PeaksBuilder(100, 10)
  // 1 s at 100 Hz in uneven chunks: bucket k holds values k and -k.
  const signal = Float32Array.from({ length: 100 }, (_, i) => (i % 2 ? 1 : -1) * Math.floor(i / 10) + 0)
  b.push(signal.subarray(0, 33))
  b.push(signal.subarray(33, 34))
  b.push(signal.subarray(34))
  const base = b.finish()

  it('builds min/max per base bucket across chunk boundaries', () => {
    expect(base.min.length).toBe(10)
    expect(Array.from(base.max, (v) => v + 0)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(Array.from(base.min, (v) => v + 0)).toEqual([0, -1, -2, -3, -4, -5, -6, -7, -8, -9])
    expect(base.sampleCount).toBe(100)
  })

  it('aggregates a time range into the asked number of buckets; outside the audio is NaN', () => {
    const two = aggregatePeaks(base, 0, 1, 2)
    expect(Array.from(two.max)).toEqual([4, 9])
    expect(Array.from(two.min)).toEqual([-4, -9])
    const past = aggregatePeaks(base, 0.9, 1.3, 4)
    expect(past.max[0]).toBe(9)
    expect(Number.isNaN(past.max[2])).toBe(true)
    // Finer than the base: each bucket takes the base bucket it lies in.
    const fine = aggregatePeaks(base, 0.5, 0.6, 5)
    expect(Array.from(fine.max)).toEqual([5, 5, 5, 5, 5])
  })

  it('round-trips through its cache file format and refuses foreign bytes', () => {
    const back = decodePeaks(encodePeaks(base))
    expect(back).toEqual(base)
    expect(decodePeaks(Buffer.from('nope'))).toBeNull()
  })

  it('quantises dB to 0..255 with clamping', () => {
    expect(Array.from(quantiseDb(Float32Array.of(-80, -40, 0, 5, -100), -80, 0))).toEqual([0, 128, 255, 255, 0])
  })
})
