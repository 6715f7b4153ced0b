import { mulberry32, normal, pick, uniform } from './prng'

export type Rgb = readonly [number, number, number]

/** Per-subject appearance. Units are relative to the face unit (about a third of the frame's smaller side). */
export interface FaceIdentity {
  /** Head half-width multiplier (≈0.9…1.1). */
  readonly faceWidth: number
  /** Head half-height multiplier (≈0.94…1.06). */
  readonly faceLength: number
  /** How much the jaw narrows towards the chin (0.15…0.35). */
  readonly jawTaper: number
  /** Horizontal distance of each eye centre from the midline (face units, ≈0.28…0.34). */
  readonly eyeSpacing: number
  readonly eyeSize: number
  readonly noseLength: number
  readonly mouthWidth: number
  readonly lipFullness: number
  readonly browThickness: number
  readonly hairStyle: 'short' | 'long' | 'bun'
  readonly showEars: boolean
  readonly skin: Rgb
  readonly hair: Rgb
  readonly iris: Rgb
  readonly lip: Rgb
  readonly background: Rgb
  readonly shirt: Rgb
  /** Habitual affect of the subject, added to every session's trajectory. */
  readonly baselineValence: number
  readonly baselineArousal: number
  /** Speaking fundamental frequency at neutral arousal (Hz). */
  readonly f0: number
}

/** Small head pose: angles in radians, translation as a fraction of the frame's smaller side. */
export interface HeadPose {
  readonly yaw: number
  readonly roll: number
  readonly tx: number
  readonly ty: number
}

export interface FaceParams {
  readonly identity: FaceIdentity
  /** [-1, 1]: mouth-corner curvature, brow shape, cheek raise. */
  readonly valence: number
  /** [-1, 1]: eye opening, brow raise, mouth opening. */
  readonly arousal: number
  /** [0, 1]: speech-driven mouth opening (the audio envelope). */
  readonly speech: number
  /** [0, 1]: eyelid closure. */
  readonly blink: number
  readonly pose: HeadPose
  /** Iris offset in eye half-widths, [-1, 1] each. */
  readonly gaze?: readonly [number, number]
}

export const NEUTRAL_POSE: HeadPose = { yaw: 0, roll: 0, tx: 0, ty: 0 }

const SKIN_LIGHT: Rgb = [238, 200, 172]
const SKIN_DARK: Rgb = [96, 62, 44]
const HAIR: readonly Rgb[] = [
  [28, 22, 20],
  [58, 38, 26],
  [96, 62, 36],
  [168, 128, 76],
  [118, 52, 28],
  [140, 136, 132]
]
const IRIS: readonly Rgb[] = [
  [74, 48, 30],
  [52, 36, 24],
  [70, 100, 130],
  [84, 110, 70],
  [110, 84, 50]
]
const BACKGROUND: readonly Rgb[] = [
  [92, 112, 136],
  [150, 160, 150],
  [122, 104, 140],
  [176, 170, 158],
  [84, 124, 118],
  [140, 120, 100],
  [60, 70, 84]
]
const SHIRT: readonly Rgb[] = [
  [40, 60, 110],
  [150, 40, 40],
  [50, 50, 56],
  [210, 210, 205],
  [70, 110, 70],
  [120, 90, 140]
]

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t]
}

function jitter(rng: () => number, c: Rgb, amount: number): Rgb {
  const f = (x: number): number => Math.max(0, Math.min(255, x + normal(rng) * amount))
  return [f(c[0]), f(c[1]), f(c[2])]
}

/** Skin and lip colours of a skin tone t ∈ [0, 1] (0 lightest, 1 darkest), jittered by `rng` as makeFaceIdentity does. */
function skinOfTone(rng: () => number, t: number): { skin: Rgb; lip: Rgb } {
  const skin = jitter(rng, mix(SKIN_LIGHT, SKIN_DARK, t), 6)
  return { skin, lip: mix(skin, [168, 58, 66], 0.55 - 0.2 * t) }
}

/**
 * The same identity with the skin tone `t` ∈ [0, 1] instead of its own (skin and lip colours only; `seed` jitters the
 * colour as makeFaceIdentity does). Used by a dataset that spreads its subjects' tones evenly (generate-dataset.ts).
 */
export function withSkinTone(id: FaceIdentity, t: number, seed: number): FaceIdentity {
  if (!(t >= 0 && t <= 1)) throw new RangeError(`skin tone must be in [0, 1], got ${t}`)
  return { ...id, ...skinOfTone(mulberry32(seed ^ 0x5c1e70), t) }
}

/** A deterministic subject appearance from a seed. */
export function makeFaceIdentity(seed: number): FaceIdentity {
  const rng = mulberry32(seed ^ 0x5eed1d)
  const { skin, lip } = skinOfTone(rng, Math.pow(rng(), 1.3))
  const hairStyle = pick(rng, ['short', 'long', 'bun'] as const)
  return {
    faceWidth: uniform(rng, 0.9, 1.1),
    faceLength: uniform(rng, 0.94, 1.06),
    jawTaper: uniform(rng, 0.16, 0.34),
    eyeSpacing: uniform(rng, 0.28, 0.34),
    eyeSize: uniform(rng, 0.9, 1.1),
    noseLength: uniform(rng, 0.9, 1.12),
    mouthWidth: uniform(rng, 0.88, 1.12),
    lipFullness: uniform(rng, 0.8, 1.25),
    browThickness: uniform(rng, 0.8, 1.3),
    hairStyle,
    showEars: hairStyle !== 'long' || rng() < 0.3,
    skin,
    hair: jitter(rng, pick(rng, HAIR), 8),
    iris: pick(rng, IRIS),
    lip,
    background: jitter(rng, pick(rng, BACKGROUND), 10),
    shirt: jitter(rng, pick(rng, SHIRT), 12),
    baselineValence: uniform(rng, -0.25, 0.35),
    baselineArousal: uniform(rng, -0.25, 0.25),
    f0: rng() < 0.5 ? uniform(rng, 95, 140) : uniform(rng, 165, 230)
  }
}
