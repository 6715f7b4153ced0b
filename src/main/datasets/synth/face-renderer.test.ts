import { describe, expect, it } from 'vitest'
import { faceLandmarks68, renderFace } from './face-renderer'
import { makeFaceIdentity, NEUTRAL_POSE, type FaceParams } from './face-types'

const id = makeFaceIdentity(7)
const face = (over: Partial<FaceParams> = {}): FaceParams => ({ identity: id, valence: 0, arousal: 0, speech: 0, blink: 0, pose: NEUTRAL_POSE, ...over })
const pt = (lm: Float32Array, k: number): [number, number] => [lm[2 * k], lm[2 * k + 1]]

/** Mouth corners' mean y minus the lip-centre y (positive = corners below centre = frown). */
function cornerDrop(lm: Float32Array): number {
  const cornersY = (pt(lm, 48)[1] + pt(lm, 54)[1]) / 2
  const centreY = (pt(lm, 62)[1] + pt(lm, 66)[1]) / 2
  return cornersY - centreY
}

const eyeOpening = (lm: Float32Array): number => (pt(lm, 41)[1] + pt(lm, 40)[1] - pt(lm, 37)[1] - pt(lm, 38)[1]) / 2

describe('faceLandmarks68', () => {
  it('returns 68 finite points inside the frame', () => {
    const lm = faceLandmarks68(face(), 256, 256)
    expect(lm.length).toBe(136)
    for (const x of lm) {
      expect(Number.isFinite(x)).toBe(true)
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThan(256)
    }
  })

  it('mouth corners rise above the lip centre with positive valence and fall below with negative', () => {
    expect(cornerDrop(faceLandmarks68(face({ valence: 1 }), 256, 256))).toBeLessThan(-3)
    expect(cornerDrop(faceLandmarks68(face({ valence: -1 }), 256, 256))).toBeGreaterThan(3)
    const d = [-1, -0.5, 0, 0.5, 1].map((v) => cornerDrop(faceLandmarks68(face({ valence: v }), 256, 256)))
    for (let i = 1; i < d.length; i++) expect(d[i]).toBeLessThan(d[i - 1])
  })

  it('eye opening, brow height and mouth opening grow with arousal', () => {
    const lo = faceLandmarks68(face({ arousal: -1 }), 256, 256)
    const mid = faceLandmarks68(face({ arousal: 0 }), 256, 256)
    const hi = faceLandmarks68(face({ arousal: 1 }), 256, 256)
    expect(eyeOpening(mid)).toBeGreaterThan(eyeOpening(lo) * 1.3)
    expect(eyeOpening(hi)).toBeGreaterThan(eyeOpening(mid) * 1.2)
    const browToEye = (lm: Float32Array): number => pt(lm, 37)[1] - pt(lm, 19)[1]
    expect(browToEye(hi)).toBeGreaterThan(browToEye(lo) + 4)
    const mouthGap = (lm: Float32Array): number => pt(lm, 66)[1] - pt(lm, 62)[1]
    expect(mouthGap(hi)).toBeGreaterThan(mouthGap(lo) + 1)
  })

  it('speech opens the mouth, blinks close the eyes, yaw moves the nose', () => {
    const gap = (lm: Float32Array): number => pt(lm, 66)[1] - pt(lm, 62)[1]
    expect(gap(faceLandmarks68(face({ speech: 1 }), 256, 256))).toBeGreaterThan(gap(faceLandmarks68(face(), 256, 256)) + 8)
    expect(eyeOpening(faceLandmarks68(face({ blink: 1 }), 256, 256))).toBeLessThan(1)
    const nose = (yaw: number): number => pt(faceLandmarks68(face({ pose: { ...NEUTRAL_POSE, yaw } }), 256, 256), 30)[0]
    expect(nose(0.2)).toBeGreaterThan(nose(0) + 5)
  })

  it('keeps iBUG order: jaw left→right, eyes and brows on the correct sides', () => {
    const lm = faceLandmarks68(face(), 256, 256)
    for (let k = 1; k < 17; k++) expect(pt(lm, k)[0]).toBeGreaterThan(pt(lm, k - 1)[0])
    expect(pt(lm, 8)[1]).toBeGreaterThan(pt(lm, 57)[1])
    expect(pt(lm, 36)[0]).toBeLessThan(pt(lm, 39)[0])
    expect(pt(lm, 39)[0]).toBeLessThan(pt(lm, 42)[0])
    expect(pt(lm, 42)[0]).toBeLessThan(pt(lm, 45)[0])
    expect(pt(lm, 17)[0]).toBeLessThan(pt(lm, 21)[0])
    expect(pt(lm, 22)[0]).toBeLessThan(pt(lm, 26)[0])
    expect(pt(lm, 27)[1]).toBeLessThan(pt(lm, 30)[1])
    expect(pt(lm, 30)[1]).toBeLessThan(pt(lm, 51)[1])
  })
})

