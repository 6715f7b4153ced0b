import { describe, expect, it } from 'vitest'
import { affectMetrics, epochTrainFrames, flipCropsRandomly, gatherCrops, minEpochTrainFrames, strided, subjectMetrics } from './frame-set'
import { syntheticSet } from './test-fixtures'

describe('frame sets', () => {
  it('flipCropsRandomly mirrors about half the crops left–right, seeded, and leaves the others untouched', () => {
    const size = 5
    const count = 200
    const src = Uint8Array.from({ length: count * size * size * 3 }, (_, i) => (i * 37) % 251)
    const buf = src.slice()
    const flipped = flipCropsRandomly(buf, count, size, 7)
    expect(flipped).toEqual(flipCropsRandomly(src.slice(), count, size, 7))
    expect(flipped).not.toEqual(flipCropsRandomly(src.slice(), count, size, 8))
    const n = flipped.filter(Boolean).length
    expect(n).toBeGreaterThan(70)
    expect(n).toBeLessThan(130)
    const px = (b: Uint8Array, j: number, y: number, x: number, ch: number) => b[((j * size + y) * size + x) * 3 + ch]
    for (let j = 0; j < count; j++) {
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          for (let ch = 0; ch < 3; ch++) expect(px(buf, j, y, x, ch)).toBe(px(src, j, y, flipped[j] ? size - 1 - x : x, ch))
        }
      }
    }
  })

  it('gathers crops and strides frame indices', () => {
    const s = syntheticSet(6, 1)
    const fb = s.size * s.size * 3
    const g = gatherCrops(s, [4, 1])
    expect(Array.from(g.subarray(0, fb))).toEqual(Array.from(s.crops.subarray(4 * fb, 5 * fb)))
    expect(Array.from(g.subarray(fb))).toEqual(Array.from(s.crops.subarray(fb, 2 * fb)))
    expect(strided(7, 3)).toEqual([0, 3, 6])
  })

  it('cycles the stride offset over epochs so that S epochs cover every frame once', () => {
    for (const [count, stride] of [[10, 4], [12, 4], [7, 1], [9, 3], [5, 8]] as const) {
      const seen: number[] = []
      for (let e = 1; e <= stride; e++) {
        const f = epochTrainFrames(count, stride, e, true)
        expect(f.length).toBeGreaterThanOrEqual(minEpochTrainFrames(count, stride, true))
        seen.push(...f)
      }
      expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i))
      // The next cycle repeats the first; without cycling every epoch is the fixed subset.
      expect(epochTrainFrames(count, stride, stride + 1, true)).toEqual(epochTrainFrames(count, stride, 1, true))
      expect(epochTrainFrames(count, stride, 3, false)).toEqual(strided(count, stride))
      expect(minEpochTrainFrames(count, stride, false)).toBe(strided(count, stride).length)
    }
    expect(epochTrainFrames(10, 4, 2, true)).toEqual([1, 5, 9])
    expect(epochTrainFrames(10, 4, 4, true)).toEqual([3, 7])
    expect(minEpochTrainFrames(10, 4, true)).toBe(2)
    expect(minEpochTrainFrames(3, 4, true)).toBe(0)
  })

  it('per-subject metrics: the frames of each subject alone, with the mean bias; none without a subject index', () => {
    const base = syntheticSet(12, 4)
    // Frames 0-5 are subject "B", 6-11 subject "A"; predictions are labels + 1 (V) and 0.5·labels (A) for A,
    // labels − 2 (V) and labels (A) for B.
    const set = { ...base, subjects: { names: ['B', 'A'], of: Uint16Array.from({ length: 12 }, (_, i) => (i < 6 ? 0 : 1)) } }
    const idx = [0, 2, 4, 6, 8, 10, 11]
    const pv = Float32Array.from(idx, (f) => set.valence[f] + (f < 6 ? -2 : 1))
    const pa = Float32Array.from(idx, (f) => (f < 6 ? set.arousal[f] : 0.5 * set.arousal[f]))
    const gv = Float32Array.from(idx, (f) => set.valence[f])
    const ga = Float32Array.from(idx, (f) => set.arousal[f])
    const m = subjectMetrics(pv, pa, gv, ga, set, idx)
    expect(Object.keys(m).sort()).toEqual(['A', 'B'])
    expect(m.B.n).toBe(3)
    expect(m.A.n).toBe(4)
    expect(m.B.bias_v).toBeCloseTo(-2, 5)
    expect(m.A.bias_v).toBeCloseTo(1, 5)
    expect(m.B.bias_a).toBeCloseTo(0, 5)
    expect(m.B.pcc_v).toBeCloseTo(1, 5)
    // The same numbers as affectMetrics on that subject's rows alone.
    const a = affectMetrics(pv, pa, gv, ga, [3, 4, 5, 6])
    for (const k of Object.keys(a)) expect(m.A[k]).toBeCloseTo(a[k], 6)
    expect(subjectMetrics(pv, pa, gv, ga, base, idx)).toEqual({})
  })
})
