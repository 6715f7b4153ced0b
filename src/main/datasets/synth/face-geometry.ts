import type { FaceParams } from './face-types'

/**
 * Face geometry shared by the renderer and the landmark export, so landmarks are exactly what is drawn.
 * Face-local coordinates: origin at the head centre, +u right (image), +v down, 1 unit = `unit` pixels.
 * Each feature lies on a plane at depth z; yaw shifts it by z·sin(yaw) and compresses u by cos(yaw).
 */
export interface FaceLayout {
  readonly cx: number
  readonly cy: number
  readonly unit: number
  readonly cosYaw: number
  readonly sinYaw: number
  readonly cosRoll: number
  readonly sinRoll: number
  readonly head: { readonly rx: number; readonly ryTop: number; readonly ryBottom: number; readonly taper: number }
  readonly eye: {
    readonly spacing: number
    readonly v: number
    readonly halfWidth: number
    readonly upper: number
    readonly lower: number
    readonly irisR: number
    readonly gazeU: number
    readonly gazeV: number
  }
  readonly brow: {
    readonly innerU: number
    readonly outerU: number
    readonly v: number
    readonly innerDrop: number
    readonly arch: number
    readonly thickness: number
  }
  readonly nose: { readonly top: number; readonly tip: number; readonly halfWidth: number }
  readonly mouth: {
    readonly v: number
    readonly halfWidth: number
    readonly cornerLift: number
    readonly open: number
    readonly upperThick: number
    readonly lowerThick: number
  }
  readonly cheek: { readonly v: number; readonly raise: number }
}

/** Feature depths (face units) used for yaw parallax. */
export const DEPTH = { head: 0, ears: -0.25, eyes: 0.5, brows: 0.55, nose: 0.8, mouth: 0.6, cheeks: 0.45 } as const

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x)

export function computeLayout(p: FaceParams, width: number, height: number): FaceLayout {
  const id = p.identity
  const v = clamp(p.valence, -1, 1)
  const a = clamp(p.arousal, -1, 1)
  const vPos = Math.max(0, v)
  const vNeg = Math.max(0, -v)
  const aPos = Math.max(0, a)
  const s = Math.min(width, height)
  const unit = 0.34 * s
  const speech = clamp(p.speech, 0, 1)
  const blink = clamp(p.blink, 0, 1)
  const open = clamp(speech * (0.075 + 0.04 * (a + 1) * 0.5) + 0.05 * Math.max(0, a - 0.15), 0, 0.17)
  const eyeOpen = clamp(0.62 + 0.36 * a, 0.2, 1) * (1 - 0.12 * vPos)
  const eyeHalfW = 0.145 * id.eyeSize
  const lower = 0.05 * id.eyeSize * (1 - 0.35 * vPos)
  const upperOpen = 0.1 * id.eyeSize * eyeOpen
  const upper = upperOpen * (1 - blink) - lower * 0.92 * blink
  const gaze = p.gaze ?? [0, 0]
  return {
    cx: width / 2 + p.pose.tx * s,
    cy: height * 0.46 + p.pose.ty * s,
    unit,
    cosYaw: Math.cos(p.pose.yaw),
    sinYaw: Math.sin(p.pose.yaw),
    cosRoll: Math.cos(p.pose.roll),
    sinRoll: Math.sin(p.pose.roll),
    head: { rx: 0.74 * id.faceWidth, ryTop: 1.0 * id.faceLength, ryBottom: id.faceLength * (1 + 0.55 * open), taper: id.jawTaper },
    eye: {
      spacing: id.eyeSpacing,
      v: 0,
      halfWidth: eyeHalfW,
      upper,
      lower,
      irisR: 0.074 * id.eyeSize,
      gazeU: clamp(gaze[0], -1, 1) * 0.35 * eyeHalfW,
      gazeV: clamp(gaze[1], -1, 1) * 0.2 * eyeHalfW
    },
    brow: {
      innerU: 0.1 - 0.025 * vNeg,
      outerU: id.eyeSpacing + 0.2,
      v: -0.19 - 0.065 * a - 0.02 * aPos,
      innerDrop: 0.06 * vNeg - 0.015 * vPos - 0.02 * aPos,
      arch: 0.045 + 0.015 * vPos - 0.02 * vNeg,
      thickness: 0.026 * id.browThickness
    },
    nose: { top: -0.05, tip: 0.31 * id.noseLength, halfWidth: 0.11 * (0.9 + 0.1 * id.faceWidth) },
    mouth: {
      v: 0.56 + 0.03 * id.noseLength,
      halfWidth: 0.23 * id.mouthWidth * (1 + 0.15 * vPos - 0.06 * vNeg),
      cornerLift: 0.085 * v,
      open,
      upperThick: 0.045 * id.lipFullness,
      lowerThick: 0.062 * id.lipFullness
    },
    cheek: { v: 0.3 - 0.07 * vPos, raise: vPos }
  }
}

