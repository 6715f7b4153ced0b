import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { latentPaths, readLatentHeader, readLatents, writeLatents } from './latent-cache'
import { fromHalf, invalidRanges, toHalf, validFromRanges, type LatentMeta } from './latent-file'

const meta = (hash = 'h1'): LatentMeta => ({
  stage1Run: 'anclaf-compact-abc',
  session: 'sess-1',
  modality: 'image',
  input: 'image',
  cropPolicy: 'compact-64',
  inputSize: 64,
  vector: 'enc_C',
  weightsHash: hash,
  source: { video: '/v.mp4' }
})

describe('latent cache files', () => {
  it('fp16 round-trips within half precision (normals, subnormals, ±0, ±Inf, NaN, round-to-even)', () => {
    let s = 7
    const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 20 - 10
    for (let i = 0; i < 2000; i++) {
      const x = r()
      expect(Math.abs(fromHalf(toHalf(x)) - x)).toBeLessThanOrEqual(Math.abs(x) * 2 ** -11 + 1e-12)
    }
    expect(Math.abs(fromHalf(toHalf(1e-6)) - 1e-6)).toBeLessThanOrEqual(2 ** -25) // subnormal half: step 2⁻²⁴
    expect(fromHalf(toHalf(17 * 2 ** -24))).toBe(17 * 2 ** -24)
    expect(fromHalf(toHalf(65504))).toBe(65504)
    expect(fromHalf(toHalf(1e6))).toBe(Infinity)
    expect(fromHalf(toHalf(-1e6))).toBe(-Infinity)
    expect(Number.isNaN(fromHalf(toHalf(NaN)))).toBe(true)
    expect(Object.is(fromHalf(toHalf(-0)), -0)).toBe(true)
    expect(fromHalf(toHalf(1 + 2 ** -11))).toBe(1) // tie → even
    expect(fromHalf(toHalf(1 + 3 * 2 ** -11))).toBe(1 + 2 ** -9)
  })

  it('validity masks travel as invalid ranges', () => {
    const v = Uint8Array.from([0, 0, 1, 1, 0, 1, 0])
    expect(invalidRanges(v)).toEqual([[0, 2], [4, 5], [6, 7]])
    expect([...validFromRanges(7, invalidRanges(v))]).toEqual([...v])
    expect(() => validFromRanges(3, [[2, 5]])).toThrow(/bad invalid range/)
  })

  it('writes and reads an entry: fp16 values, mask, zeros on masked rows; header describes it', () => {
    const root = mkdtempSync(join(tmpdir(), 'lat-'))
    const data = Float32Array.from({ length: 4 * 3 }, (_, i) => (i - 5) / 7)
    data.fill(NaN, 3, 6) // frame 1 has no face: its row must never be stored as data
    const valid = Uint8Array.from([1, 0, 1, 1])
    const h = writeLatents(root, meta(), data, valid, 3)
    expect(h).toMatchObject({ dims: 3, frames: 4, dtype: 'float16', invalid: [[1, 2]], validFrames: 3, bytes: 24, weightsHash: 'h1', vector: 'enc_C' })
    expect(readLatentHeader(root, 'anclaf-compact-abc', 'sess-1')).toEqual(h)
    const back = readLatents(root, 'anclaf-compact-abc', 'sess-1', 'h1')!
    expect([...back.valid]).toEqual([1, 0, 1, 1])
    expect([...back.data.subarray(3, 6)]).toEqual([0, 0, 0])
    for (const i of [0, 1, 2, 6, 7, 8, 9, 10, 11]) expect(back.data[i]).toBeCloseTo(data[i], 3)
    expect(readLatents(root, 'anclaf-compact-abc', 'other', 'h1')).toBeNull()
  })

  it('falls back to fp32 when values exceed the half range', () => {
    const root = mkdtempSync(join(tmpdir(), 'lat-'))
    const h = writeLatents(root, meta(), Float32Array.from([1e6, 2]), Uint8Array.from([1]), 2)
    expect(h.dtype).toBe('float32')
    expect([...readLatents(root, 'anclaf-compact-abc', 'sess-1', 'h1')!.data]).toEqual([1e6, 2])
  })

  it('refuses a cache from other stage-1 weights (CONFLICT) and a damaged payload (PARSE_ERROR)', () => {
    const root = mkdtempSync(join(tmpdir(), 'lat-'))
    writeLatents(root, meta('old-weights-hash'), new Float32Array(6), Uint8Array.from([1, 1]), 3)
    expect(() => readLatents(root, 'anclaf-compact-abc', 'sess-1', 'new-weights-hash')).toThrow(expect.objectContaining({ code: 'CONFLICT', message: expect.stringMatching(/stale/) }))
    const p = latentPaths(root, 'anclaf-compact-abc', 'sess-1')
    const bin = readFileSync(p.bin)
    writeFileSync(p.bin, bin.subarray(0, 4))
    expect(() => readLatents(root, 'anclaf-compact-abc', 'sess-1', 'old-weights-hash')).toThrow(expect.objectContaining({ code: 'PARSE_ERROR', message: expect.stringMatching(/truncated/) }))
    bin[0] ^= 0xff
    writeFileSync(p.bin, bin)
    expect(() => readLatents(root, 'anclaf-compact-abc', 'sess-1', 'old-weights-hash')).toThrow(/checksum/)
    expect(() => latentPaths(root, '../x', 's')).toThrow(/plain file name/)
  })
})
