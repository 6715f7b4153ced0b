import { parentPort, Worker } from 'node:worker_threads'
import { AppError } from '../../../shared/ipc/errors'
import { trackFaces } from '../../faces/face-tracker'
import { getHumanDetector } from '../../faces/human-detector'
import { openTracker, type TrackerSpec } from '../../faces/trackers/registry'
import { outputSize, readFrames, type RgbFrame } from '../../media/frame-reader'
import type { VideoStreamFacts } from '../../media/inspect'
import { isFromWorker, type JobHandler } from '../../jobs/protocol'
import type { SequenceTracker } from '../../faces/trackers/types'
import { profileMark } from './import-profile'
import { trackWithSequenceTracker } from './tracker-face-pass'

/** Which method produced a session's landmarks (stored with the face track): detector + mesh, tracked by ROI between detections. */
export const FACE_DETECTOR_ID = 'human-3.3.6/facemesh→ibug68(fitted)+roi-track'
/** Other faces kept per session (besides the main subject), by first appearance. */
export const MAX_OTHER_TRACKS = 4
/**
 * Temporal face validation: a run of face frames shorter than this, between frames without a face, is
 * taken as a spurious detection (e.g. a title card, measured on face_noface.mov) and turned into a gap.
 * 5 frames = 0.2 s at 25 fps; a real face stays in view longer.
 */
export const MIN_FACE_RUN = 5

export interface FaceArrays {
  /** frameCount × 68 × 2, display pixels; NaN on frames without a face. */
  readonly landmarks: Float32Array
  /** frameCount × 4 (x, y, w, h); NaN without a face. */
  readonly boxes: Float32Array
  readonly confidence: Float32Array
}

export interface FacePassResult extends FaceArrays {
  readonly detector: string
  readonly framesWithFace: number
  readonly redetections: number
  /** Frames that came out of the decoder (may be fewer than the packet count for a damaged file). */
  readonly framesDecoded: number
  /** Other faces (not the main subject), keyed by track id. */
  readonly others: ReadonlyArray<{ readonly trackId: number } & FaceArrays>
  /** Frame ranges processed in parallel (one tracker each); the main subject is re-chosen at each start. */
  readonly chunks: ReadonlyArray<[number, number]>
  /** Frames whose detection was discarded as a spurious blip (see MIN_FACE_RUN). */
  readonly suppressedFrames: number
}

/** Turns runs of face frames shorter than `minRun` (and not the whole video) into gaps; returns how many. */
export function suppressBlips(a: FaceArrays, minRun = MIN_FACE_RUN): number {
  const n = a.confidence.length
  let suppressed = 0
  let i = 0
  while (i < n) {
    if (Number.isNaN(a.confidence[i])) {
      i++
      continue
    }
    let j = i
    while (j < n && !Number.isNaN(a.confidence[j])) j++
    if (j - i < minRun && j - i < n) {
      a.confidence.fill(Number.NaN, i, j)
      a.boxes.fill(Number.NaN, i * 4, j * 4)
      a.landmarks.fill(Number.NaN, i * 136, j * 136)
      suppressed += j - i
    }
    i = j
  }
  return suppressed
}

export interface FaceChunkArgs {
  readonly path: string
  readonly start: number
  readonly end: number
  readonly maxSide: number
  readonly video: { displayWidth: number; fps: number }
  /** Times of `start` and the frame before it, for a frame-exact seek (see FrameReaderOptions.startTimes). */
  readonly startTimes?: { frame: number; previous: number; streamStart: number }
  /** Decoded frame size (outputSize of the inspected stream with maxSide), so the reader needs no probe. */
  readonly size?: { width: number; height: number }
  /** A trained tracker (resolved on the main thread, plain data); absent: the default tracker (trackFaces). */
  readonly tracker?: TrackerSpec
}

function emptyArrays(n: number): FaceArrays {
  return {
    landmarks: new Float32Array(n * 136).fill(Number.NaN),
    boxes: new Float32Array(n * 4).fill(Number.NaN),
    confidence: new Float32Array(n).fill(Number.NaN)
  }
}

function put(a: FaceArrays, i: number, box: number[], points: number[][], conf: number, scale: number): void {
  a.confidence[i] = conf
  a.boxes.set(box.map((v) => v * scale), i * 4)
  points.forEach((p, k) => {
    a.landmarks[i * 136 + 2 * k] = p[0] * scale
    a.landmarks[i * 136 + 2 * k + 1] = p[1] * scale
  })
}

