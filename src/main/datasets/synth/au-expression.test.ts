import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ABAW_AUS, ABAW_EXPRESSIONS } from '../../../shared/review'
import { auIntensities, auOccurrences, expressionOf, sessionAuExpression, UNDRAWN_AUS, type FaceState } from './au-expression'
import { faceLandmarks68 } from './face-landmarks'
import { makeFaceIdentity, NEUTRAL_POSE } from './face-types'

const id = makeFaceIdentity(11)
const at = (s: Partial<FaceState>): Record<string, number> => {
  const occ = auOccurrences(auIntensities(id, { valence: 0, arousal: 0, speech: 0, blink: 0, ...s }))
  return Object.fromEntries(ABAW_AUS.map((a, i) => [a, occ[i]]))
}
const on = (o: Record<string, number>) => Object.keys(o).filter((k) => o[k] === 1)

describe('synthetic AU labels', () => {
  it('a neutral, silent face shows no AU', () => {
    expect(on(at({}))).toEqual([])
  })
  it('follows the drawn actions: smile, frown, raised brows with an open mouth', () => {
    expect(on(at({ valence: 0.8 }))).toEqual(['AU6', 'AU7', 'AU12'])
    expect(on(at({ valence: 0.35 }))).toEqual(['AU12']) // a slight smile: no cheek raise yet
    expect(on(at({ valence: -0.7, arousal: -0.5 }))).toEqual(['AU4', 'AU15'])
    expect(on(at({ arousal: 0.9, speech: 1 }))).toEqual(['AU1', 'AU2', 'AU25', 'AU26'])
    expect(on(at({ speech: 0.4 }))).toEqual(['AU25']) // talking parts the lips without a wide jaw drop
  })
  it('never marks an AU the renderer does not draw', () => {
    expect(UNDRAWN_AUS).toEqual(['AU10', 'AU23', 'AU24'])
    const state = fc.record({ valence: fc.double({ min: -1, max: 1, noNaN: true }), arousal: fc.double({ min: -1, max: 1, noNaN: true }), speech: fc.double({ min: 0, max: 1, noNaN: true }), blink: fc.double({ min: 0, max: 1, noNaN: true }) })
    fc.assert(
      fc.property(state, fc.integer({ min: 1, max: 1000 }), (s, seed) => {
        const it = auIntensities(makeFaceIdentity(seed), s)
        for (const au of UNDRAWN_AUS) expect(it[ABAW_AUS.indexOf(au as (typeof ABAW_AUS)[number])]).toBe(0)
        for (const x of it) expect(x >= 0 && x <= 1).toBe(true)
      }),
      { numRuns: 200 }
    )
  })
  it('intensities move with the exported landmarks (the labels are true of what is drawn)', () => {
    const lm = (s: Partial<FaceState>) => faceLandmarks68({ identity: id, valence: 0, arousal: 0, speech: 0, blink: 0, pose: NEUTRAL_POSE, ...s }, 256, 256)
    const y = (p: Float32Array, k: number) => p[2 * k + 1]
    const n = lm({})
    // AU12: mouth corners (48, 54) higher than the mid-lip line (62/66 centre) → more lift, higher intensity.
    const lift = (p: Float32Array) => (y(p, 62) + y(p, 66)) / 2 - (y(p, 48) + y(p, 54)) / 2
    const au12 = (v: number) => auIntensities(id, { valence: v, arousal: 0, speech: 0, blink: 0 })[ABAW_AUS.indexOf('AU12')]
    expect(lift(lm({ valence: 0.6 }))).toBeGreaterThan(lift(lm({ valence: 0.3 })))
    expect(au12(0.6)).toBeGreaterThan(au12(0.3))
    expect(lift(lm({ valence: -0.6 }))).toBeLessThan(lift(n))
    // AU2: outer brow ends (17, 26) rise with arousal; AU25: inner-lip gap (62 → 66) opens with speech.
    expect(y(lm({ arousal: 0.8 }), 17)).toBeLessThan(y(n, 17) - 2)
    const gap = (p: Float32Array) => y(p, 66) - y(p, 62)
    expect(gap(lm({ speech: 0.8 }))).toBeGreaterThan(gap(n) + 2)
    expect(auIntensities(id, { valence: 0, arousal: 0, speech: 0.8, blink: 0 })[ABAW_AUS.indexOf('AU25')]).toBeGreaterThan(0.3)
  })
})

describe('synthetic expression labels', () => {
  it('maps the V-A plane to the 8 classes by radius and circumplex angle', () => {
    const name = (v: number, a: number) => ABAW_EXPRESSIONS[expressionOf(v, a)]
    expect(name(0.1, -0.1)).toBe('Neutral')
    expect(name(0.7, 0.2)).toBe('Happiness')
    expect(name(0.4, -0.3)).toBe('Happiness') // content: −37°
    expect(name(0.05, 0.8)).toBe('Surprise')
    expect(name(-0.25, 0.7)).toBe('Fear') // 110°
    expect(name(-0.5, 0.5)).toBe('Anger') // 135°
    expect(name(-0.7, 0.05)).toBe('Disgust') // 176°
    expect(name(-0.4, -0.5)).toBe('Sadness') // 231°
    expect(name(0.05, -0.7)).toBe('Other') // 274°: tired / sleepy
    expect(name(0.6, -0.7)).toBe('Other') // −49° = 311°
  })
  it('labels a session frame by frame, consistent with the AU rule', () => {
    const valence = Float32Array.from([0, 0.8, -0.6, 0])
    const arousal = Float32Array.from([0, 0.1, -0.5, 0.9])
    const r = sessionAuExpression(id, { valence, arousal, speech: new Float32Array(4), blink: new Float32Array(4) })
    expect(Array.from(r.expression, (e) => ABAW_EXPRESSIONS[e])).toEqual(['Neutral', 'Happiness', 'Sadness', 'Surprise'])
    expect(r.au.length).toBe(48)
    const row = (f: number) => ABAW_AUS.filter((_, j) => r.au[f * 12 + j] === 1)
    expect(row(1)).toContain('AU12')
    expect(row(2)).toEqual(['AU4', 'AU15'])
    expect(row(3)).toEqual(expect.arrayContaining(['AU1', 'AU2']))
  })
})
