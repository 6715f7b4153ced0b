import { describe, expect, it } from 'vitest'
import fixtures from './fixtures/mfcc-fixtures.json'
import { AUDIO_FEATURE_DIM, audioFeatureStats, frameAudioFeatures, normaliseAudioFeatures } from './frame-features'
import { LldExtractor, lldIndex, smoothSma3, LLD_COUNT, type LldName } from './llds'

const SR = 16000
const raw = new LldExtractor({ sma3: false })

function harmonic(f0: number, seconds: number, amp = 0.3, harmonics = 8): Float32Array {
  const n = Math.round(seconds * SR)
  const x = new Float32Array(n)
  for (let i = 0; i < n; i++) for (let k = 1; k <= harmonics; k++) x[i] += (amp / k) * Math.sin((2 * Math.PI * k * f0 * i) / SR)
  return x
}

/** Cycle-by-cycle glottal-like signal with relative period jitter and amplitude shimmer (seeded LCG). */
function perturbed(f0: number, seconds: number, jitter: number, shimmerDb: number, seed = 7): Float32Array {
  let s = seed
  const rnd = (): number => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1
  const n = Math.round(seconds * SR)
  const x = new Float32Array(n)
  let pos = 0
  while (pos < n) {
    const period = (SR / f0) * (1 + jitter * rnd())
    const amp = 0.3 * 10 ** ((shimmerDb * rnd()) / 20)
    for (let i = 0; i < Math.ceil(period) && pos + i < n; i++) {
      const ph = i / period
      if (ph >= 1) break
      for (let k = 1; k <= 5; k++) x[pos + i] += (amp / k) * Math.sin(2 * Math.PI * k * ph)
    }
    pos += Math.round(period)
  }
  return x
}

function noise(seconds: number, amp = 0.3, seed = 3): Float32Array {
  let s = seed
  return Float32Array.from({ length: Math.round(seconds * SR) }, () => amp * (((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1))
}

function sines(seconds: number, parts: ReadonlyArray<[number, number]>): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * SR) }, (_, i) => parts.reduce((v, [f, a]) => v + a * Math.sin((2 * Math.PI * f * i) / SR), 0))
}

/** Median of one descriptor over the frames of a signal that lie fully inside it. */
function median(x: Float32Array, name: LldName, ex = raw): number {
  const { values, frames } = ex.extract(x)
  const c = lldIndex(name)
  const v: number[] = []
  for (let i = 0; i < frames; i++) if (i * 160 + 960 <= x.length) v.push(values[i * LLD_COUNT + c])
  v.sort((a, b) => a - b)
  return v[v.length >> 1]
}

