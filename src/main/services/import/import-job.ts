import { AppError } from '../../../shared/ipc/errors'
import type { JobHandler } from '../../jobs/protocol'
import { computeSessionSpectrogram, spectrogramCacheKey, writeSpectrogramCache, DEFAULT_MEL_PARAMS } from '../../media/audio'
import { hashFile } from '../../media/content-hash'
import { CROP_POLICIES, cropBoxFromLandmarks } from '../../media/crops'
import { getHumanDetector } from '../../faces/human-detector'
import type { TrackerSpec } from '../../faces/trackers/registry'
import { inspectMedia, type MediaFacts } from '../../media/inspect'
import { parseRate, type ProbeResult } from '../../media/probe'
import { faceThreads, prestartFaceWorkers, runFacePass, type FacePassResult, type FaceWorkers } from './face-pass'
import { profileMark } from './import-profile'

export interface ImportJobArgs {
  readonly path: string
  readonly cacheDir: string
  readonly faces: boolean
  readonly spectrogram: boolean
  /** Longest side of the frames the face detector sees (display coordinates are restored). */
  readonly maxSide: number
  /** Built job worker, to track frame ranges on several cores; absent = one thread. */
  readonly workerPath?: string
  /** Threads for the face pass; absent: chosen by clip length (see faceThreads). */
  readonly parallel?: number
  /** A trained landmark tracker for the face pass (resolved by the service); absent: the default tracker. */
  readonly tracker?: TrackerSpec
}

export interface CropSetResult {
  readonly policy: string
  readonly size: number
  /** frameCount × 3 (x, y, side) in display pixels; NaN without a face. */
  readonly boxes: Float32Array
}

export interface SpectrogramResult {
  readonly cacheKey: string
  readonly sampleRate: number
  readonly hop: number
  readonly nMels: number
  readonly columns: number
  readonly audioDurationS: number
  readonly params: Record<string, unknown>
}

export interface ImportJobResult {
  readonly facts: MediaFacts
  readonly contentHash: string
  readonly faces: FacePassResult | null
  readonly crops: readonly CropSetResult[]
  readonly spectrogram: SpectrogramResult | null
  readonly warnings: readonly string[]
}

export function isImportArgs(a: unknown): a is ImportJobArgs {
  if (typeof a !== 'object' || a === null) return false
  const o = a as Record<string, unknown>
  const tracker = o.tracker as { kind?: unknown } | undefined
  const trackerOk = tracker === undefined || (typeof tracker === 'object' && tracker !== null && (tracker.kind === 'default' || tracker.kind === 'trained'))
  return typeof o.path === 'string' && typeof o.cacheDir === 'string' && typeof o.faces === 'boolean' && typeof o.spectrogram === 'boolean' && typeof o.maxSide === 'number' && trackerOk
}

function cropSets(faces: FacePassResult, frameCount: number): CropSetResult[] {
  return Object.values(CROP_POLICIES).map((policy) => {
    const boxes = new Float32Array(frameCount * 3).fill(Number.NaN)
    for (let i = 0; i < frameCount; i++) {
      const box = cropBoxFromLandmarks(faces.landmarks.subarray(i * 136, i * 136 + 136), policy)
      if (box) boxes.set(box, i * 3)
    }
    return { policy: policy.name, size: policy.size, boxes }
  })
}

/** Frame count from the container probe (nb_frames, else duration × rate): only to plan threads early. */
export function estimateFrames(probe: ProbeResult): number {
  const v = probe.streams.find((s) => s.codec_type === 'video' && (s.width ?? 0) > 0)
  if (!v) return 0
  const n = Number(v.nb_frames)
  if (Number.isFinite(n) && n > 0) return n
  const d = Number(v.duration ?? probe.format.duration)
  const r = parseRate(v.avg_frame_rate) || parseRate(v.r_frame_rate)
  return Number.isFinite(d) && d > 0 && r > 0 ? Math.round(d * r) : 0
}

/**
 * Worker-side import: inspect → hash → faces (streamed frames) and the session spectrogram (streamed PCM)
 * side by side → crop boxes. Nothing is written to the DB here; the spectrogram cache file is written
 * atomically and is content-addressed, only once the face pass has succeeded, so a cancelled import leaves no
 * half session.
 *
 * Start-up work overlaps: the face model starts loading (and extra face threads start, when the probe says the
 * clip is long enough for them) while ffprobe reads the timestamps.
 */
