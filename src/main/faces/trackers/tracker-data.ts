/**
 * Training (and held-out) sequences for the trainable trackers, in the engine's TrackerSequence shape:
 * (a) a `circumplex synth` dataset folder + a subject fold: each clip's decoded frames downscaled (maxSide, default
 *     256) with its exact per-frame 68 points (afew-va JSON, scaled with the frames) and the manifest's degraded
 *     frames flagged; `frameStride` / `maxFrames` keep memory small (frames are RGB24: 256² × 3 = 192 KiB each);
 * (b) landmark ground-truth folders (300-W / 300-VW / menpo / dlib formats, ground-truth.ts): each face a length-1
 *     sequence. The folders are recorded (`gtSources`) so an evaluation on the same folder can be refused;
 * (c) `pseudo` videos: frames labelled by the default tracker (detector init, then tracking) — for pre-training
 *     only: the data is flagged `pseudo` and the run's report says so (accuracy against that tracker would be
 *     circular).
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import type { SplitFold } from '../../../core/folds'
import type { Point2 } from '../../datasets/landmarks'
import { listClips, readClipLabels, type ClipEntry } from '../../engine/data/dataset-dir'
import { probeFrameSize, readFrames, readImageRgb } from '../../media/frame-reader'
import { loadGroundTruth } from '../ground-truth'
import type { RgbImage } from '../human-detector'
import type { SequenceTracker, TrackStep } from './types'

/** The engine's TrackerSequence (engine/models/tracker/index.ts), structurally. */
export interface TrackerSequenceData {
  id: string
  subject: string
  frames: RgbImage[]
  /** n × 68 × 2 frame pixels, NaN = no face. */
  landmarks: Float32Array
  degraded?: Uint8Array
}

export interface LoadOptions {
  readonly maxSide?: number
  readonly frameStride?: number
  readonly maxFrames?: number
  readonly signal?: AbortSignal
}

/** Maps 0-based pixel points from a w0-wide image to a w-wide one (pixel-centre convention). */
export function scalePoints(landmarks: Float32Array, kx: number, ky: number): Float32Array {
  const out = new Float32Array(landmarks.length)
  for (let i = 0; i < landmarks.length; i += 2) {
    out[i] = (landmarks[i] + 0.5) * kx - 0.5
    out[i + 1] = (landmarks[i + 1] + 0.5) * ky - 0.5
  }
  return out
}

/** One synthetic clip as a sequence (every `frameStride`-th frame, at most `maxFrames`). */
export async function loadSynthClip(clip: ClipEntry, o: LoadOptions = {}): Promise<TrackerSequenceData> {
  const stride = Math.max(1, o.frameStride ?? 1)
  const labels = readClipLabels(clip, 'afew-va')
  const full = await probeFrameSize(clip.video)
  const frames: RgbImage[] = []
  const keep: number[] = []
  for await (const f of readFrames(clip.video, { maxSide: o.maxSide ?? 256, signal: o.signal })) {
    if (f.index % stride !== 0) continue
    if (o.maxFrames !== undefined && frames.length >= o.maxFrames) break
    frames.push({ data: f.data, width: f.width, height: f.height })
    keep.push(f.index)
  }
  if (frames.length === 0) throw new AppError('MEDIA_UNREADABLE', `${clip.video}: no frames decoded`)
  const scaled = scalePoints(labels.landmarks, frames[0].width / full.width, frames[0].height / full.height)
  const landmarks = new Float32Array(keep.length * 136).fill(NaN)
  const degraded = new Uint8Array(keep.length)
  keep.forEach((fi, j) => {
    if (fi * 136 + 136 <= scaled.length) landmarks.set(scaled.subarray(fi * 136, fi * 136 + 136), j * 136)
    degraded[j] = clip.degraded.some((s) => fi >= s.start && fi < s.end) ? 1 : 0
  })
  return { id: clip.clipId, subject: clip.subjectId, frames, landmarks, degraded }
}

/** The clips of `subjects` in a synthetic dataset folder, loaded. */
export async function loadSynthSubjects(dataDir: string, subjects: readonly string[], o: LoadOptions = {}): Promise<TrackerSequenceData[]> {
  const clips = listClips(dataDir).filter((c) => subjects.includes(c.subjectId))
  const out: TrackerSequenceData[] = []
  for (const c of clips) {
    if (o.signal?.aborted) throw new AppError('CANCELLED', 'cancelled')
    out.push(await loadSynthClip(c, o))
  }
  return out
}