type ChunkResult = Omit<FacePassResult, 'detector' | 'chunks' | 'suppressedFrames'> & {
  /** SequenceTracker.id of the tracker that ran (trained trackers only). */
  readonly trackerId?: string
}

/** Tracks faces on frames [start, end) (arrays are indexed from `start`). */
async function trackRange(args: FaceChunkArgs, signal: AbortSignal, onFrame: (done: number) => void): Promise<ChunkResult> {
  const n = args.end - args.start
  const main = emptyArrays(n)
  const others = new Map<number, FaceArrays>()
  profileMark('chunk-start', { start: args.start })
  let framesWithFace = 0
  let redetections = 0
  let framesDecoded = 0
  let scale = 1
  // ffmpeg starts decoding now, while the detector loads (the first frame is pulled at once).
  const frames = readFrames(args.path, { maxSide: args.maxSide, signal, startFrame: args.start, maxFrames: n, startTimes: args.startTimes, size: args.size })
  const it = frames[Symbol.asyncIterator]()
  const first = it.next()
  first.catch(() => undefined)
  const scaled = (async function* (): AsyncGenerator<RgbFrame> {
    try {
      for (let r = await first; !r.done; r = await it.next()) {
        if (r.value.index === args.start) profileMark('first-frame', { start: args.start })
        scale = args.video.displayWidth / r.value.width
        yield r.value
      }
    } finally {
      await it.return?.(undefined)
    }
  })()
  let det: Awaited<ReturnType<typeof getHumanDetector>>
  try {
    det = await getHumanDetector()
  } catch (e) {
    // `scaled` has not started, so end the reader itself (kills ffmpeg once its first frame is in).
    await it.return?.(undefined)
    throw e
  }
  profileMark('detector-ready', { start: args.start })
  let tracker: SequenceTracker | null = null
  try {
    if (args.tracker && args.tracker.kind !== 'default') tracker = await openTracker(args.tracker)
  } catch (e) {
    await it.return?.(undefined)
    throw e
  }
  // Runs shorter than MIN_FACE_RUN are discarded (suppressBlips), so no-face stretches need a detector pass on every
  // MIN_FACE_RUN-th frame only; the tracker still finds every longer run from its first frame.
  const results = tracker
    ? trackWithSequenceTracker(tracker, det, scaled, { signal, idleStride: MIN_FACE_RUN })
    : trackFaces(det, scaled, { fps: args.video.fps, signal, idleStride: MIN_FACE_RUN })
  try {
    for await (const r of results) {
      framesDecoded++
      if (r.redetected) redetections++
      const i = r.index - args.start
      if (i < 0 || i >= n) continue
      if (r.main) {
        framesWithFace++
        put(main, i, r.main.box, r.main.points, r.main.confidence, scale)
      }
      for (const o of r.others) {
        let arrays = others.get(o.trackId)
        if (!arrays && others.size < MAX_OTHER_TRACKS) others.set(o.trackId, (arrays = emptyArrays(n)))
        if (arrays) put(arrays, i, o.box, o.points, o.confidence, scale)
      }
      onFrame(framesDecoded)
    }
  } finally {
    tracker?.dispose()
  }
  if (signal.aborted) throw new AppError('CANCELLED', 'cancelled')
  profileMark('chunk-done', { start: args.start, frames: framesDecoded, redetections })
  const trackerId = tracker?.id
  return { ...main, framesWithFace, redetections, framesDecoded, others: [...others].map(([trackId, a]) => ({ trackId, ...a })), ...(trackerId ? { trackerId } : {}) }
}

/** Message that hands a pre-started chunk worker its frame range. */
interface ChunkArgsMessage {
  readonly type: 'faces:args'
  readonly args: FaceChunkArgs
}

function isChunkArgsMessage(m: unknown): m is ChunkArgsMessage {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'faces:args'
}

