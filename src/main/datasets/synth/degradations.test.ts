import { describe, expect, it } from 'vitest'
import { applyAudioDegradations, applyImageDegradation, planDegradations, segmentModality, VideoDegrader, type DegradationSegment, type ImageDegradation } from './degradations'
import { renderFace } from './face-renderer'
import { makeFaceIdentity, NEUTRAL_POSE } from './face-types'
import { mulberry32 } from './prng'

const W = 64
const H = 64
const id = makeFaceIdentity(2)
const frame = (i: number): Uint8Array => renderFace({ identity: id, valence: Math.sin(i / 5), arousal: Math.cos(i / 7), speech: (i % 4) / 4, blink: 0, pose: { ...NEUTRAL_POSE, tx: 0.01 * Math.sin(i) } }, W, H)
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b))

const ALL: ImageDegradation[] = [
  { kind: 'downsample', factor: 4 },
  { kind: 'gaussian-blur', sigma: 3 },
  { kind: 'gaussian-noise', variance: 0.005 },
  { kind: 'colour-scale', scale: 0.5 },
  { kind: 'occlusion', x: 0.3, y: 0.5, w: 0.4, h: 0.2, color: [40, 40, 40] },
  { kind: 'low-light', gain: 0.25, gamma: 1.4, noise: 3 }
]

describe('planDegradations', () => {
  it('is deterministic, non-overlapping, and includes video-only, audio-only and both', () => {
    for (const seed of [1, 2, 3, 99]) {
      const a = planDegradations(500, 25, seed)
      expect(JSON.stringify(a)).toBe(JSON.stringify(planDegradations(500, 25, seed)))
      const kinds = new Set(a.map(segmentModality))
      expect(kinds).toEqual(new Set(['video', 'audio', 'both']))
      for (let k = 0; k < a.length; k++) {
        expect(a[k].end).toBeGreaterThan(a[k].start)
        expect(a[k].end).toBeLessThanOrEqual(500)
        if (k > 0) expect(a[k].start).toBeGreaterThan(a[k - 1].end)
      }
      expect(a[0].start).toBeGreaterThan(0)
    }
  })

  it("'severe' draws only expression-destroying video degradations and audio dropouts; 'mixed' is unchanged", () => {
    for (const seed of [1, 2, 3, 99]) {
      const sev = planDegradations(500, 25, seed, 'severe')
      expect(JSON.stringify(planDegradations(500, 25, seed))).toBe(JSON.stringify(planDegradations(500, 25, seed, 'mixed')))
      expect(new Set(sev.map(segmentModality))).toEqual(new Set(['video', 'audio', 'both']))
      for (const g of sev) {
        if (g.video) expect(['occlusion', 'low-light']).toContain(g.video.kind)
        if (g.audio) expect(g.audio).toEqual({ kind: 'dropout' })
      }
    }
    const kinds = new Set([1, 2, 3, 4, 5, 6, 7, 8].flatMap((seed) => planDegradations(500, 25, seed, 'severe').flatMap((g) => (g.video ? [g.video.kind] : []))))
    expect(kinds).toEqual(new Set(['occlusion', 'low-light']))
  })

  it("a 'severe' video degradation removes the expression: opposite V/A faces become (nearly) the same picture", () => {
    const face = (v: number, a: number) => renderFace({ identity: id, valence: v, arousal: a, speech: 0, blink: 0, pose: NEUTRAL_POSE }, W, H)
    const meanAbs = (a: Uint8Array, b: Uint8Array) => a.reduce((s, x, i) => s + Math.abs(x - b[i]), 0) / a.length
    const [sad, happy] = [face(-1, -1), face(1, 1)]
    const clean = meanAbs(sad, happy)
    expect(clean).toBeGreaterThan(1)
    const seen = new Set<string>()
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      for (const g of planDegradations(500, 25, seed, 'severe')) {
        if (!g.video || seen.size > 12) continue
        seen.add(JSON.stringify(g.video))
        // The same noise on both (same rng seed), so only the faces' difference is left.
        const d = (f: Uint8Array) => applyImageDegradation(f, W, H, g.video!, mulberry32(seed))
        expect(meanAbs(d(sad), d(happy)), JSON.stringify(g.video)).toBeLessThan(0.2 * clean)
      }
    }
    expect(seen.size).toBeGreaterThan(5)
  })

  it('fits short sessions', () => {
    const a = planDegradations(25, 25, 5)
    expect(a.length).toBeGreaterThan(0)
    for (const s of a) expect(s.end).toBeLessThanOrEqual(25)
  })
})