/** Face-local (u, v) at depth z → pixel (x, y). */
export function projectX(L: FaceLayout, u: number, v: number, z: number): number {
  const up = u * L.cosYaw + z * L.sinYaw
  return L.cx + L.unit * (up * L.cosRoll - v * L.sinRoll)
}

export function projectY(L: FaceLayout, u: number, v: number, z: number): number {
  const up = u * L.cosYaw + z * L.sinYaw
  return L.cy + L.unit * (up * L.sinRoll + v * L.cosRoll)
}

/** Half-width of the head outline at height v (the jaw narrows towards the chin). */
export function headHalfWidth(L: FaceLayout, v: number): number {
  const ry = v < 0 ? L.head.ryTop : L.head.ryBottom
  const t = v / ry
  if (t <= -1 || t >= 1) return 0
  const taper = v > 0 ? 1 - L.head.taper * t * t : 1
  return L.head.rx * taper * Math.sqrt(1 - t * t)
}

/** Jaw-outline point k of 17 (0 = image-left ear level, 8 = chin, 16 = image-right). */
export function jawPoint(L: FaceLayout, k: number): [number, number] {
  const phi = (-1 + k / 8) * (Math.PI / 2 - 0.06)
  const ry = L.head.ryBottom
  const v = ry * Math.cos(phi)
  const t = v / ry
  const u = Math.sign(phi) * L.head.rx * (1 - L.head.taper * t * t) * Math.abs(Math.sin(phi))
  return [u, v]
}

/** Brow centre-line point at t ∈ [0, 1] (inner → outer) on side -1 (image-left) or +1. */
export function browPoint(L: FaceLayout, side: number, t: number): [number, number] {
  const b = L.brow
  const u = side * (b.innerU + (b.outerU - b.innerU) * t)
  const v = b.v + b.innerDrop * Math.pow(1 - t, 1.5) - b.arch * Math.sin(Math.PI * Math.min(1, t * 1.1)) + 0.02 * t * t
  return [u, v]
}

export function browRadius(L: FaceLayout, t: number): number {
  return L.brow.thickness * (1 - 0.5 * t)
}

/** Eye centre u for side -1 / +1. */
export function eyeCentreU(L: FaceLayout, side: number): number {
  return side * L.eye.spacing
}

/** Upper / lower lid v at normalised eye position s ∈ [-1, 1] (s = -1 is the image-left corner). */
export function upperLid(L: FaceLayout, s: number): number {
  const q = 1 - s * s
  return L.eye.v - L.eye.upper * q
}

export function lowerLid(L: FaceLayout, s: number): number {
  const q = 1 - s * s
  return L.eye.v + L.eye.lower * q
}

/** Lip-meeting line at s ∈ [-1, 1] across the mouth. */
export function mouthMid(L: FaceLayout, s: number): number {
  return L.mouth.v - L.mouth.cornerLift * s * s
}

export function upperInnerLip(L: FaceLayout, s: number): number {
  return mouthMid(L, s) - L.mouth.open * 0.3 * (1 - s * s)
}

export function lowerInnerLip(L: FaceLayout, s: number): number {
  return mouthMid(L, s) + L.mouth.open * 0.7 * (1 - s * s)
}

export function upperOuterLip(L: FaceLayout, s: number): number {
  const q = Math.sqrt(Math.max(0, 1 - s * s))
  const bow = 0.78 + 0.32 * Math.exp(-(((Math.abs(s) - 0.24) / 0.16) ** 2))
  return upperInnerLip(L, s) - L.mouth.upperThick * q * bow
}

export function lowerOuterLip(L: FaceLayout, s: number): number {
  const q = Math.pow(Math.max(0, 1 - s * s), 0.6)
  return lowerInnerLip(L, s) + L.mouth.lowerThick * q
}