/** In a pre-started worker: waits for the frame range from the thread that started it. */
function receiveChunkArgs(signal: AbortSignal): Promise<FaceChunkArgs> {
  return new Promise((resolve, reject) => {
    const port = parentPort
    if (!port) return reject(new AppError('INTERNAL', 'a pre-started face worker has no parent'))
    const onMessage = (m: unknown): void => {
      if (!isChunkArgsMessage(m)) return
      done()
      resolve(m.args)
    }
    const onAbort = (): void => {
      done()
      reject(new AppError('CANCELLED', 'cancelled'))
    }
    const done = (): void => {
      port.off('message', onMessage)
      signal.removeEventListener('abort', onAbort)
    }
    port.on('message', onMessage)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Job body of one chunk in its own worker thread. Started with `args: null` (pre-started, see
 * {@link prestartFaceWorkers}) it loads the detector at once and then waits for its frame range.
 */
export const faceChunkJob: JobHandler = async (args, ctx) => {
  let a = args as FaceChunkArgs | null
  if (a === null) {
    const loading = getHumanDetector()
    loading.then(() => profileMark('worker-detector-ready'), () => undefined)
    a = await receiveChunkArgs(ctx.signal)
  }
  const range = a
  return trackRange(range, ctx.signal, (d) => ctx.progress(d, range.end - range.start))
}

/**
 * Face worker threads started before the import knows its frame ranges, so that their start-up and model
 * load overlap the probes and the first frames of this thread. Unused ones are ended by {@link dispose}.
 */
export interface FaceWorkers {
  take(): Worker | null
  dispose(): void
}

export function prestartFaceWorkers(workerPath: string | undefined, count: number): FaceWorkers {
  const idle: Worker[] = []
  const gone = new Set<Worker>()
  if (workerPath) {
    for (let k = 0; k < count; k++) {
      const w = new Worker(workerPath, { workerData: { kind: 'faces:chunk', args: null } })
      // A worker that fails before it is used is not handed out (its range gets a fresh worker instead).
      w.on('error', () => undefined)
      w.once('exit', () => gone.add(w))
      idle.push(w)
    }
  }
  return {
    take: () => {
      for (let w = idle.shift(); w !== undefined; w = idle.shift()) if (!gone.has(w)) return w
      return null
    },
    dispose: () => {
      for (const w of idle.splice(0)) void w.terminate()
    }
  }
}

/**
 * Face-pass threads chosen by clip length. Each extra thread costs a worker start, a model load and JIT warm-up
 * (measured +0.9–1.9 s of CPU), and on this shared 2-core machine the second core is often busy. Measured
 * (bench/import-realtime.mjs): 200 frames, 2 threads as fast as 1 on a quiet machine and 20–25 % slower under
 * load; 472 frames, 2 threads 12 % faster when quiet and even under load. So a second thread from
 * 2 × MIN_FRAMES_PER_THREAD frames (16 s at 25 fps).
 */
export const MIN_FRAMES_PER_THREAD = 200
/** Most threads chosen automatically (this machine's cores). */
export const MAX_AUTO_FACE_THREADS = 2

/** Threads for `frameCount` frames: `forced` (CIRCUMPLEX_FACE_THREADS) when given, else by clip length. */
export function faceThreads(frameCount: number, forced?: number): number {
  if (forced !== undefined) return frameCount >= 100 ? Math.max(1, Math.floor(forced)) : 1
  return Math.max(1, Math.min(MAX_AUTO_FACE_THREADS, Math.floor(frameCount / MIN_FRAMES_PER_THREAD)))
}

function runChunkInWorker(
  workerPath: string,
  args: FaceChunkArgs,
  signal: AbortSignal,
  onFrame: (done: number) => void,
  prestarted: Worker | null
): Promise<ChunkResult> {
  return new Promise((resolve, reject) => {
    const w = prestarted ?? new Worker(workerPath, { workerData: { kind: 'faces:chunk', args } })
    if (prestarted) w.postMessage({ type: 'faces:args', args } satisfies ChunkArgsMessage)
    const abort = () => w.postMessage({ type: 'cancel' })
    signal.addEventListener('abort', abort, { once: true })
    let settled = false
    const done = (f: () => void) => {
      if (settled) return
      settled = true
      signal.removeEventListener('abort', abort)
      f()
    }
    w.on('message', (m: unknown) => {
      if (!isFromWorker(m)) return
      if (m.type === 'progress') onFrame(m.done)
      else if (m.type === 'result') done(() => resolve(m.data as ChunkResult))
      else done(() => reject(new AppError(m.code === 'CANCELLED' ? 'CANCELLED' : 'MEDIA_UNREADABLE', m.message)))
    })
    w.on('error', (e) => done(() => reject(new AppError('JOB_FAILED', `face worker failed: ${e.message}`))))
    w.on('exit', (code) => done(() => reject(new AppError('JOB_FAILED', `face worker exited (${code}) early`))))
  })
}

/**
 * Decodes every frame (longer side ≤ maxSide), tracks the main face and keeps others, in display pixels.
 * With a worker path and enough frames, the video is split into `parallel` contiguous ranges tracked
 * concurrently (one wasm backend per thread: both cores busy). Frames without a face stay NaN.
 */
export async function runFacePass(
  path: string,
  video: VideoStreamFacts,
  opts: {
    maxSide: number
    signal: AbortSignal
    onFrame: (done: number) => void
    workerPath?: string
    /** Threads to use (at least 100 frames); absent: chosen by clip length (see faceThreads). */
    parallel?: number
    /** Pre-started workers to use for the extra ranges (the caller disposes of the rest). */
    workers?: FaceWorkers
    /** A trained tracker instead of the default one; its SequenceTracker.id becomes `detector`. */
    tracker?: TrackerSpec
  }
): Promise<FacePassResult> {
  const n = video.frameCount
  const parallel = opts.workerPath ? faceThreads(n, opts.parallel) : 1
  const size = outputSize(video.width, video.height, video.rotation, opts.maxSide)
  const bounds: Array<[number, number]> = Array.from({ length: parallel }, (_, k) => [Math.floor((k * n) / parallel), Math.floor(((k + 1) * n) / parallel)])
  const progress = new Array<number>(parallel).fill(0)
  const report = (k: number) => (d: number) => {
    progress[k] = d
    opts.onFrame(progress.reduce((a, b) => a + b, 0))
  }
  const video2 = { displayWidth: video.displayWidth, fps: video.fps }
  const parts = await Promise.all(
    bounds.map(([start, end], k) => {
      const startTimes = start > 0 ? { frame: video.timestamps[start], previous: video.timestamps[start - 1], streamStart: video.seekBaseS } : undefined
      const args: FaceChunkArgs = { path, start, end, maxSide: opts.maxSide, video: video2, startTimes, size, ...(opts.tracker ? { tracker: opts.tracker } : {}) }
      return k === 0 || !opts.workerPath
        ? trackRange(args, opts.signal, report(k))
        : runChunkInWorker(opts.workerPath, args, opts.signal, report(k), opts.workers?.take() ?? null)
    })
  )
  const all = emptyArrays(n)
  const others: Array<{ trackId: number } & FaceArrays> = []
  parts.forEach((p, k) => {
    const [start] = bounds[k]
    all.landmarks.set(p.landmarks, start * 136)
    all.boxes.set(p.boxes, start * 4)
    all.confidence.set(p.confidence, start)
    for (const o of p.others) {
      if (others.length >= MAX_OTHER_TRACKS) break
      const full = emptyArrays(n)
      full.landmarks.set(o.landmarks, start * 136)
      full.boxes.set(o.boxes, start * 4)
      full.confidence.set(o.confidence, start)
      others.push({ trackId: others.length + 1, ...full })
    }
  })
  const suppressedFrames = suppressBlips(all)
  return {
    detector: parts[0]?.trackerId ?? FACE_DETECTOR_ID,
    ...all,
    suppressedFrames,
    framesWithFace: parts.reduce((a, p) => a + p.framesWithFace, 0) - suppressedFrames,
    redetections: parts.reduce((a, p) => a + p.redetections, 0),
    framesDecoded: parts.reduce((a, p) => a + p.framesDecoded, 0),
    others,
    chunks: bounds
  }
}

/** Runs of frames with and without a face, for reports: [[start, endExclusive, present], ...]. */
export function faceStretches(confidence: Float32Array): Array<[number, number, boolean]> {
  const out: Array<[number, number, boolean]> = []
  for (let i = 0; i < confidence.length; i++) {
    const present = !Number.isNaN(confidence[i])
    const last = out[out.length - 1]
    if (last && last[2] === present) last[1] = i + 1
    else out.push([i, i + 1, present])
  }
  return out
}
