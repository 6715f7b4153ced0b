/**
 * 300-VW-style evaluation of any SequenceTracker:
 * - stills: each image = init() from its ground-truth box alone (no points), the TrackStep of init is the answer;
 * - sequences: init() on frame 0 from the ground truth (points and box: the 300-VW protocol's first frame), then
 *   step() on every later frame; frame 0 is not scored (it was given). Frames without ground truth are skipped.
 * Errors per item, all 68 points: NME by the ground-truth box √(w·h) (the thesis, T L664/L848/L1194) and by the
 * outer eye corners (landmark-eval.ts); a missing prediction is NaN and counts as a failure (CED and failure rate
 * over all items; means over the items with a prediction). AUC and failure rate at 0.08 for both.
 * `degrade`: inputs degraded on purpose with the thesis models (frame-degrade.ts) — the denoiser ablation.
 */
import type { Point2 } from '../../datasets/landmarks'
import { deriveSeed, mulberry32 } from '../../datasets/synth/prng'
import type { RgbImage } from '../human-detector'
import { aucAt, boxSize, DEFAULT_THRESHOLD, interocularDistance, nme } from '../landmark-eval'
import { degradeImage, degradeSequence, drawDegradation } from './frame-degrade'
import { framePoints } from './moving-faces'
import { pointsBox } from './default-tracker'
import type { LandmarkEvalSet, LandmarkEvalSummary, SequenceTracker } from './types'

export interface EvalStill {
  readonly id: string
  readonly image: RgbImage
  /** 68 points, 0-based pixels. */
  readonly points: readonly Point2[]
}

export interface EvalSequence {
  readonly id: string
  readonly frames: readonly RgbImage[]
  /** n × 68 × 2, NaN = no face. */
  readonly landmarks: Float32Array
  /** 1 = frame degraded in the source (synthetic schedule). */
  readonly degraded?: Uint8Array
}

export interface EvalRunOptions {
  readonly degrade?: boolean
  readonly seed?: number
  readonly threshold?: number
  readonly signal?: AbortSignal
  /** Called after each scored item (image or frame). */
  readonly onItem?: () => void
}

/** NME by box and by inter-ocular distance of one prediction (NaN, NaN for a miss). */
export function itemErrors(pred: readonly Point2[] | null, gt: readonly Point2[]): { box: number; io: number } {
  if (pred === null || pred.length !== 68) return { box: NaN, io: NaN }
  return { box: nme(pred, gt, boxSize(gt)), io: nme(pred, gt, interocularDistance(gt)) }
}

const meanFinite = (xs: readonly number[]): number => {
  const f = xs.filter(Number.isFinite)
  return f.length === 0 ? NaN : f.reduce((a, b) => a + b, 0) / f.length
}

/** Means over predictions; AUC and failure rate over all items (misses fail). */
export function summariseErrors(nmeBox: readonly number[], nmeIo: readonly number[], threshold = DEFAULT_THRESHOLD): LandmarkEvalSummary {
  const fail = (xs: readonly number[]): number => (xs.length === 0 ? NaN : xs.filter((e) => !(e <= threshold)).length / xs.length)
  return {
    meanBox: meanFinite(nmeBox),
    meanIo: meanFinite(nmeIo),
    aucBox: aucAt(nmeBox.filter(Number.isFinite), nmeBox.length, threshold),
    aucIo: aucAt(nmeIo.filter(Number.isFinite), nmeIo.length, threshold),
    failureBox: fail(nmeBox),
    failureIo: fail(nmeIo),
    threshold
  }
}

export function makeEvalSet(name: string, category: string | null, degraded: boolean, nmeBox: number[], nmeIo: number[], threshold = DEFAULT_THRESHOLD): LandmarkEvalSet {
  return { name, category, degraded, count: nmeBox.length, nmeBox, nmeIo, summary: summariseErrors(nmeBox, nmeIo, threshold) }
}

