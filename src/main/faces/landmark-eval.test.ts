import { describe, expect, it } from 'vitest'
import { toZeroBased, type Point2 } from '../datasets/landmarks'
import { aucAt, boxSize, cedCsv, evaluateLandmarks, interocularDistance, nme } from './landmark-eval'

const gt: Point2[] = Array.from({ length: 68 }, (_, i) => [10 + (i % 10) * 10, 20 + Math.floor(i / 10) * 10])
gt[36] = [0, 50]
gt[45] = [100, 50]

describe('landmark-eval', () => {
  it('normalises by outer eye corners (37/46 1-based) and by sqrt(w*h)', () => {
    expect(interocularDistance(gt)).toBe(100)
    expect(boxSize(gt)).toBeCloseTo(Math.sqrt(100 * 60))
    const shifted = gt.map(([x, y]) => [x + 3, y + 4] as Point2)
    expect(nme(shifted, gt, 100)).toBeCloseTo(0.05)
    expect(nme(shifted, gt, 100, 17)).toBeCloseTo(0.05)
  })
  it('a 1-based vs 0-based mix-up shows as a 1.41-px bias; converting removes it', () => {
    const oneBased = gt.map(([x, y]) => [x + 1, y + 1] as Point2)
    expect(nme(oneBased, gt, 100)).toBeCloseTo(Math.SQRT2 / 100)
    expect(nme(toZeroBased(oneBased, 1), gt, 100)).toBe(0)
  })
  it('keeps misses apart, computes AUC/FR and a CED csv', () => {
    const r = evaluateLandmarks([
      { id: 'a', gt, pred: gt },
      { id: 'b', gt, pred: gt.map(([x, y]) => [x + 10, y] as Point2) },
      { id: 'c', gt, pred: null }
    ])
    expect(r.summary.misses).toEqual(['c'])
    expect(r.summary.detected).toBe(2)
    expect(r.summary.mean?.interocular.all68).toBeCloseTo(0.05)
    expect(r.summary.failureRate.interocular).toBe(0.5)
    expect(r.summary.missRate).toBeCloseTo(1 / 3)
    // one perfect item of three: AUC 1/3 (the 0.1 error never counts below 0.08; the miss never counts)
    expect(r.summary.auc.interocular).toBeCloseTo(1 / 3, 2)
    expect(aucAt([0], 1)).toBeCloseTo(1, 2)
    const csv = cedCsv(r).trim().split('\n')
    expect(csv[0]).toBe('threshold,interocular_68,box_68')
    expect(csv.length).toBe(82)
  })
})
