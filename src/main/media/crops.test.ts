import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { CROP_POLICIES, cropBoxFromLandmarks, cropRgb } from './crops'

const square = (x0: number, y0: number, w: number, h: number) => {
  const pts: number[] = []
  for (let i = 0; i < 68; i++) pts.push(x0 + (w * (i % 17)) / 16, y0 + (h * Math.floor(i / 17)) / 3)
  return pts
}

describe('crop policies', () => {
  it('pads the landmark box by 1/8 of its larger side per side and squares it', () => {
    const box = cropBoxFromLandmarks(square(100, 50, 80, 40), CROP_POLICIES['thesis-128'])
    expect(box).toEqual([100 + 40 - 50, 50 + 20 - 50, 100])
  })
  it('gives no box when a point is missing (no face), never a zero box', () => {
    const pts = square(0, 0, 10, 10)
    pts[7] = Number.NaN
    expect(cropBoxFromLandmarks(pts, CROP_POLICIES['compact-64'])).toBeNull()
  })
  it('resamples exactly on an identity box and repeats edges outside the image', () => {
    const w = 4
    const h = 4
    const img = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 7) % 256)
    expect(Array.from(cropRgb(img, w, h, [0, 0, 4], 4))).toEqual(Array.from(img))
    const outside = cropRgb(img, w, h, [-8, -8, 4], 2)
    expect(Array.from(outside.subarray(0, 3))).toEqual(Array.from(img.subarray(0, 3)))
  })
  it('is reproducible byte for byte', () => {
    const img = Uint8Array.from({ length: 64 * 48 * 3 }, (_, i) => (i * 31 + (i >> 5)) % 256)
    const a = cropRgb(img, 64, 48, [5.3, 2.7, 40.2], 128)
    const b = cropRgb(img, 64, 48, [5.3, 2.7, 40.2], 128)
    expect(createHash('sha256').update(a).digest('hex')).toBe(createHash('sha256').update(b).digest('hex'))
    // Interpolation is numerically right at a known point: the centre of a 2×2 upsample of a ramp.
    const ramp = Uint8Array.from([0, 0, 0, 100, 100, 100, 0, 0, 0, 100, 100, 100])
    const up = cropRgb(ramp, 2, 2, [0, 0, 2], 4)
    expect(Array.from(up.subarray(0, 12).filter((_, i) => i % 3 === 0))).toEqual([0, 25, 75, 100])
  })
})
