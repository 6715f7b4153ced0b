import { describe, expect, it } from 'vitest'
import { boxOfPoints, cropImage, cropWindowOf, fromCropCoords, toCropCoords } from './crop'

describe('tracker crops', () => {
  it('box of points is the landmark min/max (eq.2.4), ignoring NaN', () => {
    expect(boxOfPoints([10, 20, 30, 5, NaN, 100, 15, 40])).toEqual([10, 5, 20, 35])
    expect(boxOfPoints([NaN, NaN]).every(Number.isNaN)).toBe(true)
  })

  it('frame → crop → frame coordinates round-trip exactly, and the box maps inside [−1, 1]', () => {
    const pts = new Float32Array([12.5, 40, 88, 41, 50, 97.25, 51, 33])
    const win = cropWindowOf(boxOfPoints(pts), 0.25)
    const u = toCropCoords(pts, win)
    for (const v of u) expect(Math.abs(v)).toBeLessThanOrEqual(1 / 1.5 + 1e-6)
    const back = fromCropCoords(u, win)
    for (let i = 0; i < pts.length; i++) expect(back[i]).toBeCloseTo(pts[i], 4)
  })

  it('a crop samples the pixel that a crop coordinate maps to (a bright dot lands where its point maps)', () => {
    const w = 60
    const h = 40
    const data = new Uint8Array(w * h * 3)
    const dot = [37, 21]
    for (let c = 0; c < 3; c++) data[(dot[1] * w + dot[0]) * 3 + c] = 255
    const win = { cx: 30.5, cy: 20.5, side: 32 } // crop pixel centres fall on frame pixel centres
    const S = 32 // one crop pixel per frame pixel
    const crop = cropImage({ data, width: w, height: h }, win, S)
    let best = -1
    let at = -1
    for (let i = 0; i < S * S; i++) if (crop[i * 3] > best) [best, at] = [crop[i * 3], i]
    expect(best).toBeCloseTo(1, 5)
    const u = toCropCoords([dot[0], dot[1]], win)
    // crop pixel j has its centre at u = 2(j + ½)/S − 1
    expect((2 * ((at % S) + 0.5)) / S - 1).toBeCloseTo(u[0], 5)
    expect((2 * (Math.floor(at / S) + 0.5)) / S - 1).toBeCloseTo(u[1], 5)
  })

  it('clamps at the borders and rejects a short frame buffer', () => {
    const img = { data: new Uint8Array(4 * 4 * 3).fill(128), width: 4, height: 4 }
    const out = cropImage(img, { cx: -50, cy: -50, side: 20 }, 8)
    expect(out.every((v) => Math.abs(v - (128 / 255) * 2 + 1) < 1e-6)).toBe(true)
    expect(() => cropImage({ data: new Uint8Array(5), width: 4, height: 4 }, { cx: 0, cy: 0, side: 2 }, 4)).toThrow(/expected 48/)
  })
})
