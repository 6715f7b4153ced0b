import { describe, expect, it } from 'vitest'
import { binaryF1, multiClassF1, multiLabelF1 } from './f1'

describe('binaryF1', () => {
  it('counts TP / FP / FN and skips frames without gold or prediction', () => {
    //          tp  fp  fn  tn  skip(gold −1)  skip(pred NaN)
    const pred = [1, 1, 0, 0, 1, NaN]
    const gold = [1, 0, 1, 0, -1, 1]
    const r = binaryF1(pred, gold)
    expect(r).toMatchObject({ tp: 1, fp: 1, fn: 1, n: 4, support: 2 })
    expect(r.f1).toBeCloseTo(2 / 4, 12)
  })
  it('is 0 (not NaN) when the label never occurs and is never predicted, as scikit-learn with zero_division → 0', () => {
    expect(binaryF1([0, 0, 0], [0, 0, 0]).f1).toBe(0)
    expect(binaryF1([1, 1], [1, 1]).f1).toBe(1)
  })
  it('refuses series of different lengths', () => {
    expect(() => binaryF1([1], [1, 0])).toThrow(RangeError)
  })
})

describe('multiLabelF1', () => {
  it('averages per-label F1 over all labels, and over the present ones separately', () => {
    // 3 labels × 4 frames; label 2 never occurs and is never predicted.
    const gold = [1, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0]
    const pred = [1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0]
    const r = multiLabelF1(pred, gold, 3)
    // label 0: tp 2, fn 1 → 4/5; label 1: tp 1, fp 1, fn 1 → 1/2; label 2: never → 0.
    expect(r.perClass.map((c) => c.f1)).toEqual([0.8, 0.5, 0])
    expect(r.macro).toBeCloseTo(1.3 / 3, 12)
    expect(r.macroPresent).toBeCloseTo(0.65, 12)
    expect(r.n).toBe(4)
  })
  it('drops a frame whose gold row has a missing mark (ABAW −1)', () => {
    const r = multiLabelF1([1, 1, 0, 0], [1, 1, -1, -1], 2)
    expect(r.n).toBe(1)
    expect(r.perClass.map((c) => c.f1)).toEqual([1, 1])
  })
})

describe('multiClassF1', () => {
  it('one-vs-rest F1 per class, unweighted mean over every class', () => {
    const gold = [0, 0, 1, 1, 2, -1]
    const pred = [0, 1, 1, 1, 0, 2]
    const r = multiClassF1(pred, gold, 3)
    // class 0: tp 1, fp 1 (frame 4), fn 1 (frame 1) → 0.5; class 1: tp 2, fp 1 → 0.8; class 2: fn 1 → 0.
    expect(r.perClass.map((c) => c.f1)).toEqual([0.5, 0.8, 0])
    expect(r.macro).toBeCloseTo(1.3 / 3, 12)
    expect(r.n).toBe(5)
  })
  it('is 1 for a perfect prediction and 0.1 for a constant guess of class 0', () => {
    const gold = [0, 1, 2, 3, 0, 1, 2, 3]
    expect(multiClassF1(gold, gold, 4).macro).toBe(1)
    // Always class 0: class 0 has precision 2/8, recall 1 → F1 = 0.4; other classes 0.
    expect(multiClassF1(new Array(8).fill(0), gold, 4).macro).toBeCloseTo(0.1, 12)
  })
})
