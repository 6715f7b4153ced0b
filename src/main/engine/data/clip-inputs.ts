/**
 * The stage-1 input of every frame of a video, by input kind, cached on disk (crop-cache.ts format):
 * - 'image': the face crop from the frame's landmarks (crop policy = the model's), `<cacheDir>/crops/<hash16>-<policy>/`;
 * - 'spectrogram': the frame's mel window resized to the model's input (spectrogram-crops.ts), from the ONE session
 *   spectrogram of the file's audio, `<cacheDir>/crops/<hash16>-spectrogram-<size>/`. A file without audio is refused
 *   with MEDIA_NO_AUDIO; frames after the end of the audio are missing.
 */
import { join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { computeSessionSpectrogram } from '../../media/audio/session-spectrogram'
import type { MelSpectrogram } from '../../media/audio/mel-params'
import type { Stage1Input } from '../models/anclaf/config'
import { clipCrops, cropCacheDir, decodeCrops, readCachedCrops, writeCachedCrops, type ClipCrops } from './crop-cache'
import { spectrogramCrops } from './spectrogram-crops'

export function spectrogramCacheDir(cacheDir: string, key: string, size: number): string {
  return join(cacheDir, 'crops', `${key.slice(0, 16)}-spectrogram-${size}`)
}

export interface ClipInputSource {
  readonly id: string
  readonly video: string
  readonly frames: number
  /** frames × 136 (68 × (x, y)), NaN = no face; needed for 'image'. */
  readonly landmarks?: Float32Array
  /** Presentation time of each frame relative to frame 0, seconds (default f / fps). */
  readonly timesSec?: ArrayLike<number>
  readonly fps?: number
  /** A session spectrogram computed before (e.g. at import), whose origin is frame 0's time; else it is computed. */
  readonly spectrogram?: { readonly spec: MelSpectrogram; readonly audioDurationSec: number }
}

/** Frame times relative to frame 0. */
export function frameTimes(s: Pick<ClipInputSource, 'frames' | 'timesSec' | 'fps'>): ArrayLike<number> {
  if (s.timesSec) {
    if (s.timesSec.length < s.frames) throw new AppError('LENGTH_MISMATCH', `${s.timesSec.length} timestamps for ${s.frames} frames`)
    return s.timesSec
  }
  const fps = s.fps ?? 25
  return Float64Array.from({ length: s.frames }, (_, f) => f / fps)
}

/** Per-frame stage-1 inputs of a clip; `cacheKey` (e.g. the dataset hash) + the input kind/size name the cache folder. */
export async function clipInputs(
  src: ClipInputSource,
  input: Stage1Input,
  cropPolicy: string,
  size: number,
  cacheDir: string,
  cacheKey: string,
  opts: { signal?: AbortSignal; env?: NodeJS.ProcessEnv; /** Keep the inputs on disk (default true). */ cache?: boolean } = {}
): Promise<ClipCrops> {
  const cache = opts.cache ?? true
  if (input === 'image') {
    if (!src.landmarks) throw new AppError('INVALID_ARGUMENT', `${src.id}: image inputs need per-frame landmarks`)
    if (!cache) return decodeCrops(src.video, src.landmarks, src.frames, cropPolicy, opts)
    return clipCrops(src.video, src.landmarks, src.frames, cropPolicy, cropCacheDir(cacheDir, cacheKey, cropPolicy), src.id, opts)
  }
  const dir = spectrogramCacheDir(cacheDir, cacheKey, size)
  const cached = cache ? readCachedCrops(dir, src.id, size) : null
  if (cached && cached.count === src.frames) return cached
  let spec: MelSpectrogram
  let end: number
  if (src.spectrogram) {
    spec = src.spectrogram.spec
    end = src.spectrogram.audioDurationSec
  } else {
    const r = await computeSessionSpectrogram(src.video, { signal: opts.signal, env: opts.env }).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'MEDIA_NO_AUDIO') throw new AppError('MEDIA_NO_AUDIO', `${src.id}: ${e.message}; audio (spectrogram) models cannot use it`)
      throw e
    })
    spec = r.spectrogram
    end = r.audioDurationSec
  }
  const c = spectrogramCrops(spec, frameTimes(src), end, size)
  if (cache) writeCachedCrops(dir, src.id, c)
  return c
}
