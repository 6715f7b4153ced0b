/**
 * Video-mode face tracking over a frame stream.
 *
 * - Detection runs in Human's 'video' mode (cached mesh-derived boxes = tracking between detector runs).
 * - Every frame is validated (thesis ch.2: face validation + re-initialisation, T_C = 0.5): the main face is
 *   re-detected with a fresh detector pass ('still' mode) when it is missing, its confidence is below
 *   `minConfidence`, or its landmark box disagrees with the detector box (centre offset or size ratio).
 * - Main subject: at start (or after a loss longer than `maxGap` frames) the largest, most central face;
 *   afterwards the face with the highest IoU to the previous main box, so the subject never jumps to
 *   another person who becomes larger. Other faces are kept (with their own track ids) in `others`.
 * - Optional One-Euro smoothing of the main face's points (adaptive: little lag on fast expression changes),
 *   reset on re-initialisation. Frames without a face give `main: null` (a gap), never zeros.
 */
import type { Point2 } from '../datasets/landmarks'
import type { RgbFrame } from '../media/frame-reader'
import type { Box, DetectMode, MeshFace, Point3, RgbImage } from './human-detector'
import { iou, meshToLandmarks, type MappingChoice } from './face-landmarker'

export interface FrameDetector {
  detect(image: RgbImage, mode: DetectMode): Promise<MeshFace[]>
}

export interface TrackedFace {
  readonly trackId: number
  readonly box: Box
  /** 68 iBUG points, 0-based pixels (smoothed for the main face when smoothing is on). */
  readonly points: Point2[]
  readonly confidence: number
  readonly mesh: Point3[]
}

export interface TrackFrameResult {
  readonly index: number
  readonly main: TrackedFace | null
  readonly others: TrackedFace[]
  /** A fresh detector pass was needed on this frame (validation failed or no track). */
  readonly redetected: boolean
}

export interface OneEuroParams {
  /** Minimum cutoff frequency (Hz): lower = smoother at rest. */
  readonly minCutoff: number
  /** Speed coefficient (per face-size unit): higher = less lag when moving. */
  readonly beta: number
  readonly dCutoff: number
}

export const DEFAULT_ONE_EURO: OneEuroParams = { minCutoff: 1.5, beta: 0.5, dCutoff: 1.0 }

export interface TrackerOptions {
  readonly mapping?: MappingChoice
  /** One-Euro smoothing of the main face; false disables it (default: on). */
  readonly smoothing?: OneEuroParams | false
  /** Frame rate used by the filter (Hz). */
  readonly fps?: number
  readonly minConfidence?: number
  /** Re-detect when the landmark-box centre is farther than this × box size from the detector box centre. */
  readonly maxCentreOffset?: number
  /** A lost main subject may come back (by IoU with its last box) within this many frames. */
  readonly maxGap?: number
  readonly signal?: AbortSignal
}

/** One-Euro filter (Casiez et al., CHI 2012) over a vector. */
export class OneEuroFilter {
  private prev: Float64Array | null = null
  private dPrev: Float64Array | null = null

  constructor(
    private readonly p: OneEuroParams,
    private readonly rate: number
  ) {}

  reset(): void {
    this.prev = null
    this.dPrev = null
  }

  private alpha(cutoff: number): number {
    const tau = 1 / (2 * Math.PI * cutoff)
    return 1 / (1 + tau * this.rate)
  }

  /** Filters `x`; `scale` divides the speed (e.g. face size, so beta is size-independent). */
  filter(x: ArrayLike<number>, scale = 1): Float64Array {
    const out = Float64Array.from(x)
    if (this.prev === null || this.dPrev === null || this.prev.length !== out.length) {
      this.prev = Float64Array.from(out)
      this.dPrev = new Float64Array(out.length)
      return out
    }
    const ad = this.alpha(this.p.dCutoff)
    for (let i = 0; i < out.length; i++) {
      const d = (out[i] - this.prev[i]) * this.rate
      const dh = ad * d + (1 - ad) * this.dPrev[i]
      const a = this.alpha(this.p.minCutoff + (this.p.beta * Math.abs(dh)) / scale)
      out[i] = a * out[i] + (1 - a) * this.prev[i]
      this.dPrev[i] = dh
    }
    this.prev = Float64Array.from(out)
    return out
  }
}

function pointsBox(points: readonly Point2[]): Box {
  const xs = points.map((p) => p[0])
  const ys = points.map((p) => p[1])
  const x0 = Math.min(...xs)
  const y0 = Math.min(...ys)
  return [x0, y0, Math.max(...xs) - x0, Math.max(...ys) - y0]
}

interface Candidate {
  face: MeshFace
  points: Point2[]
}

