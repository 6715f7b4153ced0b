import { describe, expect, it } from 'vitest'
import { faceLandmarks68 } from '../../../datasets/synth/face-landmarks'
import { makeFaceIdentity } from '../../../datasets/synth/face-types'
import { alignShapes, geometryFeatures, GEOMETRY_NAMES, shapeFeatures, SHAPE_DIMS } from './landmark-features'

const identity = makeFaceIdentity(11)
const pose = { yaw: 0, roll: 0, tx: 0, ty: 0 }
/** Faces with different expressions (V, A), all frontal and centred. */
const EXPRESSIONS: Array<[number, number]> = [
  [0, 0],
  [0.8, 0.2],
  [-0.7, 0.5],
  [0.1, -0.8],
  [-0.3, -0.2],
  [0.5, 0.9]
]

function shapes(): Float32Array {
  const out = new Float32Array(EXPRESSIONS.length * SHAPE_DIMS)
  EXPRESSIONS.forEach(([valence, arousal], f) => out.set(faceLandmarks68({ identity, valence, arousal, speech: 0, blink: 0, pose }, 256, 256), f * SHAPE_DIMS))
  return out
}

/** Moves, scales and rotates every frame differently (a head moving in the image plane and towards the camera). */
function similarity(src: Float32Array): Float32Array {
  const out = new Float32Array(src.length)
  for (let f = 0; f < src.length / SHAPE_DIMS; f++) {
    const s = 0.6 + 0.35 * f
    const th = -0.4 + 0.17 * f
    const tx = 30 - 11 * f
    const ty = -20 + 7 * f
    for (let k = 0; k < 68; k++) {
      const x = src[f * SHAPE_DIMS + 2 * k]
      const y = src[f * SHAPE_DIMS + 2 * k + 1]
      out[f * SHAPE_DIMS + 2 * k] = s * (Math.cos(th) * x - Math.sin(th) * y) + tx
      out[f * SHAPE_DIMS + 2 * k + 1] = s * (Math.sin(th) * x + Math.cos(th) * y) + ty
    }
  }
  return out
}

describe('completion face-shape features', () => {
  it('are invariant to per-frame translation, scale and in-plane rotation', () => {
    const n = EXPRESSIONS.length
    const plain = shapeFeatures(shapes(), n).features
    const moved = shapeFeatures(similarity(shapes()), n).features
    let maxDiff = 0
    let maxAbs = 0
    for (let i = 0; i < plain.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(plain[i] - moved[i]))
      maxAbs = Math.max(maxAbs, Math.abs(plain[i]))
    }
    expect(maxAbs).toBeGreaterThan(0.05) // expressions do differ
    expect(maxDiff).toBeLessThan(1e-4 * maxAbs)
    const g1 = geometryFeatures(alignShapes(shapes(), n).aligned, n)
    const g2 = geometryFeatures(alignShapes(similarity(shapes()), n).aligned, n)
    for (let i = 0; i < g1.length; i++) expect(g2[i]).toBeCloseTo(g1[i], 5)
  })

  it('keep expression: a smile lifts the mouth corners, arousal opens the eyes and raises the brows', () => {
    const n = EXPRESSIONS.length
    const g = geometryFeatures(alignShapes(similarity(shapes()), n).aligned, n)
    const at = (f: number, name: string) => g[f * GEOMETRY_NAMES.length + GEOMETRY_NAMES.indexOf(name)]
    expect(at(1, 'mouth corner lift')).toBeGreaterThan(at(0, 'mouth corner lift')) // V +0.8 vs neutral
    expect(at(2, 'mouth corner lift')).toBeLessThan(at(0, 'mouth corner lift')) // V −0.7
    expect(at(5, 'eye opening')).toBeGreaterThan(at(3, 'eye opening')) // A +0.9 vs −0.8
    expect(at(5, 'brow height')).toBeGreaterThan(at(3, 'brow height'))
  })

  it('give NaN rows for frames without a face and leave the others alone', () => {
    const n = EXPRESSIONS.length
    const lm = similarity(shapes())
    lm.fill(NaN, 2 * SHAPE_DIMS, 3 * SHAPE_DIMS)
    lm[4 * SHAPE_DIMS + 7] = NaN // one missing point is a missing face
    const { features, valid } = shapeFeatures(lm, n)
    expect(Array.from(valid)).toEqual([1, 1, 0, 1, 0, 1])
    expect(features.subarray(2 * SHAPE_DIMS, 3 * SHAPE_DIMS).every(Number.isNaN)).toBe(true)
    expect(features.subarray(0, SHAPE_DIMS).every(Number.isFinite)).toBe(true)
    expect(shapeFeatures(new Float32Array(2 * SHAPE_DIMS).fill(NaN), 2).features.every(Number.isNaN)).toBe(true)
    expect(() => shapeFeatures(new Float32Array(10), 2)).toThrow(RangeError)
  })
})
