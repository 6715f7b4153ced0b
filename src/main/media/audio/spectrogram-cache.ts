import { createHash, randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { endianness } from 'node:os'
import { join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { type MelParams, type MelSpectrogram, type PadMode, describeParams } from './mel-params'

/**
 * On-disk cache of session spectrograms: `<cacheDir>/spectrograms/<key>.cxmel`, written atomically
 * (temp file + fsync + rename), content-addressed by a key the caller passes (e.g. `spectrogramCacheKey`).
 *
 * File format v1, little-endian, 56-byte header then float32 data:
 *
 *   off  type      field
 *   0    char[6]   magic 'CXMEL1'
 *   6    u16       version (1)
 *   8    u32       sr
 *   12   u32       n_fft
 *   16   u32       hop
 *   20   u32       n_mels
 *   24   f64       top_db
 *   32   u32       T (columns)
 *   36   u32       pad mode (0 = constant, 1 = reflect)        — addition to the brief's field list
 *   40   f64       max_db
 *   48   f64       origin_sec (time of PCM sample 0)           — addition to the brief's field list
 *   56   f32[T·n_mels]  frame-major dB (data[t·n_mels + m]), as MelSpectrogram.data
 *
 * Fixed by version 1 and therefore not stored: periodic Hann, center=True, power 2, Slaney mel + Slaney norm,
 * fmin 0, fmax sr/2, amin 1e-10, ref = max. minDb is recomputed on read.
 */
export const SPECTROGRAM_MAGIC = 'CXMEL1'
export const SPECTROGRAM_FORMAT_VERSION = 1
export const SPECTROGRAM_HEADER_BYTES = 56
const PAD_CODES: Record<PadMode, number> = { constant: 0, reflect: 1 }
const LITTLE_ENDIAN_HOST = endianness() === 'LE'

/** Key = sha256(source content hash + every parameter), hex. */
export function spectrogramCacheKey(sourceSha256: string, params: MelParams): string {
  const canonical = ['cxmel', SPECTROGRAM_FORMAT_VERSION, sourceSha256, params.sampleRate, params.nFft, params.hopLength, params.nMels, params.topDb, params.padMode].join('|')
  return createHash('sha256').update(canonical).digest('hex')
}

export function spectrogramCachePath(cacheDir: string, key: string): string {
  if (!/^[A-Za-z0-9_-]{8,128}$/.test(key)) {
    throw new AppError('INVALID_ARGUMENT', `spectrogram cache key must be 8-128 characters of [A-Za-z0-9_-], got '${key}'`)
  }
  return join(cacheDir, 'spectrograms', `${key}.cxmel`)
}

export function encodeSpectrogram(spec: MelSpectrogram): Buffer {
  const { params, frames, data } = spec
  if (data.length !== frames * params.nMels) throw new AppError('INVALID_ARGUMENT', `spectrogram holds ${data.length} values, expected ${frames}×${params.nMels}`)
  const buf = Buffer.alloc(SPECTROGRAM_HEADER_BYTES + data.length * 4)
  buf.write(SPECTROGRAM_MAGIC, 0, 'ascii')
  buf.writeUInt16LE(SPECTROGRAM_FORMAT_VERSION, 6)
  buf.writeUInt32LE(params.sampleRate, 8)
  buf.writeUInt32LE(params.nFft, 12)
  buf.writeUInt32LE(params.hopLength, 16)
  buf.writeUInt32LE(params.nMels, 20)
  buf.writeDoubleLE(params.topDb, 24)
  buf.writeUInt32LE(frames, 32)
  buf.writeUInt32LE(PAD_CODES[params.padMode], 36)
  buf.writeDoubleLE(spec.maxDb, 40)
  buf.writeDoubleLE(spec.originSec, 48)
  if (LITTLE_ENDIAN_HOST) {
    Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(buf, SPECTROGRAM_HEADER_BYTES)
  } else {
    for (let i = 0; i < data.length; i++) buf.writeFloatLE(data[i], SPECTROGRAM_HEADER_BYTES + 4 * i)
  }
  return buf
}

/**
 * Parses a .cxmel file. With `expected`, refuses (CONFLICT) a file computed with other parameters;
 * a damaged or foreign file is PARSE_ERROR.
 */
export function decodeSpectrogram(buf: Uint8Array, expected?: MelParams, label = 'spectrogram cache file'): MelSpectrogram {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)
  if (b.length < SPECTROGRAM_HEADER_BYTES || b.toString('ascii', 0, 6) !== SPECTROGRAM_MAGIC) {
    throw new AppError('PARSE_ERROR', `${label} is not a Circumplex spectrogram (bad magic)`)
  }
  const version = b.readUInt16LE(6)
  if (version !== SPECTROGRAM_FORMAT_VERSION) {
    throw new AppError('CONFLICT', `${label} has format version ${version}; this build reads version ${SPECTROGRAM_FORMAT_VERSION}`)
  }
  const padCode = b.readUInt32LE(36)
  const padMode = (Object.keys(PAD_CODES) as PadMode[]).find((k) => PAD_CODES[k] === padCode)
  if (!padMode) throw new AppError('PARSE_ERROR', `${label} has an unknown pad mode code ${padCode}`)
  const params: MelParams = Object.freeze({
    sampleRate: b.readUInt32LE(8),
    nFft: b.readUInt32LE(12),
    hopLength: b.readUInt32LE(16),
    nMels: b.readUInt32LE(20),
    topDb: b.readDoubleLE(24),
    padMode
  })
  const frames = b.readUInt32LE(32)
  const maxDb = b.readDoubleLE(40)
  const originSec = b.readDoubleLE(48)
  const count = frames * params.nMels
  if (params.nMels === 0 || b.length !== SPECTROGRAM_HEADER_BYTES + 4 * count) {
    throw new AppError('PARSE_ERROR', `${label} is truncated or damaged: ${b.length} bytes for ${frames} columns × ${params.nMels} mels`)
  }
  if (expected) {
    const diffs: string[] = []
    for (const k of ['sampleRate', 'nFft', 'hopLength', 'nMels', 'topDb', 'padMode'] as const) {
      if (params[k] !== expected[k]) diffs.push(`${k} ${String(params[k])} (expected ${String(expected[k])})`)
    }
    if (diffs.length > 0) {
      throw new AppError('CONFLICT', `${label} was computed with different parameters: ${diffs.join(', ')}; wanted ${describeParams(expected)}`)
    }
  }
  const data = new Float32Array(count)
  if (LITTLE_ENDIAN_HOST) {
    new Uint8Array(data.buffer).set(b.subarray(SPECTROGRAM_HEADER_BYTES))
  } else {
    for (let i = 0; i < count; i++) data[i] = b.readFloatLE(SPECTROGRAM_HEADER_BYTES + 4 * i)
  }
  let minDb = Infinity
  for (let i = 0; i < count; i++) if (data[i] < minDb) minDb = data[i]
  return { params, frames, data, maxDb, minDb: count > 0 ? minDb : maxDb, originSec }
}

/** Writes the spectrogram atomically; returns the file's path. */
export async function writeSpectrogramCache(cacheDir: string, key: string, spec: MelSpectrogram): Promise<string> {
  const path = spectrogramCachePath(cacheDir, key)
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  const body = encodeSpectrogram(spec)
  try {
    await mkdir(join(cacheDir, 'spectrograms'), { recursive: true })
    const fh = await open(tmp, 'wx')
    try {
      await fh.writeFile(body)
      await fh.sync()
    } finally {
      await fh.close()
    }
    await rename(tmp, path)
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined)
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOSPC') throw new AppError('DISK_FULL', `no space left to cache the spectrogram in ${cacheDir}`, { cause: e })
    if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
      throw new AppError('DATA_DIR_NOT_WRITABLE', `cannot write the spectrogram cache in ${cacheDir} (${code})`, { cause: e })
    }
    throw e
  }
  return path
}

/**
 * Reads a cached spectrogram; null when there is none. Throws CONFLICT when it was computed with parameters
 * other than `expected`, PARSE_ERROR when the file is damaged (callers may delete it and recompute).
 */
export async function readSpectrogramCache(cacheDir: string, key: string, expected: MelParams): Promise<MelSpectrogram | null> {
  const path = spectrogramCachePath(cacheDir, key)
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw e
  }
  return decodeSpectrogram(bytes, expected, `spectrogram cache file ${path}`)
}
