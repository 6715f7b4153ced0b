/**
 * The latent cache on disk: per (stage-1 run, session) the per-frame latent VECTORS of that session, i.e. enc_C's
 * output of the frozen stage-1 model (engine/models/anclaf/latents.ts says why enc_C's output and not ZQ).
 *
 *   <data-dir>/latents/<stage1-run>/<session>.bin    frames × dims values, row-major, little-endian (fp16 or fp32)
 *   <data-dir>/latents/<stage1-run>/<session>.json   the header below; written AFTER the .bin (the header is what
 *                                                    makes a cache entry exist), both by temp file + rename
 *
 * Header (`LatentHeader`): format/version, stage-1 run id, session key, modality ('image' = face crops → G^I/D^I,
 * 'audio' = spectrogram windows → G^S/D^S), the stage-1 input/crop policy/input size, what the vector is, dims,
 * frames, dtype, the validity mask as the list of INVALID frame ranges [start, end) (no face / no audio there: those
 * rows are zeros and must never be read as data), the stage-1 weights hash (sha256 of the checkpoint's payload),
 * the byte size and sha256 of the .bin.
 *
 * fp16 (default): 2 bytes per value, IEEE half with round-to-nearest-even; enc_C's LeakyReLU outputs are O(1), so
 * the relative error is ≤ 2⁻¹¹ ≈ 5e-4. A session whose values exceed the half range (|x| > 65504) is stored as
 * fp32 instead (dtype in the header). 256-d compact latents: 512 B per frame, 7.7 MB for a 10-minute session.
 *
 * Invalidation: a header whose weights hash differs from the stage-1 run's current best checkpoint is STALE;
 * `decodeLatents` refuses it with CONFLICT when an expected hash is given (callers recompute, or refuse).
 */
import { createHash } from 'node:crypto'
import { AppError } from '../../../shared/ipc/errors'

export type LatentModality = 'image' | 'audio'
export type LatentDtype = 'float16' | 'float32'
export const LATENT_FORMAT = 'circumplex-latents'
export const LATENT_VERSION = 1

export interface LatentHeader {
  readonly format: typeof LATENT_FORMAT
  readonly version: typeof LATENT_VERSION
  readonly stage1Run: string
  readonly session: string
  readonly modality: LatentModality
  readonly input: 'image' | 'spectrogram'
  readonly cropPolicy: string
  readonly inputSize: number
  readonly vector: 'enc_C'
  readonly dims: number
  readonly frames: number
  readonly dtype: LatentDtype
  /** Invalid (masked) frame ranges [start, end). */
  readonly invalid: ReadonlyArray<readonly [number, number]>
  readonly validFrames: number
  readonly weightsHash: string
  readonly bytes: number
  readonly sha256: string
  readonly createdAt: string
  /** Free-form provenance (video path, dataset hash…). */
  readonly source: Readonly<Record<string, string | number | null>>
}

export interface SessionLatentData {
  readonly header: LatentHeader
  /** frames × dims fp32 (zeros on invalid frames). */
  readonly data: Float32Array
  /** 1 = valid. */
  readonly valid: Uint8Array
}

const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

/** float32 → IEEE half bits (round to nearest even; overflow → ±Inf, NaN kept). */
export function toHalf(x: number): number {
  f32[0] = x
  const b = u32[0]
  const sign = (b >>> 16) & 0x8000
  const exp = (b >>> 23) & 0xff
  let mant = b & 0x7fffff
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0)
  const e = exp - 127 + 15
  if (e >= 0x1f) return sign | 0x7c00
  if (e <= 0) {
    if (e < -10) return sign
    mant |= 0x800000
    const shift = 14 - e
    let h = mant >>> shift
    const rem = mant & ((1 << shift) - 1)
    const half = 1 << (shift - 1)
    if (rem > half || (rem === half && h & 1)) h++
    return sign | h
  }
  let h = (e << 10) | (mant >>> 13)
  const rem = mant & 0x1fff
  if (rem > 0x1000 || (rem === 0x1000 && h & 1)) h++ // a carry into the exponent is exact (up to ±Inf)
  return sign | h
}

/** IEEE half bits → number. */
export function fromHalf(h: number): number {
  const s = h & 0x8000 ? -1 : 1
  const e = (h >>> 10) & 0x1f
  const m = h & 0x3ff
  if (e === 0) return s * m * 2 ** -24
  if (e === 0x1f) return m ? NaN : s * Infinity
  return s * (1 + m / 1024) * 2 ** (e - 15)
}

/** Invalid frame ranges of a validity mask. */
export function invalidRanges(valid: Uint8Array): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (let f = 0; f < valid.length; f++) {
    if (valid[f]) continue
    const start = f
    while (f < valid.length && !valid[f]) f++
    out.push([start, f])
  }
  return out
}