describe('image degradations', () => {
  it('each kind changes the frame, keeps its size and is seeded', () => {
    const src = frame(0)
    for (const d of ALL) {
      const a = applyImageDegradation(src, W, H, d, mulberry32(1))
      const b = applyImageDegradation(src, W, H, d, mulberry32(1))
      expect(a.length).toBe(src.length)
      expect(same(a, src), d.kind).toBe(false)
      expect(same(a, b), d.kind).toBe(true)
    }
    const dark = applyImageDegradation(src, W, H, { kind: 'colour-scale', scale: 0.2 }, mulberry32(1))
    expect(dark.reduce((s, x) => s + x, 0)).toBeLessThan(src.reduce((s, x) => s + x, 0) * 0.25)
  })

  it('VideoDegrader changes pixels only inside video segments (motion blur included)', () => {
    const frames = 40
    const segments: DegradationSegment[] = [
      { start: 5, end: 10, video: { kind: 'gaussian-blur', sigma: 1 }, audio: null },
      { start: 12, end: 16, video: null, audio: { kind: 'dropout' } },
      { start: 18, end: 24, video: { kind: 'motion-blur', frames: 10 }, audio: { kind: 'noise', snrDb: 0 } },
      { start: 30, end: 33, video: { kind: 'gaussian-noise', variance: 0.01 }, audio: null }
    ]
    const deg = new VideoDegrader(W, H, frames, segments, 7)
    const inVideo = (i: number): boolean => segments.some((s) => s.video && i >= s.start && i < s.end)
    for (let i = 0; i < frames; i++) {
      const clean = frame(i)
      const out = deg.apply(i, clean.slice())
      expect(same(out, clean), `frame ${i}`).toBe(!inVideo(i))
    }
  })
})

describe('audio degradations', () => {
  it('touch only the samples of audio segments: dropout → zeros, noise → higher power', () => {
    const sr = 16000
    const fps = 25
    const pcm = new Float32Array(sr * 2)
    for (let i = 0; i < pcm.length; i++) pcm[i] = 0.3 * Math.sin((2 * Math.PI * 150 * i) / sr)
    const orig = pcm.slice()
    const segments: DegradationSegment[] = [
      { start: 5, end: 10, video: { kind: 'colour-scale', scale: 0.5 }, audio: null },
      { start: 12, end: 20, video: null, audio: { kind: 'dropout' } },
      { start: 30, end: 40, video: null, audio: { kind: 'noise', snrDb: 0 } }
    ]
    applyAudioDegradations(pcm, sr, fps, segments, 0.2, 11)
    const spf = sr / fps
    for (let i = 0; i < pcm.length; i++) {
      const f = Math.floor(i / spf)
      if (f >= 12 && f < 20) expect(pcm[i]).toBe(0)
      else if (f < 30 || f >= 40) expect(pcm[i]).toBe(orig[i])
    }
    let diff = 0
    for (let i = 30 * spf; i < 40 * spf; i++) diff += (pcm[i] - orig[i]) ** 2
    const noiseRms = Math.sqrt(diff / (10 * spf))
    expect(noiseRms).toBeGreaterThan(0.15)
    expect(noiseRms).toBeLessThan(0.25)
  })
})
