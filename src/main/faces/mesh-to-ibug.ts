/**
 * FaceMesh (468 points) → iBUG 68-point scheme.
 *
 * Two mappings:
 * - {@link PLAIN_MESH_TO_IBUG}: one mesh vertex per iBUG point (the widely used index map);
 * - a fitted mapping ({@link MeshToIbugMapping}, JSON in `mapping/`): each iBUG point is a ridge-regularised
 *   linear combination of its K nearest mesh points plus a bias (and optionally a yaw term), all in a
 *   face-normalised frame (origin: midpoint of the mesh's outer eye corners 33/263; x along the eye line;
 *   unit: their distance). The fit (fit/fit-mapping.ts) uses only the dlib-faces XML, never test data.
 * All points are 0-based image pixels.
 */
import type { Point2 } from '../datasets/landmarks'
import type { Point3 } from './human-detector'

// prettier-ignore
export const PLAIN_MESH_TO_IBUG: readonly number[] = [
  162, 234, 93, 58, 172, 136, 149, 148, 152, 377, 378, 365, 397, 288, 323, 454, 389, // jaw 1-17
  71, 63, 105, 66, 107, 336, 296, 334, 293, 301, // brows 18-27
  168, 197, 5, 4, 75, 97, 2, 326, 305, // nose 28-36
  33, 160, 158, 133, 153, 144, 362, 385, 387, 263, 373, 380, // eyes 37-48
  61, 39, 37, 0, 267, 269, 291, 405, 314, 17, 84, 181, // outer lips 49-60
  78, 82, 13, 312, 308, 317, 14, 87 // inner lips 61-68
]

/** Mesh vertices of the outer eye corners (subject's right = image left: 33; left: 263). */
export const MESH_EYE_OUTER: readonly [number, number] = [33, 263]
/** Mesh vertices used for the yaw feature: nose tip and the two cheek contour points. */
export const MESH_NOSE_TIP = 1
export const MESH_CHEEKS: readonly [number, number] = [234, 454]

export interface MappedPoint {
  /** Mesh vertex of the plain map (regularisation target). */
  readonly base: number
  readonly neighbours: readonly number[]
  /** One weight per neighbour, shared by x and y. */
  readonly weights: readonly number[]
  /** Additive offset [x, y] in the normalised frame. */
  readonly bias: readonly [number, number]
  /** Yaw coefficients [x, y] (zeros when the mapping has no yaw term). */
  readonly yaw: readonly [number, number]
}

export interface MeshToIbugMapping {
  readonly format: 'circumplex-mesh-to-ibug'
  readonly version: number
  readonly frame: 'mesh-outer-eye-corners-33-263'
  readonly useYaw: boolean
  /** Yaw values are clamped to the range seen in fitting (no extrapolation). */
  readonly yawRange: readonly [number, number]
  readonly points: readonly MappedPoint[]
  readonly provenance: Readonly<Record<string, unknown>>
}

export interface FaceFrame {
  readonly cx: number
  readonly cy: number
  readonly scale: number
  readonly cos: number
  readonly sin: number
}

export function meshFrame(mesh: readonly Point3[]): FaceFrame {
  const l = mesh[MESH_EYE_OUTER[0]]
  const r = mesh[MESH_EYE_OUTER[1]]
  const dx = r[0] - l[0]
  const dy = r[1] - l[1]
  const scale = Math.hypot(dx, dy) || 1
  return { cx: (l[0] + r[0]) / 2, cy: (l[1] + r[1]) / 2, scale, cos: dx / scale, sin: dy / scale }
}

export function toFrame(f: FaceFrame, x: number, y: number): Point2 {
  const u = x - f.cx
  const v = y - f.cy
  return [(u * f.cos + v * f.sin) / f.scale, (-u * f.sin + v * f.cos) / f.scale]
}

export function fromFrame(f: FaceFrame, u: number, v: number): Point2 {
  const x = u * f.scale
  const y = v * f.scale
  return [f.cx + x * f.cos - y * f.sin, f.cy + x * f.sin + y * f.cos]
}

/** Mesh in the normalised frame (2-D). */
export function normaliseMesh(mesh: readonly Point3[], f: FaceFrame = meshFrame(mesh)): Point2[] {
  return mesh.map((p) => toFrame(f, p[0], p[1]))
}

/** Horizontal nose-tip offset from the cheek midpoint, as a fraction of the cheek width (0 = frontal). */
export function meshYaw(normalised: readonly Point2[]): number {
  const a = normalised[MESH_CHEEKS[0]][0]
  const b = normalised[MESH_CHEEKS[1]][0]
  const w = b - a
  if (Math.abs(w) < 1e-9) return 0
  return (normalised[MESH_NOSE_TIP][0] - (a + b) / 2) / w
}

export function plainIbug(mesh: readonly Point3[]): Point2[] {
  if (mesh.length !== 468) throw new RangeError(`expected 468 mesh points, got ${mesh.length}`)
  return PLAIN_MESH_TO_IBUG.map((i) => [mesh[i][0], mesh[i][1]])
}

/** Applies a fitted mapping; the result is 68 [x, y] points in image pixels. */
export function applyMapping(mapping: MeshToIbugMapping, mesh: readonly Point3[]): Point2[] {
  if (mesh.length !== 468) throw new RangeError(`expected 468 mesh points, got ${mesh.length}`)
  const frame = meshFrame(mesh)
  const q = normaliseMesh(mesh, frame)
  const yaw = mapping.useYaw ? Math.min(mapping.yawRange[1], Math.max(mapping.yawRange[0], meshYaw(q))) : 0
  return mapping.points.map((p) => {
    let u = p.bias[0] + yaw * p.yaw[0]
    let v = p.bias[1] + yaw * p.yaw[1]
    for (let j = 0; j < p.neighbours.length; j++) {
      const n = q[p.neighbours[j]]
      u += p.weights[j] * n[0]
      v += p.weights[j] * n[1]
    }
    return fromFrame(frame, u, v)
  })
}

/** Checks the shape of a parsed mapping JSON (throws RangeError on mismatch). */
export function validateMapping(value: unknown): MeshToIbugMapping {
  const m = value as MeshToIbugMapping
  if (typeof value !== 'object' || value === null || m.format !== 'circumplex-mesh-to-ibug') throw new RangeError('not a mesh-to-iBUG mapping')
  if (!Array.isArray(m.points) || m.points.length !== 68) throw new RangeError('mapping must have 68 points')
  for (const p of m.points) {
    if (p.neighbours.length !== p.weights.length || p.neighbours.some((n: number) => !Number.isInteger(n) || n < 0 || n >= 468)) {
      throw new RangeError('mapping point has invalid neighbours/weights')
    }
  }
  return m
}
