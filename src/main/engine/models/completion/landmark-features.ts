/**
 * Per-frame face-shape features for session completion: the 68 iBUG landmarks with head position, size and in-plane
 * rotation removed, so that what is left is expression (and out-of-plane pose).
 *
 * Normalisation (a similarity Procrustes fit on RIGID points only): each frame's shape is mapped by the
 * translation + uniform scale + rotation that best superimposes its rigid points — the four eye corners (36, 39,
 * 42, 45, 0-based) and the nose (27–35) — onto a reference made of those points, in the least-squares sense
 * (orthogonal Procrustes with scaling, closed form in 2-D). The reference is the mean rigid shape of the session,
 * refined twice (generalised Procrustes). Fitting on rigid points keeps expression out of the fit: a raised brow or
 * an opened mouth does not shrink or tilt the whole face, as a fit on all 68 points would.
 *
 * The features of a frame are the 136 aligned coordinates minus the session's mean aligned shape (the identity's
 * face, which is constant within a session). Frames whose landmarks are missing (NaN) get a NaN row.
 */

export const LANDMARKS = 68
export const SHAPE_DIMS = LANDMARKS * 2
/** Eye corners and nose: points that do not move with expression (0-based iBUG indices). */
export const RIGID_POINTS: readonly number[] = [36, 39, 42, 45, 27, 28, 29, 30, 31, 32, 33, 34, 35]

/** A similarity transform x' = s·R·(x − c) (applied as a, b = s·cos, s·sin; then translation 0). */
interface Similarity {
  readonly cx: number
  readonly cy: number
  readonly a: number
  readonly b: number
}

function validShape(lm: ArrayLike<number>, o: number): boolean {
  for (let k = 0; k < SHAPE_DIMS; k++) if (!Number.isFinite(lm[o + k])) return false
  return true
}

/** Centred rigid points of a reference: unit RMS size. */
function centredRigid(lm: ArrayLike<number>, o: number): Float64Array {
  const p = new Float64Array(RIGID_POINTS.length * 2)
  let mx = 0
  let my = 0
  RIGID_POINTS.forEach((k, i) => {
    p[2 * i] = lm[o + 2 * k]
    p[2 * i + 1] = lm[o + 2 * k + 1]
    mx += p[2 * i]
    my += p[2 * i + 1]
  })
  mx /= RIGID_POINTS.length
  my /= RIGID_POINTS.length
  let ss = 0
  for (let i = 0; i < RIGID_POINTS.length; i++) {
    p[2 * i] -= mx
    p[2 * i + 1] -= my
    ss += p[2 * i] ** 2 + p[2 * i + 1] ** 2
  }
  const s = Math.sqrt(ss / RIGID_POINTS.length) || 1
  for (let i = 0; i < p.length; i++) p[i] /= s
  return p
}

/** Least-squares similarity mapping the frame's rigid points onto `ref` (centred, unit size). */
function fitSimilarity(lm: ArrayLike<number>, o: number, ref: Float64Array): Similarity {
  let cx = 0
  let cy = 0
  for (const k of RIGID_POINTS) {
    cx += lm[o + 2 * k]
    cy += lm[o + 2 * k + 1]
  }
  cx /= RIGID_POINTS.length
  cy /= RIGID_POINTS.length
  // With centred x and y (ref): a = Σ(x·y_x + x_y·y_y)/Σ|x|², b = Σ(x·y_y − x_y·y_x)/Σ|x|² (complex least squares).
  let num = 0
  let numB = 0
  let den = 0
  RIGID_POINTS.forEach((k, i) => {
    const x = lm[o + 2 * k] - cx
    const y = lm[o + 2 * k + 1] - cy
    const u = ref[2 * i]
    const v = ref[2 * i + 1]
    num += x * u + y * v
    numB += x * v - y * u
    den += x * x + y * y
  })
  if (den <= 0) return { cx, cy, a: 1, b: 0 }
  return { cx, cy, a: num / den, b: numB / den }
}

function applySimilarity(lm: ArrayLike<number>, o: number, t: Similarity, out: Float64Array, oo: number): void {
  for (let k = 0; k < LANDMARKS; k++) {
    const x = lm[o + 2 * k] - t.cx
    const y = lm[o + 2 * k + 1] - t.cy
    out[oo + 2 * k] = t.a * x - t.b * y
    out[oo + 2 * k + 1] = t.b * x + t.a * y
  }
}

export interface AlignedShapes {
  /** frames × 136, aligned coordinates (reference frame: unit RMS rigid size), NaN rows without a face. */
  readonly aligned: Float64Array
  /** Mean aligned shape over frames with a face (136). */
  readonly mean: Float64Array
  /** Frames with a face. */
  readonly valid: Uint8Array
}

