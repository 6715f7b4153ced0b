import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { renderFrameSheet } from './frame-sheet'
import { crc32, encodePng } from './png'

describe('encodePng', () => {
  it('writes a valid PNG whose pixels round-trip', () => {
    const rgb = new Uint8Array(3 * 2 * 3).map((_, i) => (i * 37) & 255)
    const png = encodePng(rgb, 3, 2)
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    expect(png.toString('ascii', 12, 16)).toBe('IHDR')
    expect(png.readUInt32BE(16)).toBe(3)
    expect(png.readUInt32BE(20)).toBe(2)
    expect(png.readUInt32BE(29)).toBe(crc32(png, 12, 29))
    const idatLen = png.readUInt32BE(33)
    expect(png.toString('ascii', 37, 41)).toBe('IDAT')
    const raw = inflateSync(png.subarray(41, 41 + idatLen))
    expect(raw.length).toBe(2 * (1 + 9))
    expect(Array.from(raw.subarray(1, 10))).toEqual(Array.from(rgb.subarray(0, 9)))
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926)
  })
})

describe('renderFrameSheet', () => {
  it('lays out an n×n grid of distinct faces', () => {
    const s = renderFrameSheet({ seed: 2, grid: 3, cell: 64 })
    expect(s.rgb.length).toBe(s.width * s.height * 3)
    expect(s.width).toBeGreaterThanOrEqual(3 * 64)
    // The top-left (V−1, A+1) and bottom-right (V+1, A−1) cells differ.
    const cell = (col: number, row: number): Buffer => {
      const rows: Buffer[] = []
      const x0 = 4 + col * 68
      const y0 = 26 + 4 + row * (64 + 14 + 4)
      for (let y = 0; y < 64; y++) rows.push(Buffer.from(s.rgb.subarray(((y0 + y) * s.width + x0) * 3, ((y0 + y) * s.width + x0 + 64) * 3)))
      return Buffer.concat(rows)
    }
    expect(cell(0, 0).equals(cell(2, 2))).toBe(false)
    expect(cell(1, 1).equals(cell(1, 1))).toBe(true)
  })
})
