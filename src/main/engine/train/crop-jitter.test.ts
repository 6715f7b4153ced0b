import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../../core/folds/seeded-random'
import { drawJitter, jitterCropsRandomly, warpCrop, type JitterDraw } from './crop-jitter'

const size = 16
const px = (buf: Uint8Array, x: number, y: number, ch = 0): number => buf[(y * size + x) * 3 + ch]

/** A crop with a bright 3×3 square whose top-left corner is at (x, y). */
function square(x: number, y: number): Uint8Array {
  const buf = new Uint8Array(size * size * 3).fill(20)
  for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) for (let ch = 0; ch < 3; ch++) buf[((y + dy) * size + x + dx) * 3 + ch] = 220
  return buf
}

/** Centre of mass of the bright pixels (channel 0, above 120). */
function brightCentre(buf: Uint8Array): [number, number] {
  let sx = 0
  let sy = 0
  let n = 0
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      if (px(buf, x, y) > 120) {
        sx += x
        sy += y
        n++
      }
  return [sx / n, sy / n]
}

const NONE: JitterDraw = { sx: 1, sy: 1, rot: 0, tx: 0, ty: 0 }

describe('crop jitter', () => {
  it('the identity draw and amount 0 leave the crop byte-identical', () => {
    const src = square(5, 6)
    const out = new Uint8Array(src.length)
    warpCrop(src, size, NONE, out)
    expect(out).toEqual(src)
    const buf = new Uint8Array([...square(2, 2), ...square(9, 4)])
    const copy = buf.slice()
    jitterCropsRandomly(buf, 2, size, 0, 3)
    expect(buf).toEqual(copy)
  })

  it('a shift of 2 px moves the content 2 px right and 1 px down', () => {
    const out = new Uint8Array(size * size * 3)
    warpCrop(square(5, 6), size, { ...NONE, tx: 2 / size, ty: 1 / size }, out)
    expect(out).toEqual(square(7, 7))
  })

  it('scale moves content away from the centre along its own axis only; a quarter turn swaps the axes', () => {
    const out = new Uint8Array(size * size * 3)
    const [cx0, cy0] = brightCentre(square(11, 6))
    warpCrop(square(11, 6), size, { ...NONE, sx: 1.3 }, out)
    const [cx1, cy1] = brightCentre(out)
    const c = (size - 1) / 2
    expect(cx1 - c).toBeGreaterThan((cx0 - c) * 1.15)
    expect(cy1).toBeCloseTo(cy0, 0)
    warpCrop(square(11, 6), size, { ...NONE, rot: Math.PI / 2 }, out)
    const [rx, ry] = brightCentre(out)
    // +90° in image coordinates (y down) maps (dx, dy) → (−dy, dx)
    expect(rx - c).toBeCloseTo(-(cy0 - c), 0)
    expect(ry - c).toBeCloseTo(cx0 - c, 0)
  })

  it('draws stay within the amount, are seeded, and differ per crop', () => {
    const rng = mulberry32(1)
    for (let i = 0; i < 200; i++) {
      const d = drawJitter(rng, 0.1)
      expect(Math.abs(d.sx - 1)).toBeLessThanOrEqual(0.1)
      expect(Math.abs(d.sy - 1)).toBeLessThanOrEqual(0.1)
      expect(Math.abs(d.rot)).toBeLessThanOrEqual(0.1 * (Math.PI / 3) + 1e-12)
      expect(Math.abs(d.tx)).toBeLessThanOrEqual(0.05)
      expect(Math.abs(d.ty)).toBeLessThanOrEqual(0.05)
    }
    const a = new Uint8Array([...square(4, 4), ...square(4, 4)])
    const b = a.slice()
    const drawsA = jitterCropsRandomly(a, 2, size, 0.2, 9)
    const drawsB = jitterCropsRandomly(b, 2, size, 0.2, 9)
    expect(drawsA).toEqual(drawsB)
    expect(a).toEqual(b)
    expect(drawsA[0]).not.toEqual(drawsA[1])
    expect(jitterCropsRandomly(square(4, 4), 1, size, 0.2, 10)[0]).not.toEqual(drawsA[0])
  })
})
