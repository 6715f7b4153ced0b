import { describe, expect, it } from 'vitest'
import type { Point2 } from '../../datasets/landmarks'
import type { FrameDetector } from '../../faces/face-tracker'
import type { MeshFace, Point3, RgbImage } from '../../faces/human-detector'
import type { SequenceTracker, TrackerInit, TrackStep } from '../../faces/trackers/types'
import type { RgbFrame } from '../../media/frame-reader'
import { trackWithSequenceTracker } from './tracker-face-pass'

const frame = (index: number): RgbFrame => ({ index, data: new Uint8Array(64 * 48 * 3), width: 64, height: 48 })

async function* frames(n: number): AsyncGenerator<RgbFrame> {
  for (let i = 0; i < n; i++) yield frame(i)
}

function mesh(cx: number): Point3[] {
  return Array.from({ length: 468 }, (_, k) => [cx + (k % 10), 20 + Math.floor(k / 47), 0] as Point3)
}

/** A detector that sees a face on the frames in `faceOn` (two faces: a small off-centre one and the main one). */
function detector(faceOn: (i: number) => boolean, calls: number[]): FrameDetector {
  return {
    async detect(img: RgbImage & { index?: number }) {
      const i = (img as RgbFrame).index
      calls.push(i)
      if (!faceOn(i)) return []
      const small: MeshFace = { box: [0, 0, 4, 4], score: 0.9, boxScore: 0.9, faceScore: 0.9, mesh: mesh(0) }
      const main: MeshFace = { box: [20, 10, 24, 24], score: 0.9, boxScore: 0.9, faceScore: 0.9, mesh: mesh(27) }
      return [small, main]
    }
  }
}

/** A tracker that loses the face on the frames in `loseOn`. */
function fakeTracker(loseOn: (i: number) => boolean, log: string[]): SequenceTracker {
  let i = -1
  const pts: Point2[] = Array.from({ length: 68 }, (_, k) => [30 + (k % 5), 20 + (k % 7)])
  const ok = (pFace: number, reinitialised: boolean): TrackStep => ({ points: pts, box: [30, 20, 4, 6], pFace, reinitialised })
  return {
    id: 'dcrt:run-x',
    async init(f: RgbImage, from: TrackerInit) {
      i = (f as RgbFrame).index
      log.push(`init ${i} ${from.points?.length ?? 0}pts x0=${Math.round(from.points?.[0][0] ?? -1)}`)
      return ok(0.8, false)
    },
    async step(f: RgbImage) {
      i = (f as RgbFrame).index
      log.push(`step ${i}`)
      return loseOn(i) ? { points: null, box: null, pFace: 0.1, reinitialised: true } : ok(0.7, i === 6)
    },
    dispose() {
      log.push('dispose')
    }
  }
}

describe('trackWithSequenceTracker', () => {
  it('starts from the most salient detected face, steps the tracker, and re-detects (strided) after a loss', async () => {
    const calls: number[] = []
    const log: string[] = []
    const det = detector((i) => i >= 2 && i !== 9, calls)
    const out = []
    for await (const r of trackWithSequenceTracker(fakeTracker((i) => i === 8, log), det, frames(13), { idleStride: 3 })) out.push(r)
    expect(out.map((r) => r.index)).toEqual([...Array(13).keys()])
    // Idle detector on frames 0 and 3 (stride 3); the face found on 3; lost on 8 → detector at once on 8 (face), …
    expect(calls).toEqual([0, 3, 8])
    expect(log.filter((l) => l.startsWith('init'))).toHaveLength(2)
    // The init points are the main face's mesh mapped to 68 points (the central face, not the small one at x 0..9).
    expect(Number(/x0=(-?\d+)/.exec(log[0])?.[1])).toBeGreaterThan(20)
    expect(out.map((r) => (r.main ? 1 : 0))).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
    expect(out.map((r) => r.redetected)).toEqual([true, false, false, true, false, false, true, false, true, false, false, false, false])
    expect(out[4].main?.confidence).toBe(0.7)
    expect(out[4].main?.points).toHaveLength(68)
    expect(out.every((r) => r.others.length === 0)).toBe(true)
  })

  it('stops at once when aborted', async () => {
    const ac = new AbortController()
    const log: string[] = []
    const out = []
    for await (const r of trackWithSequenceTracker(fakeTracker(() => false, log), detector(() => true, []), frames(50), { signal: ac.signal })) {
      out.push(r)
      if (out.length === 3) ac.abort()
    }
    expect(out).toHaveLength(3)
  })
})