describe('eGeMAPS LLDs on known signals', () => {
  it('F0 of a 200 Hz harmonic tone ≈ 200 Hz (34.36 semitones from 27.5 Hz); unvoiced noise → 0', () => {
    const st = median(harmonic(200, 0.4), 'F0semitoneFrom27.5Hz_sma3nz')
    expect(st).toBeCloseTo(12 * Math.log2(200 / 27.5), 1)
    expect(27.5 * 2 ** (st / 12)).toBeGreaterThan(198)
    expect(27.5 * 2 ** (st / 12)).toBeLessThan(202)
    expect(median(harmonic(120, 0.4), 'F0semitoneFrom27.5Hz_sma3nz')).toBeCloseTo(12 * Math.log2(120 / 27.5), 1)
    expect(median(noise(0.4), 'F0semitoneFrom27.5Hz_sma3nz')).toBe(0)
  })

  it('jitter and shimmer ≈ 0 for a stable tone, > 0 for a perturbed one', () => {
    const stable = harmonic(200, 0.4)
    const jStable = median(stable, 'jitterLocal_sma3nz')
    const sStable = median(stable, 'shimmerLocaldB_sma3nz')
    const pert = perturbed(200, 0.4, 0.03, 1.5)
    const jPert = median(pert, 'jitterLocal_sma3nz')
    const sPert = median(pert, 'shimmerLocaldB_sma3nz')
    expect(jStable).toBeLessThan(0.002)
    expect(sStable).toBeLessThan(0.05)
    expect(jPert).toBeGreaterThan(0.01)
    expect(sPert).toBeGreaterThan(0.3)
  })

  it('HNR is high for a tone and low for noise', () => {
    expect(median(harmonic(200, 0.4), 'HNRdBACF_sma3nz')).toBeGreaterThan(20)
    expect(median(noise(0.4), 'HNRdBACF_sma3nz')).toBeLessThan(3)
  })

  it('alpha ratio and Hammarberg index have the expected sign on low- vs high-frequency signals', () => {
    const low = sines(0.3, [[300, 0.3], [600, 0.1]])
    const high = sines(0.3, [[3000, 0.3], [500, 0.01]])
    expect(median(low, 'alphaRatio_sma3')).toBeLessThan(-20)
    expect(median(low, 'hammarbergIndex_sma3')).toBeGreaterThan(20)
    expect(median(high, 'alphaRatio_sma3')).toBeGreaterThan(0)
    expect(median(high, 'hammarbergIndex_sma3')).toBeLessThan(0)
  })

  it('loudness is monotonic in amplitude', () => {
    const l = [0.01, 0.05, 0.2, 0.8].map((a) => median(sines(0.2, [[1000, a]]), 'Loudness_sma3'))
    for (let i = 1; i < l.length; i++) expect(l[i]).toBeGreaterThan(l[i - 1])
    expect(median(new Float32Array(3200), 'Loudness_sma3')).toBe(0)
  })

  it('MFCC 1–4 match the independent numpy reference (fixtures/make-mfcc-fixtures.py)', () => {
    const t = (i: number): number => i / SR
    const x = Float32Array.from({ length: SR / 2 }, (_, i) =>
      0.5 * Math.sin(2 * Math.PI * 300 * t(i)) + 0.2 * Math.sin(2 * Math.PI * 1250 * t(i) + 0.3) + 0.1 * Math.sin(2 * Math.PI * 3100 * t(i) + 1) +
      0.05 * Math.sin(2 * Math.PI * (100 * t(i) + 2000 * t(i) * t(i)))
    )
    fixtures.starts.forEach((s, f) => {
      const row = raw.rawFrame(x, s)
      for (let k = 0; k < 4; k++) expect(row[lldIndex('mfcc1_sma3') + k]).toBeCloseTo(fixtures.mfcc[f][k], 2)
    })
  })

  it('LPC formants of a synthetic vowel are near its resonances', () => {
    // 120 Hz impulse train through three two-pole resonators (700/80, 1220/90, 2600/120 Hz).
    const n = 0.3 * SR
    let x = Float64Array.from({ length: n }, (_, i) => (i % Math.round(SR / 120) === 0 ? 1 : 0))
    for (const [f, b] of [[700, 80], [1220, 90], [2600, 120]]) {
      const r = Math.exp((-Math.PI * b) / SR)
      const a1 = 2 * r * Math.cos((2 * Math.PI * f) / SR)
      const a2 = -r * r
      const y = new Float64Array(n)
      for (let i = 0; i < n; i++) y[i] = x[i] + a1 * (y[i - 1] ?? 0) + a2 * (y[i - 2] ?? 0)
      x = y
    }
    const peak = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
    const pcm = Float32Array.from(x, (v) => (0.5 * v) / peak)
    expect(Math.abs(median(pcm, 'F1frequency_sma3nz') - 700)).toBeLessThan(100)
    expect(Math.abs(median(pcm, 'F2frequency_sma3nz') - 1220)).toBeLessThan(150)
    expect(Math.abs(median(pcm, 'F3frequency_sma3nz') - 2600)).toBeLessThan(250)
    expect(median(pcm, 'F1bandwidth_sma3nz')).toBeGreaterThan(0)
  })

  it('sma3 averages 3 frames; sma3nz skips zeros and keeps zeros', () => {
    const rawRows = new Float32Array(3 * LLD_COUNT)
    const f0 = lldIndex('F0semitoneFrom27.5Hz_sma3nz')
    rawRows.set([3, 6, 9].map((v) => v), 0)
    ;[0, 1, 2].forEach((k) => (rawRows[k * LLD_COUNT] = [3, 6, 9][k]))
    ;[0, 1, 2].forEach((k) => (rawRows[k * LLD_COUNT + f0] = [30, 0, 36][k]))
    const s = smoothSma3(rawRows, 3, () => true)
    expect(s[LLD_COUNT]).toBeCloseTo(6)
    expect(s[0]).toBeCloseTo(4.5)
    expect(s[LLD_COUNT + f0]).toBe(0)
    expect(s[f0]).toBeCloseTo(30)
  })
})

describe('frameAudioFeatures', () => {
  it('gives 2 × 25 = 50 values per video frame and z-scores with training stats', () => {
    const pcm = { samples: harmonic(150, 1), sampleRate: SR, originSec: 0 }
    const ts = Float64Array.from({ length: 25 }, (_, i) => i / 25)
    const f = frameAudioFeatures(pcm, ts)
    expect(f.dim).toBe(AUDIO_FEATURE_DIM)
    expect(f.dim).toBe(50)
    expect(f.values.length).toBe(25 * 50)
    expect(f.values.every(Number.isFinite)).toBe(true)
    // A middle frame: voiced at 150 Hz in both LLD sets.
    const st = 12 * Math.log2(150 / 27.5)
    expect(f.values[10 * 50 + lldIndex('F0semitoneFrom27.5Hz_sma3nz')]).toBeCloseTo(st, 0)
    expect(f.values[10 * 50 + 25 + lldIndex('F0semitoneFrom27.5Hz_sma3nz')]).toBeCloseTo(st, 0)
    const stats = audioFeatureStats(f.values, f.dim)
    const z = normaliseAudioFeatures(f.values, stats)
    let m = 0
    for (let i = 0; i < 25; i++) m += z[i * 50 + 6]
    expect(Math.abs(m / 25)).toBeLessThan(1e-4)
  })
})
