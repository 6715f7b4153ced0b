import { describe, expect, it } from 'vitest'
import { faceStretches, faceThreads, MAX_AUTO_FACE_THREADS, MIN_FRAMES_PER_THREAD, suppressBlips } from './face-pass'
import { estimateFrames } from './import-job'

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

describe('face-pass threads', () => {
  it('uses a second thread only when each range has enough frames to earn its model load', () => {
    expect(faceThreads(0)).toBe(1)
    expect(faceThreads(2 * MIN_FRAMES_PER_THREAD - 1)).toBe(1)
    expect(faceThreads(2 * MIN_FRAMES_PER_THREAD)).toBe(2)
    expect(faceThreads(100_000)).toBe(MAX_AUTO_FACE_THREADS)
  })
  it('a forced thread count applies from 100 frames', () => {
    expect(faceThreads(99, 2)).toBe(1)
    expect(faceThreads(100, 2)).toBe(2)
    expect(faceThreads(100_000, 1)).toBe(1)
    expect(faceThreads(100_000, 3)).toBe(3)
  })
  it('estimates the frame count from the container probe to start threads early', () => {
    const v = { index: 0, codec_type: 'video', width: 64, height: 48, avg_frame_rate: '25/1' }
    expect(estimateFrames({ format: {}, streams: [{ ...v, nb_frames: '200' }] })).toBe(200)
    expect(estimateFrames({ format: { duration: '8.04' }, streams: [v] })).toBe(201)
    expect(estimateFrames({ format: {}, streams: [{ index: 0, codec_type: 'audio' }] })).toBe(0)
  })
})
