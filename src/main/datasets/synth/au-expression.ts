/**
 * AU and expression labels of the synthetic world, derived from the SAME face state the renderer draws
 * (face-geometry.ts `computeLayout`), so the labels are true of the pixels.
 *
 * The renderer moves a face by valence (mouth-corner curvature, mouth width, brow shape, cheek raise, lower-lid raise),
 * arousal (brow height, eye opening, mouth opening) and speech (mouth opening / jaw). An AU's INTENSITY is the drawn
 * displacement of its feature from the same subject's neutral face (valence = arousal = speech = blink = 0), in face
 * units (≈ a third of the frame side), divided by a fixed scale (the displacement at the AU's strongest state) and
 * clamped to [0, 1]; it OCCURS (ABAW's 0/1 label) when the intensity reaches the AU's threshold.
 *
 * | AU | FACS name            | drawn displacement (computeLayout)                          | scale | threshold |
 * |----|----------------------|-------------------------------------------------------------|-------|-----------|
 * | 1  | inner brow raiser    | rise of the inner brow end (brow.v + brow.innerDrop)        | 0.12  | 0.30      |
 * | 2  | outer brow raiser    | rise of the outer brow end (brow.v)                         | 0.085 | 0.30      |
 * | 4  | brow lowerer         | inner brow drop + pull towards the midline (innerDrop, innerU)| 0.085 | 0.30     |
 * | 6  | cheek raiser         | rise of the cheek line (cheek.v)                            | 0.07  | 0.50      |
 * | 7  | lid tightener        | rise of the lower lid (eye.lower)                           | 0.0175| 0.60      |
 * | 10 | upper lip raiser     | not drawn: always 0                                         |  —    |  —        |
 * | 12 | lip corner puller    | upward lift of the mouth corners (mouth.cornerLift > 0)     | 0.085 | 0.30      |
 * | 15 | lip corner depressor | downward pull of the mouth corners (cornerLift < 0)         | 0.085 | 0.30      |
 * | 23 | lip tightener        | not drawn: always 0 (the slight narrowing of a sad mouth is a side effect of AU15's driver) | — | — |
 * | 24 | lip pressor          | not drawn: always 0                                         |  —    |  —        |
 * | 25 | lips part            | gap between the lips (mouth.open)                           | 0.17  | 0.10      |
 * | 26 | jaw drop             | chin drop (head.ryBottom)                                   | 0.094 | 0.50      |
 *
 * Thresholds: 0.30 ≈ a clearly visible action; AU6 (0.50) and AU7 (0.60) share AU12's driver (positive valence) in
 * this renderer, so they are set higher — the Duchenne pattern, where cheek raise and lid tightening join a smile
 * only as it grows; AU25 (0.10) marks any visible lip gap; AU26 (0.50) a wide-open mouth (speech at high arousal).
 * AU10, AU23 and AU24 can never occur here: their F1 is 0 by construction (see core/metrics/f1.ts).
 *
 * EXPRESSION (ABAW's 8 classes, index order of `ABAW_EXPRESSIONS`): the face's expression is a function of its
 * (valence, arousal) state, so the class is a region of the V-A plane, placed after Russell's circumplex (1980):
 * radius r = √(v² + a²) < 0.25 → Neutral; otherwise by the angle θ = atan2(a, v) in degrees:
 *   Happiness [−45, 70) · Surprise [70, 100) · Fear [100, 125) · Anger [125, 155) · Disgust [155, 195) ·
 *   Sadness [195, 250) · Other [250, 315) (low-arousal states — tired, sleepy, calm — that are none of the six).
 * Consistency with the AUs: Happiness has AU12 (+ AU6/7 when strong), Surprise AU1 + AU2 (+ AU25/26 when the mouth
 * opens), Fear AU1 + AU2 with negative valence, Anger / Disgust AU4 + AU15, Sadness AU4 + AU15 with lowered brows.
 * The renderer draws no nose wrinkle (AU9) or upper-lip raise (AU10), so Disgust differs from Anger only by its lower
 * arousal — a limit of the synthetic face, not a claim about real faces.
 */
import { ABAW_AUS, ABAW_EXPRESSIONS } from '../../../shared/review'
import { computeLayout, type FaceLayout } from './face-geometry'
import { NEUTRAL_POSE, type FaceIdentity, type FaceParams } from './face-types'

export const AU_COUNT = ABAW_AUS.length
export const EXPRESSION_COUNT = ABAW_EXPRESSIONS.length

/** The part of a face's per-frame state that moves its features. */
export interface FaceState {
  readonly valence: number
  readonly arousal: number
  readonly speech: number
  readonly blink: number
}

interface AuRule {
  readonly scale: number
  readonly threshold: number
  /** Drawn displacement from the neutral face (face units), positive = the action. */
  readonly measure: ((L: FaceLayout, N: FaceLayout) => number) | null
}

