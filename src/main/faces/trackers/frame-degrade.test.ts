import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../datasets/synth/prng'
import type { RgbImage } from '../human-detector'
import { degradeImage, degradeSequence, describeDegradation, drawDegradation, THESIS_KINDS } from './frame-degrade'

const flat = (v: number, w = 16, h = 16): RgbImage => ({ data: new Uint8Array(w * h * 3).fill(v), width: w, height: h })

describe('thesis degradations on frames', () => {
  it('draws only thesis levels, deterministically', () => {
    const a = Array.from({ length: 50 }, ((r) => () => drawDegradation(r))(mulberry32(4)))
    const b = Array.from({ length: 50 }, ((r) => () => drawDegradation(r))(mulberry32(4)))
    expect(a).toEqual(b)
    expect(new Set(a.map((d) => d.kind))).toEqual(new Set(THESIS_KINDS))
    for (const d of a) {
      if (d.kind === 'downsample') expect([2, 4, 8]).toContain(d.factor)
      if (d.kind === 'gaussian-blur') expect([1, 3, 5]).toContain(d.sigma)
      if (d.kind === 'colour-scale') expect([0.8, 0.5, 0.2]).toContain(d.scale)
      if (d.kind === 'motion-blur') expect([10, 15, 25]).toContain(d.frames)
    }
    expect(describeDegradation({ kind: 'colour-scale', scale: 0.5 })).toBe('intensity ×0.5')
  })

  it('intensity scaling and noise act on pixels; the input is left unchanged', () => {
    const img = flat(200)
    expect(degradeImage(img, { kind: 'colour-scale', scale: 0.5 }, 1).data[0]).toBe(100)
    const noisy = degradeImage(img, { kind: 'gaussian-noise', variance: 0.01 }, 1)
    const sd = Math.sqrt(noisy.data.reduce((a, v) => a + (v - 200) ** 2, 0) / noisy.data.length)
    expect(sd).toBeGreaterThan(0.1 * 255 * 0.7)
    expect(sd).toBeLessThan(0.1 * 255 * 1.3)
    expect(img.data[0]).toBe(200)
  })

  it('motion blur over a sequence is the mean of the last L frames', () => {
    const frames = [0, 30, 60, 90].map((v) => flat(v, 4, 4))
    const { frames: out, applied } = degradeSequence(frames, { seed: 1, segment: 10, kinds: ['motion-blur'] })
    expect(applied.every((d) => d.kind === 'motion-blur')).toBe(true)
    expect(out.map((f) => f.data[0])).toEqual([0, 15, 30, 45]) // L ≥ 10 > 4: mean of all frames so far
  })
})
