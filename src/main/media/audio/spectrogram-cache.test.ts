import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/ipc/errors'
import { DEFAULT_MEL_PARAMS, resolveMelParams } from './mel-params'
import { computeMelSpectrogram } from './mel-spectrogram'
import {
  SPECTROGRAM_HEADER_BYTES,
  decodeSpectrogram,
  encodeSpectrogram,
  readSpectrogramCache,
  spectrogramCacheKey,
  spectrogramCachePath,
  writeSpectrogramCache
} from './spectrogram-cache'
import { makeSignal } from './test-signals'

const dir = mkdtempSync(join(tmpdir(), 'cx-melcache-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const spec = { ...computeMelSpectrogram(makeSignal({ kind: 'chirp', seconds: 1.2, f0: 100, f1: 6000, amplitude: 0.5 })), originSec: 0.25 }
const key = spectrogramCacheKey('ab'.repeat(32), DEFAULT_MEL_PARAMS)

function codeOf(fn: () => unknown): string {
  try {
    fn()
    return 'ok'
  } catch (e) {
    return e instanceof AppError ? e.code : 'other'
  }
}

describe('spectrogram cache', () => {
  it('writes a little-endian CXMEL1 header followed by float32 data', () => {
    const b = encodeSpectrogram(spec)
    expect(b.toString('ascii', 0, 6)).toBe('CXMEL1')
    expect(b.readUInt16LE(6)).toBe(1)
    expect([b.readUInt32LE(8), b.readUInt32LE(12), b.readUInt32LE(16), b.readUInt32LE(20)]).toEqual([22_050, 2048, 512, 128])
    expect(b.readDoubleLE(24)).toBe(80)
    expect(b.readUInt32LE(32)).toBe(spec.frames)
    expect(b.readDoubleLE(40)).toBe(spec.maxDb)
    expect(b.readDoubleLE(48)).toBe(0.25)
    expect(b.length).toBe(SPECTROGRAM_HEADER_BYTES + 4 * spec.data.length)
    expect(b.readFloatLE(SPECTROGRAM_HEADER_BYTES + 4 * 300)).toBe(spec.data[300])
  })

  it('round-trips through an atomic write, leaving no temp file', async () => {
    const path = await writeSpectrogramCache(dir, key, spec)
    expect(path).toBe(spectrogramCachePath(dir, key))
    expect(readdirSync(join(dir, 'spectrograms'))).toEqual([`${key}.cxmel`])
    const back = await readSpectrogramCache(dir, key, DEFAULT_MEL_PARAMS)
    expect(back).not.toBeNull()
    expect(back?.data).toEqual(spec.data)
    expect(back?.frames).toBe(spec.frames)
    expect(back?.params).toEqual(spec.params)
    expect(back?.minDb).toBe(spec.minDb)
    expect(back?.originSec).toBe(0.25)
    await writeSpectrogramCache(dir, key, spec) // overwrite is fine
  })

  it('returns null for a missing entry and refuses unsafe keys', async () => {
    expect(await readSpectrogramCache(dir, 'f'.repeat(64), DEFAULT_MEL_PARAMS)).toBeNull()
    expect(() => spectrogramCachePath(dir, '../../etc/passwd')).toThrow(/cache key/)
  })

  it('refuses mismatched parameters with a clear CONFLICT', async () => {
    const want = resolveMelParams({ hopLength: 256, padMode: 'reflect' })
    await expect(readSpectrogramCache(dir, key, want)).rejects.toThrow(/hopLength 512 \(expected 256\), padMode constant \(expected reflect\)/)
    const b = encodeSpectrogram(spec)
    expect(codeOf(() => decodeSpectrogram(b, resolveMelParams({ nMels: 64 })))).toBe('CONFLICT')
    const v2 = Buffer.from(b)
    v2.writeUInt16LE(2, 6)
    expect(codeOf(() => decodeSpectrogram(v2))).toBe('CONFLICT')
  })

  it('detects damaged and foreign files', async () => {
    const b = encodeSpectrogram(spec)
    expect(codeOf(() => decodeSpectrogram(b.subarray(0, b.length - 4)))).toBe('PARSE_ERROR')
    expect(codeOf(() => decodeSpectrogram(Buffer.from('RIFF....WAVEfmt '.repeat(8))))).toBe('PARSE_ERROR')
    const bad = spectrogramCachePath(dir, 'c'.repeat(64))
    writeFileSync(bad, readFileSync(spectrogramCachePath(dir, key)).subarray(0, 100))
    await expect(readSpectrogramCache(dir, 'c'.repeat(64), DEFAULT_MEL_PARAMS)).rejects.toThrow(/truncated/)
  })

  it('keys depend on the source and on every parameter', () => {
    const a = spectrogramCacheKey('00', DEFAULT_MEL_PARAMS)
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(spectrogramCacheKey('01', DEFAULT_MEL_PARAMS)).not.toBe(a)
    expect(spectrogramCacheKey('00', resolveMelParams({ padMode: 'reflect' }))).not.toBe(a)
    expect(spectrogramCacheKey('00', resolveMelParams({ topDb: 60 }))).not.toBe(a)
  })
})
