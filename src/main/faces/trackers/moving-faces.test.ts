import { describe, expect, it } from 'vitest'
import type { Point2 } from '../../datasets/landmarks'
import type { RgbImage } from '../human-detector'
import { applyTransform, areaDownscale, framePoints, movingFaceSequence } from './moving-faces'

/** A black still with a bright 3×3 dot at each of 68 points spread over a 60×80 face box. */
function dotStill(): { img: RgbImage; points: Point2[] } {
  const W = 160
  const H = 160
  const data = new Uint8Array(W * H * 3)
  const points: Point2[] = []
  for (let k = 0; k < 68; k++) {
    const x = 50 + (k % 9) * 7 + (k % 2)
    const y = 40 + Math.floor(k / 9) * 10
    points.push([x, y])
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) data.fill(255, ((y + dy) * W + x + dx) * 3, ((y + dy) * W + x + dx) * 3 + 3)
  }
  return { img: { data, width: W, height: H }, points }
}

const at = (img: RgbImage, x: number, y: number): number => img.data[(Math.round(y) * img.width + Math.round(x)) * 3]

describe('moving faces', () => {
  it('the ground truth follows the warp: every GT point of every frame sits on its bright dot', () => {
    const { img, points } = dotStill()
    const seq = movingFaceSequence(img, points, { category: 1, seed: 3, frames: 12, size: 128, faceRel: 0.5 })
    expect(seq.frames).toHaveLength(12)
    expect(seq.landmarks).toHaveLength(12 * 136)
    for (let i = 0; i < 12; i++) {
      const gt = framePoints(seq.landmarks, i)!
      // On the dot: bright; 4 px away (outside the 3×3 dot at scale ≈ 0.8): dark.
      for (const [x, y] of gt) expect(at(seq.frames[i], x, y)).toBeGreaterThan(120)
      const dark = gt.filter(([x, y]) => at(seq.frames[i], x + 3.5, y + 3.5) < 60).length
      expect(dark).toBeGreaterThan(60)
      // The transform maps the still's points onto the stored GT.
      const q = applyTransform(seq.transforms[i], points[0])
      expect(Math.hypot(q[0] - gt[0][0], q[1] - gt[0][1])).toBeLessThan(1e-3)
    }
    // It moves: frame 0 and frame 11 differ in position.
    const a = framePoints(seq.landmarks, 0)![30]
    const b = framePoints(seq.landmarks, 11)![30]
    expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeGreaterThan(1)
  })

  it('is deterministic by seed; other seeds and categories move differently; category 3 degrades the frames', () => {
    const { img, points } = dotStill()
    const a = movingFaceSequence(img, points, { category: 2, seed: 7, frames: 5, size: 96 })
    const b = movingFaceSequence(img, points, { category: 2, seed: 7, frames: 5, size: 96 })
    const c = movingFaceSequence(img, points, { category: 2, seed: 8, frames: 5, size: 96 })
    expect(Array.from(a.landmarks)).toEqual(Array.from(b.landmarks))
    expect(Buffer.from(a.frames[4].data).equals(Buffer.from(b.frames[4].data))).toBe(true)
    expect(Array.from(a.landmarks)).not.toEqual(Array.from(c.landmarks))
    const three = movingFaceSequence(img, points, { category: 3, seed: 7, frames: 12, size: 96 })
    const one = movingFaceSequence(img, points, { category: 1, seed: 7, frames: 12, size: 96 })
    // Category 3's frames are not the plain warp: its dot peaks are lower (blur, noise or downsampling).
    const peak = (s: typeof one, i: number) => Math.max(...framePoints(s.landmarks, i)!.map(([x, y]) => at(s.frames[i], x, y)))
    const mean3 = framePoints(three.landmarks, 5)!.reduce((acc, [x, y]) => acc + at(three.frames[5], x, y), 0) / 68
    const mean1 = framePoints(one.landmarks, 5)!.reduce((acc, [x, y]) => acc + at(one.frames[5], x, y), 0) / 68
    expect(peak(one, 5)).toBeGreaterThan(200)
    expect(mean3).not.toBeCloseTo(mean1, 0)
  })

  it('shrinks large stills with an area filter and keeps the points on the dots', () => {
    const { img, points } = dotStill()
    const small = areaDownscale(img, 0.5)
    expect([small.width, small.height]).toEqual([80, 80])
    const seq = movingFaceSequence(img, points, { category: 1, seed: 1, frames: 2, size: 64, faceRel: 0.3 })
    for (const [x, y] of framePoints(seq.landmarks, 1)!) expect(at(seq.frames[1], x, y)).toBeGreaterThan(25)
    expect(() => movingFaceSequence(img, points.slice(1), { category: 1, seed: 1 })).toThrow(/68 points/)
  })
})
