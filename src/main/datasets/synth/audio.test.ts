import { describe, expect, it } from 'vitest'
import { encodeWav, rms, synthesizeSpeech } from './audio'

const FPS = 25
const SR = 16000

/** Autocorrelation F0 estimate of pcm[a, b) between 70 and 400 Hz. */
function estimateF0(pcm: Float32Array, a: number, b: number): number {
  let best = 0
  let bestLag = 0
  for (let lag = Math.floor(SR / 400); lag <= Math.ceil(SR / 70); lag++) {
    let s = 0
    let n0 = 0
    let n1 = 0
    for (let i = a; i + lag < b; i++) {
      s += pcm[i] * pcm[i + lag]
      n0 += pcm[i] * pcm[i]
      n1 += pcm[i + lag] * pcm[i + lag]
    }
    const r = s / Math.sqrt(n0 * n1 + 1e-12)
    if (r > best) {
      best = r
      bestLag = lag
    }
  }
  return SR / bestLag
}

function constantSpeech(arousal: number, seed = 3): ReturnType<typeof synthesizeSpeech> {
  const frames = 3 * FPS
  return synthesizeSpeech({ frames, fps: FPS, speech: [{ start: 10, end: 65 }], arousal: new Float32Array(frames).fill(arousal), f0: 120, seed })
}

describe('synthesizeSpeech', () => {
  it('has the right length, is deterministic and stays in [-1, 1]', () => {
    const a = constantSpeech(0)
    const b = constantSpeech(0)
    expect(a.pcm.length).toBe(3 * SR)
    expect(Buffer.from(a.pcm.buffer).equals(Buffer.from(b.pcm.buffer))).toBe(true)
    for (const x of a.pcm) expect(Math.abs(x)).toBeLessThanOrEqual(1)
    expect(a.envelope.length).toBe(75)
  })

  it('is near-silent outside speech and the envelope is zero there', () => {
    const s = constantSpeech(0.5)
    const silence = rms(s.pcm, 0, (10 * SR) / FPS)
    const speech = rms(s.pcm, (12 * SR) / FPS, (63 * SR) / FPS)
    expect(silence).toBeLessThan(0.002)
    expect(speech).toBeGreaterThan(silence * 30)
    for (let f = 0; f < 10; f++) expect(s.envelope[f]).toBe(0)
    for (let f = 66; f < 75; f++) expect(s.envelope[f]).toBe(0)
    const active = Array.from(s.envelope.subarray(12, 63))
    expect(Math.max(...active)).toBeGreaterThan(0.5)
    expect(Math.min(...active)).toBeLessThan(Math.max(...active) * 0.5)
  })

  it('energy and F0 rise with arousal', () => {
    const lo = constantSpeech(-0.8)
    const hi = constantSpeech(0.8)
    const a = (12 * SR) / FPS
    const b = (63 * SR) / FPS
    expect(rms(hi.pcm, a, b)).toBeGreaterThan(rms(lo.pcm, a, b) * 1.5)
    const voicedMean = (f0: Float32Array): number => {
      const v = Array.from(f0).filter((x) => x > 0)
      return v.reduce((s, x) => s + x, 0) / v.length
    }
    expect(voicedMean(hi.f0)).toBeGreaterThan(voicedMean(lo.f0) * 1.3)
    // Measured from the waveform, not only the reported contour.
    const mid = (20 * SR) / FPS
    expect(estimateF0(hi.pcm, mid, mid + 4000)).toBeGreaterThan(estimateF0(lo.pcm, mid, mid + 4000) * 1.25)
  })

  it('writes a 16-bit mono WAV', () => {
    const wav = encodeWav(new Float32Array([0, 0.5, -1, 1]), SR)
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF')
    expect(wav.readUInt32LE(24)).toBe(SR)
    expect(wav.readUInt32LE(40)).toBe(8)
    expect(wav.readInt16LE(44 + 2)).toBe(Math.round(0.5 * 32767))
    expect(wav.readInt16LE(44 + 4)).toBe(-32767)
  })
})