/** Validation: landmark box consistent with the detector box, confidence high enough. */
export function faceIsValid(c: Candidate, minConfidence: number, maxCentreOffset: number): boolean {
  if (!(c.face.score >= minConfidence)) return false
  const lb = pointsBox(c.points)
  const db = c.face.box
  const size = Math.sqrt(Math.max(1, db[2] * db[3]))
  const off = Math.hypot(lb[0] + lb[2] / 2 - (db[0] + db[2] / 2), lb[1] + lb[3] / 2 - (db[1] + db[3] / 2))
  const ratio = Math.sqrt(Math.max(1, lb[2] * lb[3])) / size
  return off <= maxCentreOffset * size && ratio > 0.3 && ratio < 1.2 && c.points.every((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]))
}

/** Larger and more central faces score higher (always positive; d = centre offset / image diagonal). */
export function saliency(box: Box, width: number, height: number): number {
  const d = Math.hypot(box[0] + box[2] / 2 - width / 2, box[1] + box[3] / 2 - height / 2) / Math.hypot(width, height)
  return (box[2] * box[3]) / (1 + 4 * d)
}

/** Tracks faces over a frame stream, yielding one result per frame in order. */
export async function* trackFaces(det: FrameDetector, frames: AsyncIterable<RgbFrame>, opts: TrackerOptions = {}): AsyncGenerator<TrackFrameResult> {
  const minConf = opts.minConfidence ?? 0.5
  const maxOff = opts.maxCentreOffset ?? 0.25
  const maxGap = opts.maxGap ?? 15
  const smoothing = opts.smoothing === undefined ? DEFAULT_ONE_EURO : opts.smoothing
  const filter = smoothing === false ? null : new OneEuroFilter(smoothing, opts.fps ?? 25)
  let mainBox: Box | null = null
  let mainId = -1
  let gap = 0
  let nextId = 0
  let others: Array<{ id: number; box: Box }> = []
  const toCandidates = (faces: MeshFace[]): Candidate[] => faces.map((face) => ({ face, points: meshToLandmarks(face.mesh, opts.mapping) }))
  const pickMain = (cands: Candidate[], img: RgbImage): Candidate | null => {
    if (cands.length === 0) return null
    if (mainBox !== null) {
      const prev = mainBox
      const best = cands.reduce((a, b) => (iou(b.face.box, prev) > iou(a.face.box, prev) ? b : a))
      return iou(best.face.box, prev) >= 0.2 ? best : null
    }
    return cands.reduce((a, b) => (saliency(b.face.box, img.width, img.height) > saliency(a.face.box, img.width, img.height) ? b : a))
  }

  for await (const frame of frames) {
    if (opts.signal?.aborted) return
    let cands = toCandidates(await det.detect(frame, 'video'))
    let main = pickMain(cands, frame)
    let redetected = false
    if (main === null || !faceIsValid(main, minConf, maxOff)) {
      cands = toCandidates(await det.detect(frame, 'still'))
      redetected = true
      main = pickMain(cands, frame)
      if (main !== null && !faceIsValid(main, minConf, maxOff)) main = null
    }
    if (main === null) {
      gap++
      if (gap > maxGap && mainBox !== null) {
        // The subject is gone: the next face found becomes the new main subject.
        mainBox = null
        filter?.reset()
      }
      if (mainBox === null && gap > 0) {
        const fresh = pickMain(cands.filter((c) => faceIsValid(c, minConf, maxOff)), frame)
        if (fresh !== null) main = fresh
      }
    }
    let mainOut: TrackedFace | null = null
    if (main !== null) {
      if (mainBox === null || redetected && gap > 0) {
        if (mainBox === null) mainId = nextId++
        filter?.reset()
      }
      gap = 0
      mainBox = main.face.box
      let points = main.points
      if (filter !== null) {
        const size = Math.sqrt(Math.max(1, main.face.box[2] * main.face.box[3]))
        const f = filter.filter(points.flat(), size)
        points = points.map((_, i) => [f[2 * i], f[2 * i + 1]])
      }
      mainOut = { trackId: mainId, box: main.face.box, points, confidence: main.face.score, mesh: main.face.mesh }
    }
    // Other faces: greedy IoU association with the previous frame's other tracks.
    const rest = cands.filter((c) => c !== main && (mainOut === null || iou(c.face.box, mainOut.box) < 0.5))
    const nextOthers: Array<{ id: number; box: Box }> = []
    const othersOut: TrackedFace[] = rest.map((c) => {
      let id = -1
      let best = 0.2
      for (const o of others) {
        const v = iou(o.box, c.face.box)
        if (v > best && !nextOthers.some((n) => n.id === o.id)) {
          best = v
          id = o.id
        }
      }
      if (id < 0) id = nextId++
      nextOthers.push({ id, box: c.face.box })
      return { trackId: id, box: c.face.box, points: c.points, confidence: c.face.score, mesh: c.face.mesh }
    })
    others = nextOthers
    yield { index: frame.index, main: mainOut, others: othersOut, redetected }
  }
}