export const importJob: JobHandler = async (args, ctx) => {
  if (!isImportArgs(args)) throw new AppError('INVALID_ARGUMENT', 'import job arguments are malformed')
  const { signal } = ctx
  profileMark('job-start')
  // Extra face threads, started as soon as the container probe tells the clip's length (see faceThreads).
  const pool: { workers: FaceWorkers | null } = { workers: null }
  // A sub-signal for the spectrogram, so that it stops when the face pass fails.
  const inner = new AbortController()
  const onOuterAbort = (): void => inner.abort()
  signal.addEventListener('abort', onOuterAbort, { once: true })
  let spectrogramRun: Promise<Awaited<ReturnType<typeof computeSessionSpectrogram>>> | null = null
  try {
    const inspecting = inspectMedia(args.path, process.env, signal, (probe) => {
      const threads = args.workerPath ? faceThreads(estimateFrames(probe), args.parallel) : 1
      if (args.faces && threads > 1) pool.workers = prestartFaceWorkers(args.workerPath, threads - 1)
    })
    inspecting.catch(() => undefined)
    // Loading the face model (mostly CPU) overlaps the probes (other processes); failures surface in the face pass.
    if (args.faces) getHumanDetector().catch(() => undefined)
    const facts = await inspecting
    profileMark('inspected')
    const n = facts.video.frameCount
    const audioUnits = args.spectrogram && facts.audio ? Math.max(1, Math.ceil(n / 10)) : 0
    const total = (args.faces ? n : 0) + audioUnits + 1
    ctx.progress(0, total)
    if (args.spectrogram && facts.audio) {
      // Sample 0 of the analysed audio is the instant of video frame 0, so column k is centred at frame time k·hop/sr.
      spectrogramRun = computeSessionSpectrogram(args.path, { originSec: facts.video.startS, signal: inner.signal })
      spectrogramRun.catch(() => undefined)
    }
    const contentHash = await hashFile(args.path, signal)
    profileMark('hashed')
    ctx.progress(1, total)
    const warnings = [...facts.warnings]
    let faces: FacePassResult | null = null
    if (args.faces) {
      faces = await runFacePass(args.path, facts.video, {
        maxSide: args.maxSide,
        signal,
        workerPath: args.workerPath,
        parallel: args.parallel,
        workers: pool.workers ?? undefined,
        tracker: args.tracker,
        onFrame: (d) => ctx.progress(1 + Math.min(d, n), total)
      })
      if (faces.framesDecoded < n) warnings.push(`only ${faces.framesDecoded} of ${n} frames could be decoded; the rest are gaps`)
      if (faces.framesWithFace === 0) warnings.push('no face was found in any frame')
      profileMark('faces-done')
    }
    let spectrogram: SpectrogramResult | null = null
    if (spectrogramRun) {
      const r = await spectrogramRun
      if (signal.aborted) throw new AppError('CANCELLED', 'cancelled')
      const key = spectrogramCacheKey(contentHash, r.spectrogram.params)
      await writeSpectrogramCache(args.cacheDir, key, r.spectrogram)
      const p = r.spectrogram.params
      spectrogram = {
        cacheKey: key,
        sampleRate: p.sampleRate,
        hop: p.hopLength,
        nMels: p.nMels,
        columns: r.spectrogram.frames,
        audioDurationS: r.audioDurationSec,
        params: { ...p, originSec: r.spectrogram.originSec, frameZeroIsTimeZero: true }
      }
      if (r.audioDurationSec + 0.05 < facts.video.durationS) warnings.push(`audio ends ${(facts.video.durationS - r.audioDurationSec).toFixed(2)} s before the video: later windows are padded`)
    }
    profileMark('spectrogram-done')
    ctx.progress(total, total)
    return { facts, contentHash, faces, crops: faces ? cropSets(faces, n) : [], spectrogram, warnings } satisfies ImportJobResult
  } catch (e) {
    // Stop the spectrogram's decoder and let it settle before the job reports its failure.
    inner.abort()
    await spectrogramRun?.catch(() => undefined)
    throw e
  } finally {
    signal.removeEventListener('abort', onOuterAbort)
    pool.workers?.dispose()
  }
}

export const IMPORT_DEFAULTS = { faces: true, spectrogram: true, maxSide: 640, melParams: DEFAULT_MEL_PARAMS } as const
