/**
 * Per-clip face crops cached on disk as raw uint8 RGB (frames × size × size × 3), keyed by the dataset hash and the
 * crop policy: `<cacheDir>/crops/<hash[0:16]>-<policy>/<clip>.u8` (+ `.json` with the frame count and a mask of
 * frames without landmarks). Crops come from the label file's landmarks (crops.ts policy). Written atomically.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CROP_POLICIES, cropBoxFromLandmarks, cropRgb } from '../../media/crops'
import { readFrames } from '../../media/frame-reader'
import { AppError } from '../../../shared/ipc/errors'

export interface ClipCrops {
  readonly size: number
  readonly count: number
  readonly crops: Uint8Array
  /** 1 = no landmarks on that frame (crop is zeros). */
  readonly missing: Uint8Array
}

export function cropCacheDir(cacheDir: string, dataHash: string, policy: string): string {
  return join(cacheDir, 'crops', `${dataHash.slice(0, 16)}-${policy}`)
}

/** Cached per-frame inputs of a clip (`<dir>/<clip>.u8` + `.json`), or null when absent or of another size. */
export function readCachedCrops(dir: string, clipId: string, size: number): ClipCrops | null {
  const fb = size * size * 3
  const bin = join(dir, `${clipId}.u8`)
  const metaPath = join(dir, `${clipId}.json`)
  if (!existsSync(bin) || !existsSync(metaPath)) return null
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { count: number; size: number; missing: number[] }
  const buf = readFileSync(bin)
  if (meta.size !== size || buf.byteLength !== meta.count * fb) return null
  const missing = new Uint8Array(meta.count)
  for (const i of meta.missing) missing[i] = 1
  return { size, count: meta.count, crops: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), missing }
}

/** Writes a clip's per-frame inputs atomically (bytes first, then the JSON that makes them valid). */
export function writeCachedCrops(dir: string, clipId: string, c: ClipCrops): void {
  const bin = join(dir, `${clipId}.u8`)
  const metaPath = join(dir, `${clipId}.json`)
  mkdirSync(dir, { recursive: true })
  const tmp = `${bin}.tmp-${process.pid}`
  writeFileSync(tmp, c.crops)
  renameSync(tmp, bin)
  const miss: number[] = []
  c.missing.forEach((m, i) => m && miss.push(i))
  writeFileSync(`${metaPath}.tmp-${process.pid}`, JSON.stringify({ count: c.count, size: c.size, missing: miss }))
  renameSync(`${metaPath}.tmp-${process.pid}`, metaPath)
}

/** Decodes a video and crops every frame by its landmarks (no cache). LENGTH_MISMATCH when the video is shorter. */
export async function decodeCrops(
  video: string,
  landmarks: Float32Array,
  frames: number,
  policyName: string,
  opts: { signal?: AbortSignal; env?: NodeJS.ProcessEnv } = {}
): Promise<ClipCrops> {
  const policy = CROP_POLICIES[policyName]
  if (!policy) throw new AppError('INVALID_ARGUMENT', `unknown crop policy '${policyName}'`)
  const size = policy.size
  const fb = size * size * 3
  const crops = new Uint8Array(frames * fb)
  const missing = new Uint8Array(frames).fill(1)
  let n = 0
  for await (const f of readFrames(video, { signal: opts.signal, env: opts.env })) {
    if (f.index >= frames) break
    const box = cropBoxFromLandmarks(landmarks.subarray(f.index * 136, (f.index + 1) * 136), policy)
    if (box) {
      cropRgb(f.data, f.width, f.height, box, size, crops.subarray(f.index * fb, (f.index + 1) * fb))
      missing[f.index] = 0
    }
    n = f.index + 1
  }
  if (n < frames) throw new AppError('LENGTH_MISMATCH', `${video}: ${n} decoded frames but the labels have ${frames}`)
  return { size, count: frames, crops, missing }
}

/** Crops of one clip: from the cache, or decoded + cropped + cached. */
export async function clipCrops(
  video: string,
  landmarks: Float32Array,
  frames: number,
  policyName: string,
  dir: string,
  clipId: string,
  opts: { signal?: AbortSignal; env?: NodeJS.ProcessEnv } = {}
): Promise<ClipCrops> {
  const policy = CROP_POLICIES[policyName]
  if (!policy) throw new AppError('INVALID_ARGUMENT', `unknown crop policy '${policyName}'`)
  const size = policy.size
  const cached = readCachedCrops(dir, clipId, size)
  if (cached) return cached
  const { crops, missing } = await decodeCrops(video, landmarks, frames, policyName, opts)
  writeCachedCrops(dir, clipId, { size, count: frames, crops, missing })
  return { size, count: frames, crops, missing }
}
