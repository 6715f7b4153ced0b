/**
 * The default tracker (Human FaceMesh + ROI tracking + validation/re-detection, as the import's face pass:
 * face-tracker.ts) behind the SequenceTracker contract, and the 'mean-shape' floor tracker.
 *
 * Default: init() starts from the given box (300-VW protocol: the first frame's ground truth) — FaceMesh alone on a
 * region derived from the box (centre shifted up and enlarged, since the 68-point box stops at the brows while the
 * mesh covers the forehead), re-run once on the region of its own mesh (like detectFresh in face-tracker.ts); when
 * that face does not validate, the full detector runs (the face with the best IoU to the box, else the most salient).
 * step() = the tracking step on the previous mesh's region, validated every frame (faceIsValid: confidence and
 * landmark box vs mesh box, T_C = 0.5 as on import) and re-detected when it fails (thesis eq. 2.8). No smoothing
 * (the evaluation scores raw landmarks). pFace = the mesh confidence of the accepted face.
 */
import type { Point2 } from '../../datasets/landmarks'
import { faceLandmarks68 } from '../../datasets/synth/face-landmarks'
import { makeFaceIdentity, NEUTRAL_POSE } from '../../datasets/synth/face-types'
import { faceIsValid, roiFromMesh, saliency, ROI_SCALE } from '../face-tracker'
import { iou, meshToLandmarks, type MappingChoice } from '../face-landmarker'
import type { Box, DetectMode, MeshFace, MeshRoi, RgbImage } from '../human-detector'
import type { SequenceTracker, TrackerInit, TrackStep } from './types'

/** What the default tracker needs of a detector (HumanFaceDetector has both). */
export interface MeshDetector {
  detect(image: RgbImage, mode: DetectMode): Promise<MeshFace[]>
  meshInRoi(image: RgbImage, roi: MeshRoi): Promise<MeshFace | null>
}

/**
 * The mesh extent (roiFromMesh's side / ROI_SCALE) over the 68-point box's larger side, and the mesh region's centre
 * offset from the box centre (× box height, up): measured on dlib-faces (not a test set; 25 faces, Human meshes
 * vs the 68 points): medians 1.12 (0.99-1.25) and −0.11 (−0.17…−0.07).
 */
export const GT_BOX_TO_MESH = 1.12
export const GT_BOX_CENTRE_SHIFT = -0.11

export function pointsBox(points: readonly Point2[]): Box {
  let x0 = Infinity
  let y0 = Infinity
  let x1 = -Infinity
  let y1 = -Infinity
  for (const [x, y] of points) {
    x0 = Math.min(x0, x)
    y0 = Math.min(y0, y)
    x1 = Math.max(x1, x)
    y1 = Math.max(y1, y)
  }
  return [x0, y0, x1 - x0, y1 - y0]
}

/** The tracking region for a 68-point box (roll from the eye line when points are given). */
export function roiFromBox(box: Box, points?: readonly Point2[]): MeshRoi {
  const angle = points && points.length === 68 ? Math.atan2(points[45][1] - points[36][1], points[45][0] - points[36][0]) : 0
  const shift = GT_BOX_CENTRE_SHIFT * box[3]
  return {
    cx: box[0] + box[2] / 2 - Math.sin(angle) * shift,
    cy: box[1] + box[3] / 2 + Math.cos(angle) * shift,
    side: ROI_SCALE * GT_BOX_TO_MESH * Math.max(box[2], box[3]),
    angle
  }
}

export interface DefaultTrackerOptions {
  readonly mapping?: MappingChoice
  readonly minConfidence?: number
  readonly maxCentreOffset?: number
  readonly id?: string
}

const NONE: TrackStep = { points: null, box: null, pFace: 0, reinitialised: false }

