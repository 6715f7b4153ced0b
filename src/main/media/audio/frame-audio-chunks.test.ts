import { describe, expect, it } from 'vitest'
import { extractAudioSpan, frameAudioChunks, frameAudioSpans } from './frame-audio-chunks'

const SR = 16_000
const ramp = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => i + 1)

describe('frameAudioSpans', () => {
  it('covers previous + current + next frame at 25 fps (640 samples per frame at 16 kHz)', () => {
    const ts = Float64Array.from({ length: 10 }, (_, i) => i * 0.04)
    const spans = frameAudioSpans(ts, { sampleRate: SR })
    expect(spans[3]).toEqual({ frameIndex: 3, start: 1280, end: 3200, currentStart: 1920, currentEnd: 2560 })
    expect(spans[0].start).toBe(-640) // frame −1 extrapolated with the median Δt
    expect(spans[0].end).toBe(1280)
    expect(spans[9]).toEqual({ frameIndex: 9, start: 5120, end: 7040, currentStart: 5760, currentEnd: 6400 })
  })
  it('uses the real (variable) timestamps', () => {
    const ts = [0, 0.04, 0.1, 0.12, 0.2]
    const s = frameAudioSpans(ts, { sampleRate: SR })
    expect(s[2]).toMatchObject({ start: 640, end: 3200, currentStart: 1600, currentEnd: 1920 })
    expect(s[4]).toMatchObject({ start: 1920, currentStart: 3200, currentEnd: 3200 + 800, end: 3200 + 1600 }) // median of 0.04, 0.06, 0.02, 0.08 = 0.05
  })
  it('honours the PCM origin and an explicit nominal duration', () => {
    const s = frameAudioSpans([10, 10.04], { sampleRate: SR, originSec: 10, nominalFrameSec: 0.05 })
    expect(s[0]).toMatchObject({ start: -800, currentStart: 0, currentEnd: 640, end: 640 + 800 })
  })
  it('validates its input', () => {
    expect(() => frameAudioSpans([0], { sampleRate: SR })).toThrow(/nominalFrameSec/)
    expect(frameAudioSpans([0], { sampleRate: SR, nominalFrameSec: 0.04 })[0]).toMatchObject({ start: -640, end: 1280 })
    expect(() => frameAudioSpans([0, 0.04, 0.02], { sampleRate: SR })).toThrow(/non-decreasing/)
    expect(frameAudioSpans([], { sampleRate: SR })).toEqual([])
  })
})

describe('extractAudioSpan / frameAudioChunks', () => {
  it('zero-pads outside the PCM', () => {
    const pcm = ramp(10)
    expect(Array.from(extractAudioSpan(pcm, -3, 2))).toEqual([0, 0, 0, 1, 2])
    expect(Array.from(extractAudioSpan(pcm, 8, 13))).toEqual([9, 10, 0, 0, 0])
    expect(Array.from(extractAudioSpan(pcm, 12, 14))).toEqual([0, 0])
    expect(Array.from(extractAudioSpan(pcm, -5, -1))).toEqual([0, 0, 0, 0])
  })
  it('yields each frame’s chunk, zero-padded at the start and where the audio is shorter than the video', () => {
    const pcm = { samples: ramp(5 * 640), sampleRate: SR, originSec: 0 } // audio lasts 5 frames
    const ts = Float64Array.from({ length: 8 }, (_, i) => i * 0.04)
    const chunks = [...frameAudioChunks(pcm, ts)]
    expect(chunks).toHaveLength(8)
    for (const c of chunks) expect(c.samples.length).toBe(1920)
    expect(chunks[0].samples[639]).toBe(0)
    expect(chunks[0].samples[640]).toBe(1)
    expect(chunks[2].samples[0]).toBe(641)
    expect(chunks[4].samples[1279]).toBe(3200)
    expect(chunks[4].samples[1280]).toBe(0)
    expect(chunks[7].samples.every((v) => v === 0)).toBe(true)
  })
})