const aborted = (s?: AbortSignal): void => {
  if (s?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
}

/** Per-still errors: init from the ground-truth box only. */
export async function runStills(tracker: SequenceTracker, stills: readonly EvalStill[], o: EvalRunOptions = {}): Promise<{ box: number[]; io: number[] }> {
  const box: number[] = []
  const io: number[] = []
  for (let i = 0; i < stills.length; i++) {
    aborted(o.signal)
    const s = stills[i]
    let img = s.image
    if (o.degrade) {
      const seed = deriveSeed(o.seed ?? 1, `still-${s.id}`)
      img = degradeImage(img, drawDegradation(mulberry32(seed), ['downsample', 'gaussian-blur', 'gaussian-noise', 'colour-scale']), seed)
    }
    const r = await tracker.init(img, { box: pointsBox(s.points) })
    const e = itemErrors(r.points, s.points)
    box.push(e.box)
    io.push(e.io)
    o.onItem?.()
  }
  return { box, io }
}

/** Per-frame errors of one sequence (frames 1..n−1), with each frame's degraded flag. */
export async function runSequence(tracker: SequenceTracker, seq: EvalSequence, o: EvalRunOptions = {}): Promise<{ box: number[]; io: number[]; degraded: boolean[] }> {
  const out = { box: [] as number[], io: [] as number[], degraded: [] as boolean[] }
  const frames = o.degrade ? degradeSequence(seq.frames, { seed: deriveSeed(o.seed ?? 1, `seq-${seq.id}`) }).frames : seq.frames
  const first = framePoints(seq.landmarks, 0)
  if (first === null || frames.length === 0) return out
  await tracker.init(frames[0], { points: first, box: pointsBox(first) })
  for (let i = 1; i < frames.length; i++) {
    aborted(o.signal)
    const r = await tracker.step(frames[i])
    const gt = framePoints(seq.landmarks, i)
    if (gt === null) continue
    const e = itemErrors(r.points, gt)
    out.box.push(e.box)
    out.io.push(e.io)
    out.degraded.push(o.degrade === true || seq.degraded?.[i] === 1)
    o.onItem?.()
  }
  return out
}

/** What one evaluation runs: named still sets and sequence sets (optionally split into clean / degraded frames). */
export interface EvalSuite {
  readonly stills: ReadonlyArray<{ readonly name: string; readonly items: readonly EvalStill[] }>
  readonly sequences: ReadonlyArray<{ readonly name: string; readonly category: string | null; readonly items: readonly EvalSequence[]; readonly splitDegraded?: boolean }>
}

/** Items (images + scored frames) of a suite, for progress totals. */
export function suiteSize(s: EvalSuite): number {
  return s.stills.reduce((a, x) => a + x.items.length, 0) + s.sequences.reduce((a, x) => a + x.items.reduce((b, q) => b + Math.max(0, q.frames.length - 1), 0), 0)
}

/** Runs `tracker` over the suite: one LandmarkEvalSet per still set, per sequence set (or its clean / degraded parts). */
export async function evaluateTracker(tracker: SequenceTracker, suite: EvalSuite, o: EvalRunOptions = {}): Promise<LandmarkEvalSet[]> {
  const thr = o.threshold ?? DEFAULT_THRESHOLD
  const sets: LandmarkEvalSet[] = []
  const deg = o.degrade === true
  for (const s of suite.stills) {
    const r = await runStills(tracker, s.items, o)
    sets.push(makeEvalSet(s.name, null, deg, r.box, r.io, thr))
  }
  for (const s of suite.sequences) {
    const all = { box: [] as number[], io: [] as number[], degraded: [] as boolean[] }
    for (const q of s.items) {
      const r = await runSequence(tracker, q, o)
      all.box.push(...r.box)
      all.io.push(...r.io)
      all.degraded.push(...r.degraded)
    }
    if (s.splitDegraded && !deg) {
      for (const d of [false, true]) {
        const pick = (xs: number[]): number[] => xs.filter((_, i) => all.degraded[i] === d)
        sets.push(makeEvalSet(`${s.name}-${d ? 'degraded' : 'clean'}`, d ? 'degraded' : 'clean', d, pick(all.box), pick(all.io), thr))
      }
    } else sets.push(makeEvalSet(s.name, s.category, deg, all.box, all.io, thr))
  }
  return sets
}