export function createDefaultTracker(det: MeshDetector, opts: DefaultTrackerOptions = {}): SequenceTracker {
  const minConf = opts.minConfidence ?? 0.5
  const maxOff = opts.maxCentreOffset ?? 0.25
  let prev: MeshFace | null = null
  let prevBox: Box | null = null
  const cand = (face: MeshFace) => ({ face, points: meshToLandmarks(face.mesh, opts.mapping) })
  const valid = (face: MeshFace | null): boolean => face !== null && faceIsValid(cand(face), minConf, maxOff)
  const answer = (face: MeshFace, reinitialised: boolean): TrackStep => {
    prev = face
    const points = meshToLandmarks(face.mesh, opts.mapping)
    prevBox = pointsBox(points)
    return { points, box: prevBox, pFace: Math.max(0, Math.min(1, face.score)), reinitialised }
  }
  const lost = (): TrackStep => {
    prev = null
    return NONE
  }
  /** Full detector pass, each face re-meshed on its own region; the face nearest `near` (IoU ≥ 0.2) or the most salient. */
  const redetect = async (frame: RgbImage, near: Box | null): Promise<MeshFace | null> => {
    const found: MeshFace[] = []
    for (const f of await det.detect(frame, 'still')) {
      const again = await det.meshInRoi(frame, roiFromMesh(f.mesh))
      if (valid(again)) found.push(again as MeshFace)
      else if (valid(f)) found.push(f)
    }
    if (found.length === 0) return null
    if (near !== null) {
      const best = found.reduce((a, b) => (iou(b.box, near) > iou(a.box, near) ? b : a))
      if (iou(best.box, near) >= 0.2) return best
    }
    return found.reduce((a, b) => (saliency(b.box, frame.width, frame.height) > saliency(a.box, frame.width, frame.height) ? b : a))
  }
  /** FaceMesh on a region, then once more on its own mesh's region. */
  const meshAt = async (frame: RgbImage, roi: MeshRoi): Promise<MeshFace | null> => {
    const first = await det.meshInRoi(frame, roi)
    if (first === null) return null
    return (await det.meshInRoi(frame, roiFromMesh(first.mesh))) ?? first
  }
  return {
    id: opts.id ?? 'default',
    async init(frame: RgbImage, from: TrackerInit): Promise<TrackStep> {
      prev = null
      prevBox = from.box ?? (from.points && from.points.length > 0 ? pointsBox(from.points) : null)
      if (prevBox !== null) {
        const face = await meshAt(frame, roiFromBox(prevBox, from.points))
        if (valid(face)) return answer(face as MeshFace, false)
      }
      const found = await redetect(frame, prevBox)
      return found === null ? lost() : answer(found, true)
    },
    async step(frame: RgbImage): Promise<TrackStep> {
      if (prev !== null) {
        const face = await det.meshInRoi(frame, roiFromMesh(prev.mesh))
        if (valid(face)) return answer(face as MeshFace, false)
      }
      const found = await redetect(frame, prevBox)
      return found === null ? lost() : answer(found, true)
    },
    dispose(): void {
      prev = null
      prevBox = null
    }
  }
}

/**
 * The mean 68-point shape of the synthetic world's neutral faces, in unit-box coordinates ([0, 1]²): the floor
 * baseline places it in the init box and carries it along unchanged (no image is looked at).
 */
export function createMeanShapeTracker(shape: readonly Point2[], id = 'mean-shape'): SequenceTracker {
  if (shape.length !== 68) throw new RangeError(`mean shape needs 68 points, got ${shape.length}`)
  let last: TrackStep = NONE
  return {
    id,
    async init(_frame: RgbImage, from: TrackerInit): Promise<TrackStep> {
      const box = from.box ?? (from.points && from.points.length > 0 ? pointsBox(from.points) : null)
      if (box === null) return (last = NONE)
      const points = shape.map(([u, v]): Point2 => [box[0] + u * box[2], box[1] + v * box[3]])
      last = { points, box: pointsBox(points), pFace: 1, reinitialised: false }
      return last
    },
    async step(): Promise<TrackStep> {
      return last
    },
    dispose(): void {
      last = NONE
    }
  }
}

/** Normalises 68-point shapes to their boxes and averages them (unit-box coordinates). */
export function meanShape(shapes: ReadonlyArray<readonly Point2[]>): Point2[] {
  if (shapes.length === 0) throw new RangeError('meanShape needs at least one shape')
  const acc = Array.from({ length: 68 }, () => [0, 0])
  for (const s of shapes) {
    const [x, y, w, h] = pointsBox(s)
    s.forEach((p, k) => {
      acc[k][0] += (p[0] - x) / Math.max(1e-9, w)
      acc[k][1] += (p[1] - y) / Math.max(1e-9, h)
    })
  }
  return acc.map(([a, b]): Point2 => [a / shapes.length, b / shapes.length])
}

let synthMean: Point2[] | null = null

/** The mean shape of 16 neutral synthetic faces (datasets/synth), frontal, mouth closed: the floor's template. */
export function syntheticMeanShape(): Point2[] {
  if (synthMean !== null) return synthMean
  const shapes: Point2[][] = []
  for (let seed = 1; seed <= 16; seed++) {
    const f = faceLandmarks68({ identity: makeFaceIdentity(seed), valence: 0, arousal: 0, speech: 0, blink: 0, pose: NEUTRAL_POSE }, 256, 256)
    shapes.push(Array.from({ length: 68 }, (_, k): Point2 => [f[2 * k], f[2 * k + 1]]))
  }
  synthMean = meanShape(shapes)
  return synthMean
}