const AU_RULES: Readonly<Record<(typeof ABAW_AUS)[number], AuRule>> = {
  AU1: { scale: 0.12, threshold: 0.3, measure: (L, N) => N.brow.v + N.brow.innerDrop - (L.brow.v + L.brow.innerDrop) },
  AU2: { scale: 0.085, threshold: 0.3, measure: (L, N) => N.brow.v - L.brow.v },
  AU4: { scale: 0.085, threshold: 0.3, measure: (L, N) => L.brow.innerDrop - N.brow.innerDrop + (N.brow.innerU - L.brow.innerU) },
  AU6: { scale: 0.07, threshold: 0.5, measure: (L, N) => N.cheek.v - L.cheek.v },
  AU7: { scale: 0.0175, threshold: 0.6, measure: (L, N) => N.eye.lower - L.eye.lower },
  AU10: { scale: 1, threshold: 1, measure: null },
  AU12: { scale: 0.085, threshold: 0.3, measure: (L) => Math.max(0, L.mouth.cornerLift) },
  AU15: { scale: 0.085, threshold: 0.3, measure: (L) => Math.max(0, -L.mouth.cornerLift) },
  AU23: { scale: 1, threshold: 1, measure: null },
  AU24: { scale: 1, threshold: 1, measure: null },
  AU25: { scale: 0.17, threshold: 0.1, measure: (L) => L.mouth.open },
  AU26: { scale: 0.094, threshold: 0.5, measure: (L, N) => L.head.ryBottom - N.head.ryBottom }
}

/** AUs this renderer can never show (always 0). */
export const UNDRAWN_AUS: readonly string[] = ABAW_AUS.filter((a) => AU_RULES[a].measure === null)

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x)

// Layout size does not matter: every measure is in face units.
const SIZE = 256

function params(identity: FaceIdentity, s: FaceState): FaceParams {
  return { identity, valence: s.valence, arousal: s.arousal, speech: s.speech, blink: s.blink, pose: NEUTRAL_POSE }
}

/** Per-AU intensity in [0, 1] (ABAW_AUS order) of a subject's face in state `s`. */
export function auIntensities(identity: FaceIdentity, s: FaceState, neutral?: FaceLayout): Float32Array {
  const N = neutral ?? computeLayout(params(identity, { valence: 0, arousal: 0, speech: 0, blink: 0 }), SIZE, SIZE)
  const L = computeLayout(params(identity, s), SIZE, SIZE)
  return Float32Array.from(ABAW_AUS, (au) => {
    const r = AU_RULES[au]
    return r.measure ? clamp01(r.measure(L, N) / r.scale) : 0
  })
}

/** 0/1 occurrence per AU from intensities (ABAW_AUS order). */
export function auOccurrences(intensity: ArrayLike<number>): Uint8Array {
  return Uint8Array.from(ABAW_AUS, (au, i) => {
    const r = AU_RULES[au]
    return r.measure !== null && intensity[i] >= r.threshold - 1e-9 ? 1 : 0
  })
}

/** Expression sectors: [from°, to°) of θ = atan2(arousal, valence), class index (ABAW_EXPRESSIONS order). */
export const EXPRESSION_SECTORS: ReadonlyArray<{ readonly from: number; readonly to: number; readonly expression: number }> = [
  { from: -45, to: 70, expression: 4 }, // Happiness
  { from: 70, to: 100, expression: 6 }, // Surprise
  { from: 100, to: 125, expression: 3 }, // Fear
  { from: 125, to: 155, expression: 1 }, // Anger
  { from: 155, to: 195, expression: 2 }, // Disgust
  { from: 195, to: 250, expression: 5 }, // Sadness
  { from: 250, to: 315, expression: 7 } // Other
]
/** Below this V-A radius the face is Neutral. */
export const NEUTRAL_RADIUS = 0.25

/** The expression class (index into ABAW_EXPRESSIONS) of a face at (valence, arousal). */
export function expressionOf(valence: number, arousal: number): number {
  if (Math.hypot(valence, arousal) < NEUTRAL_RADIUS) return 0
  let th = (Math.atan2(arousal, valence) * 180) / Math.PI // (−180, 180]
  if (th < -45) th += 360 // → [−45, 315)
  const s = EXPRESSION_SECTORS.find((x) => th >= x.from && th < x.to)
  return s ? s.expression : 7
}

/** Per-frame labels of a session: AUs (frames × 12, 0/1), their intensities, and expression indices. */
export interface SessionAuExpression {
  readonly frames: number
  readonly au: Uint8Array
  readonly intensity: Float32Array
  readonly expression: Uint8Array
}

export function sessionAuExpression(identity: FaceIdentity, track: { readonly valence: ArrayLike<number>; readonly arousal: ArrayLike<number>; readonly speech: ArrayLike<number>; readonly blink: ArrayLike<number> }): SessionAuExpression {
  const frames = track.valence.length
  const neutral = computeLayout(params(identity, { valence: 0, arousal: 0, speech: 0, blink: 0 }), SIZE, SIZE)
  const au = new Uint8Array(frames * AU_COUNT)
  const intensity = new Float32Array(frames * AU_COUNT)
  const expression = new Uint8Array(frames)
  for (let f = 0; f < frames; f++) {
    const s = { valence: track.valence[f], arousal: track.arousal[f], speech: track.speech[f], blink: track.blink[f] }
    const it = auIntensities(identity, s, neutral)
    intensity.set(it, f * AU_COUNT)
    au.set(auOccurrences(it), f * AU_COUNT)
    expression[f] = expressionOf(s.valence, s.arousal)
  }
  return { frames, au, intensity, expression }
}
