import { describe, expect, it } from 'vitest'
import type { Point2 } from '../../datasets/landmarks'
import type { RgbImage } from '../human-detector'
import { evaluateTracker, itemErrors, runSequence, runStills, summariseErrors, suiteSize, type EvalSequence } from './tracker-eval'
import type { SequenceTracker, TrackStep } from './types'

/** A 68-point shape: box 100 × 64 (√(w·h) = 80), outer eye corners (36, 45) 50 px apart. */
function shape(dx = 0, dy = 0): Point2[] {
  const p: Point2[] = Array.from({ length: 68 }, (_, k): Point2 => [10 + (k % 10) * 10, 20 + Math.floor(k / 10) * 8])
  p[0] = [10, 20]
  p[67] = [110, 84]
  p[36] = [30, 40]
  p[45] = [80, 40]
  return p.map(([x, y]): Point2 => [x + dx, y + dy])
}
const img: RgbImage = { data: new Uint8Array(3 * 4 * 4), width: 4, height: 4 }
const shift = (p: readonly Point2[], dx: number, dy: number): Point2[] => p.map(([x, y]): Point2 => [x + dx, y + dy])

/** Answers each call with the next prepared prediction. */
function scripted(preds: Array<Point2[] | null>, seen: Array<{ points?: readonly Point2[]; box?: unknown }> = []): SequenceTracker {
  let i = 0
  const next = (): TrackStep => {
    const p = preds[i++] ?? null
    return { points: p, box: null, pFace: 1, reinitialised: false }
  }
  return { id: 'scripted', init: async (_f, from) => (seen.push(from), next()), step: async () => next(), dispose: () => undefined }
}

describe('tracker evaluation numbers', () => {
  it('NME by box and inter-ocular distance as computed by hand; a miss is NaN', () => {
    const gt = shape()
    const e = itemErrors(shift(gt, 3, 4), gt) // 5 px per point
    expect(e.box).toBeCloseTo(5 / 80, 10)
    expect(e.io).toBeCloseTo(5 / 50, 10)
    expect(itemErrors(null, gt)).toEqual({ box: NaN, io: NaN })
  })

  it('summary: means over predictions, failures and AUC over all items (misses fail)', () => {
    // box errors 0.02, 0.04, 0.10 and a miss; AUC@0.08 = (1/4)·((1 − 0.02/0.08) + (1 − 0.04/0.08)) = 0.3125
    const s = summariseErrors([0.02, 0.04, 0.1, NaN], [0.01, 0.09, 0.2, NaN])
    expect(s.meanBox).toBeCloseTo(0.16 / 3, 10)
    expect(s.failureBox).toBeCloseTo(2 / 4, 10)
    expect(s.aucBox).toBeCloseTo(0.3125, 2)
    expect(s.failureIo).toBeCloseTo(3 / 4, 10)
    expect(s.aucIo).toBeCloseTo((1 - 0.01 / 0.08) / 4, 2)
    expect(s.threshold).toBe(0.08)
    expect(Number.isNaN(summariseErrors([NaN], [NaN]).meanBox)).toBe(true)
  })

  it('stills: init from the GT box alone (no points); sequences: init from GT on frame 0, frame 0 not scored', async () => {
    const gt = shape()
    const seen: Array<{ points?: readonly Point2[]; box?: unknown }> = []
    const r = await runStills(scripted([shift(gt, 3, 4), null], seen), [
      { id: 'a', image: img, points: gt },
      { id: 'b', image: img, points: gt }
    ])
    expect(seen[0].points).toBeUndefined()
    expect(seen[0].box).toEqual([10, 20, 100, 64])
    expect(r.box[0]).toBeCloseTo(5 / 80, 10)
    expect(Number.isNaN(r.box[1])).toBe(true)

    const n = 4
    const landmarks = new Float32Array(n * 136)
    for (let i = 0; i < n; i++) landmarks.set(shape(i, 0).flat(), i * 136)
    landmarks.fill(NaN, 2 * 136, 3 * 136) // frame 2: no ground truth
    const seq: EvalSequence = { id: 's', frames: [img, img, img, img], landmarks, degraded: Uint8Array.from([0, 0, 0, 1]) }
    const seen2: Array<{ points?: readonly Point2[] }> = []
    // init answer (ignored), frame 1: exact, frame 2: skipped, frame 3: 6-px error along x
    const q = await runSequence(scripted([shape(0, 0), shape(1, 0), shape(2, 0), shape(3 + 6, 0)], seen2), seq)
    expect(seen2[0].points).toEqual(shape(0, 0))
    expect(q.box).toHaveLength(2)
    expect(q.box[0]).toBeCloseTo(0, 10)
    expect(q.box[1]).toBeCloseTo(6 / 80, 10)
    expect(q.degraded).toEqual([false, true])
  })

  it('suite: one set per still set, sequence sets split into clean / degraded frames', async () => {
    const gt = shape()
    const landmarks = new Float32Array(3 * 136)
    for (let i = 0; i < 3; i++) landmarks.set(gt.flat(), i * 136)
    const seq: EvalSequence = { id: 's', frames: [img, img, img], landmarks, degraded: Uint8Array.from([0, 0, 1]) }
    const suite = { stills: [{ name: 'gt-stills', items: [{ id: 'a', image: img, points: gt }] }], sequences: [{ name: 'synthetic', category: null, items: [seq], splitDegraded: true }] }
    expect(suiteSize(suite)).toBe(3)
    const sets = await evaluateTracker(scripted([gt, gt, shift(gt, 8, 0), null]), suite)
    expect(sets.map((s) => [s.name, s.category, s.count])).toEqual([
      ['gt-stills', null, 1],
      ['synthetic-clean', 'clean', 1],
      ['synthetic-degraded', 'degraded', 1]
    ])
    expect(sets[0].summary.meanBox).toBe(0)
    expect(sets[1].nmeBox[0]).toBeCloseTo(8 / 80, 10)
    expect(sets[1].summary.failureBox).toBe(1)
    expect(Number.isNaN(sets[2].nmeBox[0])).toBe(true)
  })
})
