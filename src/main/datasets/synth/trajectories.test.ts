import { describe, expect, it } from 'vitest'
import { mulberry32 } from './prng'
import { generateAffectTrajectory, generateBlinks, generatePoseTrack, generateSpeechSegments } from './trajectories'

describe('mulberry32', () => {
  it('is deterministic and roughly uniform', () => {
    const a = mulberry32(42)
    const b = mulberry32(42)
    let s = 0
    for (let i = 0; i < 10000; i++) {
      const x = a()
      expect(x).toBe(b())
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThan(1)
      s += x
    }
    expect(s / 10000).toBeGreaterThan(0.48)
    expect(s / 10000).toBeLessThan(0.52)
    expect(mulberry32(43)()).not.toBe(mulberry32(42)())
  })
})

describe('generateAffectTrajectory', () => {
  const opts = { frames: 750, fps: 25, seed: 9, baselineValence: 0.2, baselineArousal: -0.1 }

  it('is deterministic, in [-1, 1] and smooth', () => {
    const a = generateAffectTrajectory(opts)
    const b = generateAffectTrajectory(opts)
    expect(Buffer.from(a.valence.buffer).equals(Buffer.from(b.valence.buffer))).toBe(true)
    expect(JSON.stringify(a.changes)).toBe(JSON.stringify(b.changes))
    for (const tr of [a.valence, a.arousal]) {
      for (let i = 0; i < tr.length; i++) {
        expect(Math.abs(tr[i])).toBeLessThanOrEqual(1)
        if (i > 0) expect(Math.abs(tr[i] - tr[i - 1])).toBeLessThan(0.3)
      }
    }
    expect(generateAffectTrajectory({ ...opts, seed: 10 }).valence).not.toEqual(a.valence)
  })

  it('records expression changes where the trace starts moving towards a new target', () => {
    const t = generateAffectTrajectory({ ...opts, wander: 0 })
    expect(t.changes.length).toBeGreaterThanOrEqual(6)
    for (const c of t.changes) {
      const end = Math.min(opts.frames - 1, c.frame + c.transitionFrames - 1)
      expect(t.valence[end]).toBeCloseTo(c.to.valence, 5)
      expect(t.arousal[end]).toBeCloseTo(c.to.arousal, 5)
      if (c.frame > 0) {
        expect(t.valence[c.frame - 1]).toBeCloseTo(c.from.valence, 5)
        expect(t.arousal[c.frame - 1]).toBeCloseTo(c.from.arousal, 5)
      }
    }
    // Spread over the circumplex.
    const v = Array.from(t.valence)
    expect(Math.max(...v) - Math.min(...v)).toBeGreaterThan(0.6)
  })
})

describe('speech, blinks and pose', () => {
  it('speech segments alternate with pauses inside the session', () => {
    const segs = generateSpeechSegments(500, 25, 3)
    expect(segs.length).toBeGreaterThan(2)
    for (let k = 0; k < segs.length; k++) {
      expect(segs[k].end).toBeGreaterThan(segs[k].start)
      expect(segs[k].end).toBeLessThanOrEqual(500)
      if (k > 0) expect(segs[k].start).toBeGreaterThan(segs[k - 1].end)
    }
  })

  it('blinks reach full closure; head motion grows with arousal', () => {
    const lo = new Float32Array(500).fill(-1)
    const hi = new Float32Array(500).fill(1)
    const { blink, blinkFrames } = generateBlinks(500, 25, lo, 1)
    expect(blinkFrames.length).toBeGreaterThan(2)
    for (const f of blinkFrames) expect(blink[f]).toBe(1)
    const zero = new Float32Array(500)
    const spread = (x: Float32Array): number => Math.max(...x) - Math.min(...x)
    const pl = generatePoseTrack(500, 25, lo, zero, 4)
    const ph = generatePoseTrack(500, 25, hi, zero, 4)
    expect(spread(ph.yaw)).toBeGreaterThan(spread(pl.yaw) * 2)
    expect(spread(ph.tx)).toBeGreaterThan(spread(pl.tx) * 2)
  })
})