/** Generalised Procrustes on the rigid points; every shape mapped into the common frame. */
export function alignShapes(landmarks: ArrayLike<number>, frames: number): AlignedShapes {
  if (landmarks.length < frames * SHAPE_DIMS) throw new RangeError(`landmarks hold ${landmarks.length} values, expected ${frames}×${SHAPE_DIMS}`)
  const valid = new Uint8Array(frames)
  for (let f = 0; f < frames; f++) valid[f] = validShape(landmarks, f * SHAPE_DIMS) ? 1 : 0
  const aligned = new Float64Array(frames * SHAPE_DIMS).fill(NaN)
  const mean = new Float64Array(SHAPE_DIMS)
  const first = valid.indexOf(1)
  if (first < 0) return { aligned, mean: mean.fill(NaN), valid }
  // Reference: the first face with the eye line made horizontal, then the mean rigid shape (twice).
  let ref = centredRigid(landmarks, first * SHAPE_DIMS)
  const ex = ref[2 * 3] - ref[0]
  const ey = ref[2 * 3 + 1] - ref[1]
  const th = -Math.atan2(ey, ex)
  for (let i = 0; i < RIGID_POINTS.length; i++) {
    const x = ref[2 * i]
    const y = ref[2 * i + 1]
    ref[2 * i] = Math.cos(th) * x - Math.sin(th) * y
    ref[2 * i + 1] = Math.sin(th) * x + Math.cos(th) * y
  }
  for (let iter = 0; iter < 3; iter++) {
    for (let f = 0; f < frames; f++) if (valid[f]) applySimilarity(landmarks, f * SHAPE_DIMS, fitSimilarity(landmarks, f * SHAPE_DIMS, ref), aligned, f * SHAPE_DIMS)
    if (iter === 2) break
    const acc = new Float64Array(SHAPE_DIMS)
    let n = 0
    for (let f = 0; f < frames; f++) {
      if (!valid[f]) continue
      n++
      for (let k = 0; k < SHAPE_DIMS; k++) acc[k] += aligned[f * SHAPE_DIMS + k]
    }
    for (let k = 0; k < SHAPE_DIMS; k++) acc[k] /= n
    ref = centredRigid(acc, 0)
  }
  let n = 0
  for (let f = 0; f < frames; f++) {
    if (!valid[f]) continue
    n++
    for (let k = 0; k < SHAPE_DIMS; k++) mean[k] += aligned[f * SHAPE_DIMS + k]
  }
  for (let k = 0; k < SHAPE_DIMS; k++) mean[k] /= n
  return { aligned, mean, valid }
}

/** Expression features: aligned shape − session mean shape (frames × 136; NaN rows without a face). */
export function shapeFeatures(landmarks: ArrayLike<number>, frames: number): { features: Float64Array; valid: Uint8Array } {
  const { aligned, mean, valid } = alignShapes(landmarks, frames)
  const features = new Float64Array(frames * SHAPE_DIMS).fill(NaN)
  for (let f = 0; f < frames; f++) {
    if (!valid[f]) continue
    for (let k = 0; k < SHAPE_DIMS; k++) features[f * SHAPE_DIMS + k] = aligned[f * SHAPE_DIMS + k] - mean[k]
  }
  return { features, valid }
}

/** Named facial measures computed from an aligned shape (units: the rigid reference's RMS size). */
export const GEOMETRY_NAMES: readonly string[] = [
  'mouth corner lift',
  'mouth width',
  'mouth opening (outer)',
  'mouth opening (inner)',
  'eye opening',
  'brow height',
  'inner brow height',
  'inner brow gap',
  'brow arch',
  'jaw drop',
  'upper lip height',
  'lower lip height'
]

/** frames × GEOMETRY_NAMES.length measures of the aligned shapes (NaN rows without a face). */
export function geometryFeatures(aligned: Float64Array, frames: number): Float64Array {
  const g = GEOMETRY_NAMES.length
  const out = new Float64Array(frames * g).fill(NaN)
  for (let f = 0; f < frames; f++) {
    const o = f * SHAPE_DIMS
    const x = (k: number) => aligned[o + 2 * k]
    const y = (k: number) => aligned[o + 2 * k + 1]
    if (!Number.isFinite(x(0))) continue
    const avgY = (ks: readonly number[]) => ks.reduce((s, k) => s + y(k), 0) / ks.length
    const eyeY = avgY([36, 39, 42, 45])
    const mouthMidY = avgY([51, 57, 62, 66])
    const r = out.subarray(f * g, (f + 1) * g)
    r[0] = mouthMidY - (y(48) + y(54)) / 2
    r[1] = Math.hypot(x(54) - x(48), y(54) - y(48))
    r[2] = y(57) - y(51)
    r[3] = y(66) - y(62)
    r[4] = (y(41) + y(40) - y(37) - y(38) + y(47) + y(46) - y(43) - y(44)) / 4
    r[5] = eyeY - avgY([17, 18, 19, 20, 21, 22, 23, 24, 25, 26])
    r[6] = eyeY - (y(21) + y(22)) / 2
    r[7] = Math.hypot(x(22) - x(21), y(22) - y(21))
    r[8] = (y(17) + y(21) + y(22) + y(26)) / 4 - (y(19) + y(24)) / 2
    r[9] = y(8) - eyeY
    r[10] = y(62) - y(51)
    r[11] = y(57) - y(66)
  }
  return out
}
