/**
 * Rater input → value in [-1, 1]: keyboard (↑/↓ or W/S nudge, Shift = coarse, 0 = neutral), mouse wheel, a slider
 * position, a point in the circumplex plane, and a gamepad stick (with a dead zone).
 */
import type { RatingMode } from '../../../../../shared/annotation'
import type { RatingValue } from './rating-recorder'

export const KEY_STEP = 0.05
export const KEY_STEP_COARSE = 0.2
export const WHEEL_STEP = 0.025
export const STICK_DEAD_ZONE = 0.08

export const clampUnit = (x: number): number => (Number.isFinite(x) ? Math.max(-1, Math.min(1, x)) : 0)

/** The dimension a 1-D mode rates ('2d' rates both). */
export function dimensionOf(mode: RatingMode): 'valence' | 'arousal' | 'both' {
  return mode === '1d-valence' ? 'valence' : mode === '1d-arousal' ? 'arousal' : 'both'
}

function withDim(value: RatingValue, mode: RatingMode, f: (x: number) => number): RatingValue {
  if (mode === '1d-valence') return { ...value, v: clampUnit(f(value.v)) }
  if (mode === '1d-arousal') return { ...value, a: clampUnit(f(value.a)) }
  return value
}

/**
 * A key press in a rating mode; null when the key is not a rating key. In 2-D, arrows move the point
 * (←/→ valence, ↑/↓ arousal); in 1-D, ↑/↓ (W/S) move the rated dimension.
 */
export function applyKey(value: RatingValue, mode: RatingMode, key: string, shift: boolean): RatingValue | null {
  const step = shift ? KEY_STEP_COARSE : KEY_STEP
  const k = key.length === 1 ? key.toLowerCase() : key
  if (k === '0') return mode === '2d' ? { v: 0, a: 0 } : withDim(value, mode, () => 0)
  if (mode === '2d') {
    if (k === 'ArrowUp' || k === 'w') return { v: value.v, a: clampUnit(value.a + step) }
    if (k === 'ArrowDown' || k === 's') return { v: value.v, a: clampUnit(value.a - step) }
    if (k === 'ArrowRight' || k === 'd') return { v: clampUnit(value.v + step), a: value.a }
    if (k === 'ArrowLeft' || k === 'a') return { v: clampUnit(value.v - step), a: value.a }
    return null
  }
  if (k === 'ArrowUp' || k === 'w') return withDim(value, mode, (x) => x + step)
  if (k === 'ArrowDown' || k === 's') return withDim(value, mode, (x) => x - step)
  return null
}

/** Wheel: up = more (deltaY < 0), in steps of WHEEL_STEP per notch (100 px). */
export function applyWheel(value: RatingValue, mode: RatingMode, deltaY: number): RatingValue {
  const notches = Math.max(-5, Math.min(5, -deltaY / 100))
  if (mode === '2d') return { v: value.v, a: clampUnit(value.a + notches * WHEEL_STEP) }
  return withDim(value, mode, (x) => x + notches * WHEEL_STEP)
}

/** Vertical slider: y from the top of a track of height h → +1 at the top, −1 at the bottom. */
export function sliderValue(y: number, h: number): number {
  return h > 0 ? clampUnit(1 - (2 * y) / h) : 0
}

/** A pixel of the circumplex plane (side `size`, margin `pad`, arousal up) → (valence, arousal), clamped to the unit disc. */
export function planeValue(x: number, y: number, size: number, pad: number): RatingValue {
  const r = (size - 2 * pad) / 2
  if (!(r > 0)) return { v: 0, a: 0 }
  let v = (x - pad - r) / r
  let a = (pad + r - y) / r
  const len = Math.hypot(v, a)
  if (len > 1) {
    v /= len
    a /= len
  }
  return { v, a }
}

/** A gamepad stick (axes x, y; y down) → value: 2-D uses both, 1-D the vertical axis (up = +). */
export function stickValue(value: RatingValue, mode: RatingMode, x: number, y: number): RatingValue {
  const dz = (u: number) => (Math.abs(u) < STICK_DEAD_ZONE ? 0 : clampUnit(u))
  if (mode === '2d') {
    const v = dz(x)
    const a = 0 - dz(y)
    const len = Math.hypot(v, a)
    return len > 1 ? { v: v / len, a: a / len } : { v, a }
  }
  return withDim(value, mode, () => 0 - dz(y))
}
