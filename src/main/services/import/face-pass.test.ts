import { describe, expect, it } from 'vitest'
import { faceStretches, suppressBlips } from './face-pass'

function arrays(present: boolean[]) {
  const n = present.length
  const confidence = Float32Array.from(present, (p) => (p ? 0.9 : Number.NaN))
  const landmarks = new Float32Array(n * 136)
  const boxes = new Float32Array(n * 4)
  present.forEach((p, i) => {
    if (!p) {
      landmarks.fill(Number.NaN, i * 136, (i + 1) * 136)
      boxes.fill(Number.NaN, i * 4, (i + 1) * 4)
    } else landmarks.fill(i + 1, i * 136, (i + 1) * 136)
  })
  return { confidence, landmarks, boxes }
}

describe('face runs', () => {
  it('lists stretches with and without a face', () => {
    expect(faceStretches(arrays([true, true, false, true]).confidence)).toEqual([
      [0, 2, true],
      [2, 3, false],
      [3, 4, true]
    ])
  })
  it('removes short isolated detections and keeps real runs', () => {
    const p = [...Array(10).fill(true), ...Array(5).fill(false), true, true, ...Array(5).fill(false), ...Array(6).fill(true)]
    const a = arrays(p)
    expect(suppressBlips(a, 5)).toBe(2)
    expect(faceStretches(a.confidence)).toEqual([
      [0, 10, true],
      [10, 22, false],
      [22, 28, true]
    ])
    expect(Number.isNaN(a.landmarks[15 * 136])).toBe(true)
    expect(a.landmarks[22 * 136]).toBe(23)
  })
  it('keeps a video that is shorter than the minimum run', () => {
    const a = arrays([true, true])
    expect(suppressBlips(a, 5)).toBe(0)
  })
})
