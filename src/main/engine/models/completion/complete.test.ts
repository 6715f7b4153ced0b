import { describe, expect, it } from 'vitest'
import { ccc } from '../../../../core/metrics/ccc'
import { mulberry32 } from '../../../../core/random/mulberry32'
import { planSession } from '../../../datasets/synth/generate-session'
import { audioFeatures } from './audio-features'
import { completeSession, CompletionError, DEFAULT_COMPLETION, type CompletionInput } from './complete'

/** A planned (not rendered) synthetic session: its drawn landmarks with ~1 px of jitter, and its true V/A. */
function world(seconds: number, seed: number) {
  const plan = planSession({ subjectId: `s${seed}`, sessionId: 'c', seed, seconds, fps: 25, width: 192, height: 192, degrade: false })
  const rng = mulberry32(seed)
  const landmarks = Float32Array.from(plan.landmarks, (v) => v + (rng() - 0.5) * 2)
  return { plan, landmarks, frames: plan.frameCount }
}

function firstPart(x: Float32Array, fraction: number): Float32Array {
  const cut = Math.round(fraction * x.length)
  return Float32Array.from(x, (v, i) => (i < cut ? v : NaN))
}

describe('complete the session (engine)', () => {
  it('proposes the unrated half of a synthetic session close to its ground truth, with a confidence', () => {
    const { plan, landmarks, frames } = world(40, 5)
    const input: CompletionInput = { frames, fps: 25, landmarks, audio: null, valence: firstPart(plan.valence, 0.5), arousal: firstPart(plan.arousal, 0.5) }
    const r = completeSession(input, DEFAULT_COMPLETION)
    const cut = frames / 2
    // Rated frames are not proposed (NaN), every unrated frame is.
    expect(r.valence.subarray(0, cut).every(Number.isNaN)).toBe(true)
    expect(r.valence.subarray(cut).every(Number.isFinite)).toBe(true)
    expect(r.report.valence).toMatchObject({ trainFrames: cut, proposedFrames: frames - cut })
    const cv = ccc(r.valence.subarray(cut), plan.valence.subarray(cut))
    const ca = ccc(r.arousal.subarray(cut), plan.arousal.subarray(cut))
    console.log(`engine completion, 40 s synthetic session with drawn landmarks ±1 px, first 50 % rated: CCC V ${cv.toFixed(3)} A ${ca.toFixed(3)}`)
    expect((cv + ca) / 2).toBeGreaterThan(0.8)
    expect(Math.min(cv, ca)).toBeGreaterThan(0.6)
    for (let f = cut; f < frames; f++) {
      expect(r.confidence[2 * f]).toBeGreaterThan(0)
      expect(r.confidence[2 * f + 1]).toBeGreaterThan(0)
    }
    expect(r.confidence.subarray(0, 2 * cut).every(Number.isNaN)).toBe(true)
    // Same input, same seed: the same proposal.
    expect(Array.from(completeSession(input, DEFAULT_COMPLETION).valence.subarray(cut, cut + 50))).toEqual(Array.from(r.valence.subarray(cut, cut + 50)))
  })

  it('completes only the dimensions the annotation has, and not the frames without a face', () => {
    const { plan, landmarks, frames } = world(12, 6)
    landmarks.fill(NaN, 200 * 136, 210 * 136)
    const r = completeSession({ frames, fps: 25, landmarks, audio: null, valence: firstPart(plan.valence, 0.4), arousal: new Float32Array(frames).fill(NaN) })
    expect(r.arousal.every(Number.isNaN)).toBe(true)
    expect(r.report.arousal).toEqual({ trainFrames: 0, proposedFrames: 0, lambda: null, cvMse: null })
    expect(r.valence.subarray(200, 210).every(Number.isNaN)).toBe(true)
    expect(Number.isFinite(r.valence[199]) && Number.isFinite(r.valence[210])).toBe(true)
    expect(r.report.valence.proposedFrames).toBe(frames - Math.round(0.4 * frames) - 10)
  })

  it('refuses too few rated frames, no features, and a length mismatch, with reasons', () => {
    const { plan, landmarks, frames } = world(4, 7)
    const few = Float32Array.from(plan.valence, (v, i) => (i < 5 ? v : NaN))
    expect(() => completeSession({ frames, fps: 25, landmarks, audio: null, valence: few, arousal: few })).toThrow(/only 5 annotated frame/)
    expect(() => completeSession({ frames, fps: 25, landmarks: null, audio: null, valence: plan.valence, arousal: plan.arousal })).toThrow(CompletionError)
    expect(() => completeSession({ frames, fps: 25, landmarks, audio: null, valence: plan.valence.subarray(1), arousal: plan.arousal })).toThrow(/frames/)
    const none = new Float32Array(frames).fill(NaN)
    expect(() => completeSession({ frames, fps: 25, landmarks, audio: null, valence: none, arousal: none })).toThrow(/no rated frame/)
  })

  it('pools the spectrogram into bands around each frame time', () => {
    // 100 columns of 8 mels, hop 10 ms: mel m of column c = c + 100·m.
    const data = new Float32Array(100 * 8)
    for (let c = 0; c < 100; c++) for (let m = 0; m < 8; m++) data[c * 8 + m] = c + 100 * m
    const { features, dims } = audioFeatures({ data, columns: 100, nMels: 8, originSec: 0, hopS: 0.01 }, Float64Array.from([0.5, 0.2, 5]), { bands: 2, halfWindowS: 0.02 })
    expect(dims).toBe(3)
    // Frame at 0.5 s: columns 48..52 (mean column 50); band 0 = mels 0-3 (mean offset 150), band 1 = mels 4-7 (550).
    expect(Array.from(features.subarray(0, 3))).toEqual([200, 600, 400])
    expect(features[3]).toBeCloseTo(170, 6)
    expect(features.subarray(6).every(Number.isNaN)).toBe(true) // 5 s is past the audio
  })
})
