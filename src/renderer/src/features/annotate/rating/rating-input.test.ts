import { describe, expect, it } from 'vitest'
import { applyKey, applyWheel, planeValue, sliderValue, stickValue } from './rating-input'

const z = { v: 0, a: 0 }

describe('rating input', () => {
  it('keyboard nudges the rated dimension only, clamped to [-1, 1]', () => {
    expect(applyKey(z, '1d-valence', 'ArrowUp', false)).toEqual({ v: 0.05, a: 0 })
    expect(applyKey(z, '1d-arousal', 'ArrowDown', true)).toEqual({ v: 0, a: -0.2 })
    expect(applyKey({ v: 0.95, a: 0 }, '1d-valence', 'w', true)).toEqual({ v: 1, a: 0 })
    expect(applyKey({ v: 0.3, a: 0.4 }, '1d-valence', '0', false)).toEqual({ v: 0, a: 0.4 })
    expect(applyKey(z, '1d-valence', 'ArrowLeft', false)).toBeNull() // frame stepping stays free in 1-D
    expect(applyKey(z, '2d', 'ArrowLeft', false)).toEqual({ v: -0.05, a: 0 })
    expect(applyKey(z, '2d', 'x', false)).toBeNull()
  })
  it('wheel, slider, plane and stick map to the unit range', () => {
    expect(applyWheel(z, '1d-valence', -100).v).toBeCloseTo(0.025)
    expect(applyWheel(z, '2d', 200).a).toBeCloseTo(-0.05)
    expect(sliderValue(0, 200)).toBe(1)
    expect(sliderValue(200, 200)).toBe(-1)
    expect(sliderValue(50, 200)).toBe(0.5)
    expect(sliderValue(-20, 200)).toBe(1)
    // Plane of 220 px with 10 px margin: centre (110, 110) is neutral; the top edge is arousal +1.
    expect(planeValue(110, 110, 220, 10)).toEqual({ v: 0, a: 0 })
    expect(planeValue(110, 10, 220, 10)).toEqual({ v: 0, a: 1 })
    const corner = planeValue(215, 5, 220, 10) // outside the disc: projected onto it
    expect(Math.hypot(corner.v, corner.a)).toBeCloseTo(1)
    expect(corner.v).toBeCloseTo(corner.a)
    expect(stickValue(z, '2d', 0.05, -0.05)).toEqual({ v: 0, a: 0 }) // dead zone
    expect(stickValue(z, '2d', 0.5, -0.5)).toEqual({ v: 0.5, a: 0.5 })
    expect(stickValue({ v: 0.2, a: 0.3 }, '1d-arousal', 0.9, -0.6)).toEqual({ v: 0.2, a: 0.6 })
  })
})
