/**
 * Still-image landmarking: detect → refine each face on a re-centred, rescaled crop → map to iBUG 68.
 *
 * Refinement: FaceMesh is re-run on a square crop centred on the first-pass mesh (side = REFINE_SCALE × the
 * mesh extent) resized to REFINE_SIZE px. This re-centres the mesh ROI (like MediaPipe's tracking ROI),
 * upscales small faces and shrinks oversized first-pass boxes. When the detector finds no face at all,
 * it retries on upscaled overlapping tiles (small faces). The refine parameters were chosen on the dlib-faces
 * set only (see mapping provenance).
 */
import type { Point2 } from '../datasets/landmarks'
import type { Box, HumanFaceDetector, MeshFace, Point3, RgbImage } from './human-detector'
import { applyMapping, plainIbug, validateMapping, type MeshToIbugMapping } from './mesh-to-ibug'
import mappingV1Json from './mapping/mesh-to-ibug-v1.json'

export const REFINE_SCALE = 1.6
export const REFINE_SIZE = 384

export interface LandmarkFace {
  /** Box [x, y, w, h] (0-based pixels): the refined detector box. */
  readonly box: Box
  readonly score: number
  /** 68 iBUG points [x, y], 0-based pixels. */
  readonly points: Point2[]
  readonly mesh: Point3[]
  /** How this face was found: first pass, first pass + refined crop, or tiled re-detection. */
  readonly source: 'detector' | 'refined' | 'tiled'
}

export type MappingChoice = 'fitted' | 'plain'

let cachedMapping: MeshToIbugMapping | null = null
export function defaultMapping(): MeshToIbugMapping {
  cachedMapping ??= validateMapping(mappingV1Json as unknown)
  return cachedMapping
}

export function meshBox(mesh: readonly Point3[]): Box {
  let x0 = Infinity
  let y0 = Infinity
  let x1 = -Infinity
  let y1 = -Infinity
  for (const p of mesh) {
    x0 = Math.min(x0, p[0])
    y0 = Math.min(y0, p[1])
    x1 = Math.max(x1, p[0])
    y1 = Math.max(y1, p[1])
  }
  return [x0, y0, x1 - x0, y1 - y0]
}

export function iou(a: Box, b: Box): number {
  const x0 = Math.max(a[0], b[0])
  const y0 = Math.max(a[1], b[1])
  const x1 = Math.min(a[0] + a[2], b[0] + b[2])
  const y1 = Math.min(a[1] + a[3], b[1] + b[3])
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0)
  const union = a[2] * a[3] + b[2] * b[3] - inter
  return union > 0 ? inter / union : 0
}

/** Runs the detector on the crop [x0, y0, side, side] of `img` resized to `size`², mapping results back. */
async function detectOnCrop(det: HumanFaceDetector, img: RgbImage, x0: number, y0: number, w: number, h: number, outW: number, outH: number): Promise<MeshFace[]> {
  const tf = det.tfjs
  const { width, height } = img
  const crop = tf.tidy(() => {
    const t = tf.expandDims(tf.tensor3d(img.data, [height, width, 3], 'int32').toFloat(), 0)
    const boxes = tf.tensor2d([[y0 / (height - 1), x0 / (width - 1), (y0 + h) / (height - 1), (x0 + w) / (width - 1)]])
    return tf.image.cropAndResize(t as Parameters<typeof tf.image.cropAndResize>[0], boxes, [0], [outH, outW], 'bilinear')
  })
  try {
    const faces = await det.detectTensor(crop as unknown as Parameters<HumanFaceDetector['detectTensor']>[0], 'still')
    // cropAndResize samples output pixel i at x0 + i * (w * (W-1)/(W-1)) / (outW - 1) in input pixel centres.
    const kx = w / (outW - 1)
    const ky = h / (outH - 1)
    return faces.map((f) => ({
      ...f,
      box: [x0 + f.box[0] * kx, y0 + f.box[1] * ky, f.box[2] * kx, f.box[3] * ky] as Box,
      mesh: f.mesh.map((p) => [x0 + p[0] * kx, y0 + p[1] * ky, p[2] * kx] as Point3)
    }))
  } finally {
    crop.dispose()
  }
}

