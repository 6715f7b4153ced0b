import { describe, expect, it } from 'vitest'
import { formatGateShift, gateShift, type FrameCondition } from './gate-shift'

const C: FrameCondition = 'clean'
const V: FrameCondition = 'video-degraded'
const A: FrameCondition = 'audio-degraded'
const B: FrameCondition = 'both'

// clean 0.5/0.6/0.7 (mean 0.6, SD 0.1); video 0.2/0.3/0.4 (0.3); audio 0.8/0.9/1.0 (0.9); both 0.5.
// One clean frame without ZG and one frame without a condition are excluded.
const zg = [0.5, 0.6, 0.7, 0.2, 0.3, 0.4, 0.8, 0.9, 1.0, 0.5, NaN, 0.1]
const cond = [C, C, C, V, V, V, A, A, A, B, C, null]

describe('gateShift', () => {
  const r = gateShift(zg, cond)

  it('means per condition, with exclusions counted', () => {
    expect(r.byCondition.clean.n).toBe(3)
    expect(r.byCondition.clean.mean).toBeCloseTo(0.6, 12)
    expect(r.byCondition['video-degraded'].mean).toBeCloseTo(0.3, 12)
    expect(r.byCondition['audio-degraded'].mean).toBeCloseTo(0.9, 12)
    expect(r.byCondition.both.n).toBe(1)
    expect(r.nMissingGate).toBe(1)
    expect(r.nMissingCondition).toBe(1)
    expect(r.nFrames).toBe(12)
  })

  it("effect sizes vs clean: d = ∓3, Cliff's δ = ∓1; both: d = −1, δ = −2/3", () => {
    const [v, a, b] = r.comparisons
    expect(v.condition).toBe('video-degraded')
    expect(v.meanDifference).toBeCloseTo(-0.3, 12)
    expect(v.cohensD.value).toBeCloseTo(-3, 10)
    expect(v.cliffsDelta.value).toBe(-1)
    expect(a.cohensD.value).toBeCloseTo(3, 10)
    expect(a.cliffsDelta.value).toBe(1)
    expect(b.cohensD.value).toBeCloseTo(-1, 10)
    expect(b.cliffsDelta.value).toBeCloseTo(-2 / 3, 15)
  })

  it('passes the acceptance check: lower with video degraded, higher with audio degraded', () => {
    expect(r.verdict).toEqual({ videoDegradedLower: true, audioDegradedHigher: true, passed: true, reason: null })
  })

  it('fails when the gate moves the wrong way', () => {
    const swapped = cond.map((c) => (c === V ? A : c === A ? V : c))
    const s = gateShift(zg, swapped)
    expect(s.verdict.passed).toBe(false)
    expect(s.verdict.videoDegradedLower).toBe(false)
  })

  it('is undecidable, not a crash, when a condition has no frames', () => {
    const s = gateShift([0.5, 0.6, 0.9], [C, C, A])
    expect(s.verdict.videoDegradedLower).toBeNull()
    expect(s.verdict.audioDegradedHigher).toBe(true)
    expect(s.verdict.passed).toBeNull()
    expect(s.verdict.reason).toBe('undecidable: no video-only-degraded frames')
    expect(s.comparisons[0].cohensD.value).toBeNull()
    expect(formatGateShift(s)).toContain('video-degraded Cohen\'s d n/a: a group is empty (n = 0, 2)')
  })

  it('rejects mismatched lengths and unknown conditions', () => {
    expect(() => gateShift([0.5], [])).toThrow(/length mismatch/)
    expect(() => gateShift([0.5], ['noisy' as FrameCondition])).toThrow(/unknown condition "noisy"/)
  })

  it('formats a table and the verdict', () => {
    const text = formatGateShift(r)
    expect(text).toMatch(/^video-degraded\s+3\s+0\.300\s+0\.100\s+0\.300\s+-0\.300\s+-3\.00\s+-1\.00$/m)
    expect(text).toContain('check PASSED')
    expect(text).toContain('1 without ZG, 1 without a condition')
  })
})
