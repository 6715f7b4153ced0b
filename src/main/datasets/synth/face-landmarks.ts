import {
  browPoint,
  computeLayout,
  DEPTH,
  eyeCentreU,
  jawPoint,
  lowerInnerLip,
  lowerLid,
  lowerOuterLip,
  mouthMid,
  projectX,
  projectY,
  upperInnerLip,
  upperLid,
  upperOuterLip,
  type FaceLayout
} from './face-geometry'
import type { FaceParams } from './face-types'

/** Number of iBUG landmarks. */
export const LANDMARK_COUNT = 68

function put(out: Float32Array, i: number, L: FaceLayout, u: number, v: number, z: number): void {
  out[2 * i] = projectX(L, u, v, z)
  out[2 * i + 1] = projectY(L, u, v, z)
}

/** Writes the 68 iBUG points of layout `L` into `out` (x, y pairs, 0-based pixel coordinates). */
export function landmarksFromLayout(L: FaceLayout, out: Float32Array = new Float32Array(LANDMARK_COUNT * 2)): Float32Array {
  // 0-16 jaw, image-left → chin → image-right.
  for (let k = 0; k < 17; k++) {
    const [u, v] = jawPoint(L, k)
    put(out, k, L, u, v, DEPTH.head)
  }
  // 17-21 image-left brow (outer → inner), 22-26 image-right brow (inner → outer).
  for (let k = 0; k < 5; k++) {
    const [u1, v1] = browPoint(L, -1, 1 - k / 4)
    put(out, 17 + k, L, u1, v1, DEPTH.brows)
    const [u2, v2] = browPoint(L, 1, k / 4)
    put(out, 22 + k, L, u2, v2, DEPTH.brows)
  }
  // 27-30 nose bridge, 31-35 nose base (image-left → image-right).
  const n = L.nose
  for (let k = 0; k < 4; k++) put(out, 27 + k, L, 0, n.top + ((n.tip - n.top) * k) / 3, DEPTH.nose)
  const baseV = n.tip + 0.07
  const baseU = [-0.75, -0.4, 0, 0.4, 0.75]
  const baseDv = [-0.015, 0.005, 0.015, 0.005, -0.015]
  for (let k = 0; k < 5; k++) put(out, 31 + k, L, baseU[k] * n.halfWidth, baseV + baseDv[k], DEPTH.nose)
  // 36-41 image-left eye, 42-47 image-right eye: corner, two upper, corner, two lower.
  const hw = L.eye.halfWidth
  const sUpper = [-1, -1 / 3, 1 / 3, 1]
  const sLower = [1 / 3, -1 / 3]
  for (let e = 0; e < 2; e++) {
    const side = e === 0 ? -1 : 1
    const cu = eyeCentreU(L, side)
    const base = 36 + e * 6
    for (let k = 0; k < 4; k++) put(out, base + k, L, cu + sUpper[k] * hw, upperLid(L, sUpper[k]), DEPTH.eyes)
    for (let k = 0; k < 2; k++) put(out, base + 4 + k, L, cu + sLower[k] * hw, lowerLid(L, sLower[k]), DEPTH.eyes)
  }
  // 48-59 outer lips, 60-67 inner lips.
  const mw = L.mouth.halfWidth
  put(out, 48, L, -mw, mouthMid(L, -1), DEPTH.mouth)
  const sUp = [-0.62, -0.26, 0, 0.26, 0.62]
  for (let k = 0; k < 5; k++) put(out, 49 + k, L, sUp[k] * mw, upperOuterLip(L, sUp[k]), DEPTH.mouth)
  put(out, 54, L, mw, mouthMid(L, 1), DEPTH.mouth)
  const sLo = [0.62, 0.3, 0, -0.3, -0.62]
  for (let k = 0; k < 5; k++) put(out, 55 + k, L, sLo[k] * mw, lowerOuterLip(L, sLo[k]), DEPTH.mouth)
  const si = 0.9
  put(out, 60, L, -si * mw, mouthMid(L, -si), DEPTH.mouth)
  const sIn = [-0.4, 0, 0.4]
  for (let k = 0; k < 3; k++) put(out, 61 + k, L, sIn[k] * mw, upperInnerLip(L, sIn[k]), DEPTH.mouth)
  put(out, 64, L, si * mw, mouthMid(L, si), DEPTH.mouth)
  for (let k = 0; k < 3; k++) put(out, 65 + k, L, -sIn[k] * mw, lowerInnerLip(L, -sIn[k]), DEPTH.mouth)
  return out
}

/** The 68 iBUG landmarks of the face `renderFace(params, width, height)` draws, as x,y pairs in pixels. */
export function faceLandmarks68(params: FaceParams, width: number, height: number): Float32Array {
  return landmarksFromLayout(computeLayout(params, width, height))
}