/** Re-runs the mesh on a crop centred on `face`; returns the refined face or null when it is lost. */
export async function refineFace(det: HumanFaceDetector, img: RgbImage, face: MeshFace): Promise<MeshFace | null> {
  const [bx, by, bw, bh] = meshBox(face.mesh)
  const side = Math.max(bw, bh) * REFINE_SCALE
  if (!(side > 4)) return null
  const cx = bx + bw / 2
  const cy = by + bh / 2
  const faces = await detectOnCrop(det, img, cx - side / 2, cy - side / 2, side, side, REFINE_SIZE, REFINE_SIZE)
  let best: MeshFace | null = null
  let bestD = Infinity
  for (const f of faces) {
    const [fx, fy, fw, fh] = meshBox(f.mesh)
    const d = Math.hypot(fx + fw / 2 - cx, fy + fh / 2 - cy)
    if (d < bestD) {
      bestD = d
      best = f
    }
  }
  return best !== null && bestD < side / 4 ? best : null
}

/** Tiled re-detection on upscaled overlapping tiles (for small faces the whole-image pass misses). */
async function detectTiled(det: HumanFaceDetector, img: RgbImage): Promise<MeshFace[]> {
  const tw = img.width * 0.6
  const th = img.height * 0.6
  const out: MeshFace[] = []
  for (const [fx, fy] of [[0, 0], [0.4, 0], [0, 0.4], [0.4, 0.4], [0.2, 0.2]]) {
    const k = Math.min(2, 1024 / Math.max(tw, th))
    const found = await detectOnCrop(det, img, fx * img.width, fy * img.height, tw, th, Math.round(tw * k), Math.round(th * k))
    for (const f of found) if (!out.some((o) => iou(meshBox(o.mesh), meshBox(f.mesh)) > 0.3)) out.push(f)
  }
  return out
}

export interface LandmarkOptions {
  readonly mapping?: MappingChoice
  /** Skip the refinement pass (first-pass meshes only). */
  readonly noRefine?: boolean
}

/** Meshes of all faces of a still image (detect + refine, tiled fallback on a miss). */
export async function detectMeshes(det: HumanFaceDetector, img: RgbImage, opts: LandmarkOptions = {}): Promise<Array<MeshFace & { source: LandmarkFace['source'] }>> {
  let faces = (await det.detect(img, 'still')).map((f) => ({ ...f, source: 'detector' as LandmarkFace['source'] }))
  if (faces.length === 0) faces = (await detectTiled(det, img)).map((f) => ({ ...f, source: 'tiled' as const }))
  if (opts.noRefine) return faces
  const out: Array<MeshFace & { source: LandmarkFace['source'] }> = []
  for (const f of faces) {
    const r = await refineFace(det, img, f)
    out.push(r === null ? f : { ...r, score: r.score, source: f.source === 'tiled' ? 'tiled' : 'refined' })
  }
  return out
}

export function meshToLandmarks(mesh: readonly Point3[], mapping: MappingChoice = 'fitted'): Point2[] {
  return mapping === 'plain' ? plainIbug(mesh) : applyMapping(defaultMapping(), mesh)
}

/** 68-point landmarks of every face of a still image, largest face first. */
export async function landmarkImage(det: HumanFaceDetector, img: RgbImage, opts: LandmarkOptions = {}): Promise<LandmarkFace[]> {
  const faces = await detectMeshes(det, img, opts)
  return faces
    .map((f) => ({ box: f.box, score: f.score, points: meshToLandmarks(f.mesh, opts.mapping), mesh: f.mesh, source: f.source }))
    .sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])
}