describe('renderFace', () => {
  it('is deterministic and honours the out buffer', () => {
    const a = renderFace(face({ valence: 0.4, arousal: -0.3, speech: 0.5 }), 128, 96)
    const out = new Uint8Array(128 * 96 * 3)
    const b = renderFace(face({ valence: 0.4, arousal: -0.3, speech: 0.5 }), 128, 96, out)
    expect(b).toBe(out)
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
    expect(() => renderFace(face(), 10, 10, new Uint8Array(5))).toThrow(RangeError)
  })

  it('draws what the landmarks say: dark pupils, dark open mouth, skin between the brows', () => {
    const p = face({ speech: 1, arousal: 0.5 })
    const img = renderFace(p, 256, 256)
    const lm = faceLandmarks68(p, 256, 256)
    const lum = (x: number, y: number): number => {
      const i = (Math.round(y) * 256 + Math.round(x)) * 3
      return (img[i] + img[i + 1] + img[i + 2]) / 3
    }
    // Pupil: midway between the eye corners, between the upper (37/43) and lower (40/46) lid points.
    const pupil = (c0: number, c1: number, up: number, low: number): number =>
      lum((pt(lm, c0)[0] + pt(lm, c1)[0]) / 2, (pt(lm, up)[1] + pt(lm, low)[1]) / 2 + 2)
    const cheek = lum(pt(lm, 2)[0] + 20, pt(lm, 2)[1])
    expect(pupil(36, 39, 37, 40)).toBeLessThan(Math.min(40, cheek * 0.5))
    expect(pupil(42, 45, 44, 46)).toBeLessThan(Math.min(40, cheek * 0.5))
    const mouthIn = lum(pt(lm, 62)[0], (pt(lm, 62)[1] + pt(lm, 66)[1]) / 2)
    expect(mouthIn).toBeLessThan(cheek * 0.6)
    const between = lum((pt(lm, 21)[0] + pt(lm, 22)[0]) / 2, pt(lm, 21)[1])
    expect(between).toBeGreaterThan(cheek * 0.7)
  })

  it('valence and arousal change the pixels of the face; identity changes the whole look', () => {
    const diff = (a: Uint8Array, b: Uint8Array): number => {
      let n = 0
      for (let i = 0; i < a.length; i += 3) if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 30) n++
      return n
    }
    const base = renderFace(face(), 128, 128)
    expect(diff(base, renderFace(face({ valence: 1 }), 128, 128))).toBeGreaterThan(60)
    expect(diff(base, renderFace(face({ arousal: 1 }), 128, 128))).toBeGreaterThan(60)
    expect(diff(base, renderFace({ ...face(), identity: makeFaceIdentity(8) }, 128, 128))).toBeGreaterThan(4000)
  })

  it('renders a 256² frame quickly', () => {
    const out = new Uint8Array(256 * 256 * 3)
    for (let i = 0; i < 10; i++) renderFace(face({ valence: i / 10 }), 256, 256, out)
    // Best of several batches, in CPU time: the machine may be shared with other work.
    let best = Infinity
    for (let batch = 0; batch < 6; batch++) {
      const c0 = process.cpuUsage()
      for (let i = 0; i < 10; i++) renderFace(face({ valence: Math.sin(i), arousal: Math.cos(i), speech: (i % 5) / 5 }), 256, 256, out)
      const c = process.cpuUsage(c0)
      best = Math.min(best, (c.user + c.system) / 1000 / 10)
    }
    console.log(`renderFace 256x256: ${best.toFixed(2)} ms/frame (best batch, CPU time)`)
    expect(best).toBeLessThan(50)
  })
})