/** Ground-truth stills of a folder as length-1 sequences (images downscaled to maxSide, default 512). */
export async function loadGtSequences(dir: string, o: LoadOptions = {}): Promise<TrackerSequenceData[]> {
  const faces = loadGroundTruth(dir)
  if (faces.length === 0) throw new AppError('NOT_FOUND', `${dir}: no 68-point ground truth found`)
  const out: TrackerSequenceData[] = []
  for (const f of faces) {
    if (o.signal?.aborted) throw new AppError('CANCELLED', 'cancelled')
    const full = await probeFrameSize(f.imagePath)
    const img = await readImageRgb(f.imagePath, { maxSide: o.maxSide ?? 512, signal: o.signal })
    const flat = Float32Array.from(f.points.flat())
    out.push({ id: f.id, subject: `gt:${f.group}`, frames: [{ data: img.data, width: img.width, height: img.height }], landmarks: scalePoints(flat, img.width / full.width, img.height / full.height) })
  }
  return out
}

/** Pseudo-labelled frames of a video: the default tracker from a detector start, frames without a face = NaN. */
export async function loadPseudoSequence(video: string, tracker: SequenceTracker, o: LoadOptions = {}): Promise<TrackerSequenceData> {
  const stride = Math.max(1, o.frameStride ?? 1)
  const frames: RgbImage[] = []
  const rows: Array<Point2[] | null> = []
  let started = false
  for await (const f of readFrames(video, { maxSide: o.maxSide ?? 256, signal: o.signal })) {
    if (f.index % stride !== 0) continue
    if (o.maxFrames !== undefined && frames.length >= o.maxFrames) break
    const img: RgbImage = { data: f.data, width: f.width, height: f.height }
    const r: TrackStep = started ? await tracker.step(img) : await tracker.init(img, {})
    started = r.points !== null
    frames.push(img)
    rows.push(r.points)
  }
  const landmarks = new Float32Array(frames.length * 136).fill(NaN)
  rows.forEach((p, j) => p?.forEach(([x, y], k) => ((landmarks[j * 136 + 2 * k] = x), (landmarks[j * 136 + 2 * k + 1] = y))))
  return { id: `pseudo:${resolve(video)}`, subject: `pseudo:${resolve(video)}`, frames, landmarks }
}

export interface TrackerDataSpec {
  /** A synth dataset folder and the fold whose train / val subjects are used. */
  readonly synth?: { readonly dataDir: string; readonly fold: SplitFold }
  /** Ground-truth folders for training (never the evaluation's test folders). */
  readonly gt?: readonly string[]
  /** Videos pseudo-labelled by the default tracker (pre-training only). */
  readonly pseudo?: readonly string[]
}

export interface TrackerData {
  readonly train: TrackerSequenceData[]
  readonly val: TrackerSequenceData[]
  /** True when pseudo-labelled frames are in the training data. */
  readonly pseudo: boolean
  /** Absolute ground-truth folders trained on (an evaluation on one of them is refused). */
  readonly gtSources: string[]
}

/** Builds the training data; `pseudoTracker` is only opened when there are pseudo videos. */
export async function loadTrackerData(spec: TrackerDataSpec, o: LoadOptions & { pseudoTracker?: () => Promise<SequenceTracker> } = {}): Promise<TrackerData> {
  const train: TrackerSequenceData[] = []
  const val: TrackerSequenceData[] = []
  if (spec.synth) {
    train.push(...(await loadSynthSubjects(spec.synth.dataDir, spec.synth.fold.train, o)))
    val.push(...(await loadSynthSubjects(spec.synth.dataDir, spec.synth.fold.val, o)))
  }
  const gtSources = (spec.gt ?? []).map((d) => resolve(d))
  for (const d of gtSources) train.push(...(await loadGtSequences(d, { ...o, maxSide: 512 })))
  if (spec.pseudo && spec.pseudo.length > 0) {
    if (!o.pseudoTracker) throw new AppError('INTERNAL', 'pseudo-labelling needs the default tracker')
    const tracker = await o.pseudoTracker()
    try {
      for (const v of spec.pseudo) {
        if (!existsSync(v)) throw new AppError('NOT_FOUND', `--pseudo ${v}: no such file`)
        train.push(await loadPseudoSequence(v, tracker, o))
      }
    } finally {
      tracker.dispose()
    }
  }
  if (train.length === 0) throw new AppError('INVALID_ARGUMENT', 'no training sequences: give a synthetic dataset with train subjects, ground-truth folders or pseudo videos')
  return { train, val, pseudo: (spec.pseudo ?? []).length > 0, gtSources }
}

/** Refuses to evaluate on a folder the tracker was trained on (or one inside it / containing it). */
export function assertNotTrainedOn(evalDir: string, gtSources: readonly string[]): void {
  const e = resolve(evalDir)
  const hit = gtSources.find((s) => e === s || e.startsWith(s + '/') || s.startsWith(e + '/'))
  if (hit) throw new AppError('CONFLICT', `${evalDir}: this tracker was trained on ground truth from ${hit}; evaluating on it would not be held out`)
}
