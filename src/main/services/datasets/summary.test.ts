import { describe, expect, it } from 'vitest'
import { binOf, SummaryBuilder, vaHistogram } from './summary'

describe('binOf', () => {
  it('splits [-1, 1] into equal bins, edges to the upper bin, +1 and beyond to the last, below -1 to the first', () => {
    expect([-1, -0.95, -0.9, -0.05, 0, 0.05, 0.9, 0.99, 1, 3, -7].map((x) => binOf(x, 20))).toEqual([0, 0, 1, 9, 10, 10, 19, 19, 19, 19, 0])
    expect([-1, -0.5, 0, 0.5, 1].map((x) => binOf(x, 4))).toEqual([0, 1, 2, 3, 3])
  })
})

describe('vaHistogram', () => {
  it('counts known points into arousal-major bins and skips missing values', () => {
    // 4×4 bins of width 0.5: (v, a) = (-0.9, -0.9) → a0 v0; (0.1, 0.6) → a3 v2 twice; (0.99, -0.2) → a1 v3.
    const h = vaHistogram([-0.9, 0.1, 0.1, 0.99, NaN, 0.3], [-0.9, 0.6, 0.6, -0.2, 0.5, NaN], 4)
    expect(h.total).toBe(4)
    expect(h.max).toBe(2)
    const at = (a: number, v: number) => h.counts[a * 4 + v]
    expect(at(0, 0)).toBe(1)
    expect(at(3, 2)).toBe(2)
    expect(at(1, 3)).toBe(1)
    expect(h.counts.reduce((p, q) => p + q, 0)).toBe(4)
  })
})

describe('SummaryBuilder', () => {
  it('scales by the format range, computes coverage, faces and per-subject means', () => {
    const b = new SummaryBuilder(10, 4)
    const lm = (faces: boolean[]) => Float32Array.from(faces.flatMap((f) => new Array<number>(136).fill(f ? 5 : NaN)))
    b.add({ clipId: 'c1', subjectId: 'B', valence: [10, -10, NaN], arousal: [5, 5, 5], landmarks: lm([true, false, true]) })
    b.add({ clipId: 'c2', subjectId: 'A', valence: [2, 4], arousal: [-2, -4], landmarks: lm([true, true]) })
    b.add({ clipId: 'c3', subjectId: 'B', valence: [NaN], arousal: [NaN], landmarks: lm([false]) })
    const s = b.finish({ fps: 10, frameCheck: 'manifest' })
    expect(s.frames).toBe(6)
    expect(s.labelled).toBe(4)
    expect(s.clips.map((c) => [c.clipId, c.labelled, c.withFace, c.meanValence, c.meanArousal])).toEqual([
      ['c1', 2, 2, 0, 0.5],
      ['c2', 2, 2, 0.3, -0.3],
      ['c3', 0, 0, null, null]
    ])
    expect(s.subjects.map((x) => [x.subjectId, x.clipIds, x.frames, x.labelled, x.meanValence, x.meanArousal])).toEqual([
      ['A', ['c2'], 2, 2, 0.3, -0.3],
      ['B', ['c1', 'c3'], 4, 2, 0, 0.5]
    ])
    expect(s.histogram.total).toBe(4)
    // v = +1, a = 0.5 → a bin 3, v bin 3; v = -1, a = 0.5 → a3 v0; (0.2, -0.2) → a1 v2; (0.4, -0.4) → a1 v2
    expect(s.histogram.counts[3 * 4 + 3]).toBe(1)
    expect(s.histogram.counts[3 * 4 + 0]).toBe(1)
    expect(s.histogram.counts[1 * 4 + 2]).toBe(2)
    expect(s.warnings).toEqual(['c3: no labelled frame'])
  })
})