export function validFromRanges(frames: number, invalid: ReadonlyArray<readonly [number, number]>): Uint8Array {
  const v = new Uint8Array(frames).fill(1)
  for (const [s, e] of invalid) {
    if (!(Number.isInteger(s) && Number.isInteger(e) && 0 <= s && s < e && e <= frames)) throw new AppError('PARSE_ERROR', `latent header: bad invalid range [${s}, ${e}) for ${frames} frames`)
    v.fill(0, s, e)
  }
  return v
}

export type LatentMeta = Omit<LatentHeader, 'format' | 'version' | 'dims' | 'frames' | 'dtype' | 'invalid' | 'validFrames' | 'bytes' | 'sha256' | 'createdAt'>

/** Header + payload bytes of a session's latents (rows of invalid frames are written as zeros). */
export function encodeLatents(meta: LatentMeta, data: Float32Array, valid: Uint8Array, dims: number, prefer: LatentDtype = 'float16'): { header: LatentHeader; payload: Buffer } {
  const frames = valid.length
  if (!Number.isInteger(dims) || dims < 1 || data.length !== frames * dims) throw new AppError('INVALID_ARGUMENT', `latents: ${data.length} values for ${frames} frames × ${dims}`)
  let dtype: LatentDtype = prefer
  for (let f = 0; f < frames && dtype === 'float16'; f++) {
    if (!valid[f]) continue
    for (let k = f * dims; k < (f + 1) * dims; k++) if (!(Math.abs(data[k]) <= 65504)) dtype = 'float32'
  }
  const payload = Buffer.alloc(frames * dims * (dtype === 'float16' ? 2 : 4))
  for (let f = 0; f < frames; f++) {
    if (!valid[f]) continue
    for (let k = f * dims; k < (f + 1) * dims; k++) {
      if (dtype === 'float16') payload.writeUInt16LE(toHalf(data[k]), 2 * k)
      else payload.writeFloatLE(data[k], 4 * k)
    }
  }
  const invalid = invalidRanges(valid)
  const header: LatentHeader = {
    format: LATENT_FORMAT,
    version: LATENT_VERSION,
    ...meta,
    dims,
    frames,
    dtype,
    invalid,
    validFrames: frames - invalid.reduce((a, [s, e]) => a + e - s, 0),
    bytes: payload.byteLength,
    sha256: createHash('sha256').update(payload).digest('hex'),
    createdAt: new Date().toISOString()
  }
  return { header, payload }
}

/** Parses a header's JSON; PARSE_ERROR when it is not a latent header of this version. */
export function parseLatentHeader(text: string, label: string): LatentHeader {
  let h: LatentHeader
  try {
    h = JSON.parse(text) as LatentHeader
  } catch (e) {
    throw new AppError('PARSE_ERROR', `${label}: not JSON (${(e as Error).message})`)
  }
  if (h?.format !== LATENT_FORMAT) throw new AppError('PARSE_ERROR', `${label}: not a latent cache header`)
  if (h.version !== LATENT_VERSION) throw new AppError('CONFLICT', `${label}: latent format version ${String(h.version)}; this build reads ${LATENT_VERSION}`)
  if (!Number.isInteger(h.dims) || !Number.isInteger(h.frames) || h.dims < 1 || h.frames < 0) throw new AppError('PARSE_ERROR', `${label}: bad dims/frames`)
  return h
}

/**
 * Header + payload → fp32 rows + validity. With `expectWeightsHash`, a header from other stage-1 weights is refused
 * (CONFLICT: the cache belongs to weights that no longer exist); a damaged payload is PARSE_ERROR.
 */
export function decodeLatents(header: LatentHeader, payload: Uint8Array, label: string, expectWeightsHash?: string): SessionLatentData {
  if (expectWeightsHash !== undefined && header.weightsHash !== expectWeightsHash) {
    throw new AppError(
      'CONFLICT',
      `${label} was computed with stage-1 weights ${header.weightsHash.slice(0, 12)} but run ${header.stage1Run} now has ${expectWeightsHash.slice(0, 12)}: the cache is stale`
    )
  }
  const per = header.dtype === 'float16' ? 2 : header.dtype === 'float32' ? 4 : 0
  if (!per) throw new AppError('PARSE_ERROR', `${label}: unknown dtype ${String(header.dtype)}`)
  const n = header.frames * header.dims
  if (payload.byteLength !== n * per || header.bytes !== payload.byteLength) throw new AppError('PARSE_ERROR', `${label}: payload is ${payload.byteLength} bytes, expected ${n * per} (truncated or damaged)`)
  const b = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)
  if (createHash('sha256').update(b).digest('hex') !== header.sha256) throw new AppError('PARSE_ERROR', `${label}: payload checksum mismatch (damaged)`)
  const data = new Float32Array(n)
  if (per === 2) for (let i = 0; i < n; i++) data[i] = fromHalf(b.readUInt16LE(2 * i))
  else for (let i = 0; i < n; i++) data[i] = b.readFloatLE(4 * i)
  return { header, data, valid: validFromRanges(header.frames, header.invalid) }
}
