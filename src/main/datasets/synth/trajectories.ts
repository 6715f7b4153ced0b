import { mulberry32, normal, uniform, type Rng } from './prng'

/** A change of expression target at a known frame; the trace eases from `from` to `to` over `transitionFrames`. */
export interface ExpressionChange {
  readonly frame: number
  readonly transitionFrames: number
  readonly from: { readonly valence: number; readonly arousal: number }
  readonly to: { readonly valence: number; readonly arousal: number }
}

export interface AffectTrajectory {
  readonly valence: Float32Array
  readonly arousal: Float32Array
  readonly changes: readonly ExpressionChange[]
}

/** [start, end) in frames. */
export interface FrameSegment {
  readonly start: number
  readonly end: number
}

export interface TrajectoryOptions {
  readonly frames: number
  readonly fps: number
  readonly seed: number
  readonly baselineValence?: number
  readonly baselineArousal?: number
  /** Segment length range in seconds (default 1.5…4). */
  readonly minSegmentSeconds?: number
  readonly maxSegmentSeconds?: number
  /** Transition length range in seconds (default 0.3…0.8). */
  readonly minTransitionSeconds?: number
  readonly maxTransitionSeconds?: number
  /** Amplitude of slow wander around each target (default 0.05). */
  readonly wander?: number
}

const clamp1 = (x: number): number => (x < -1 ? -1 : x > 1 ? 1 : x)

/** Smooth, band-limited noise: a few random sinusoids, unit-ish amplitude. */
export function smoothNoise(rng: Rng, frames: number, fps: number, minHz: number, maxHz: number, terms = 4): Float32Array {
  const out = new Float32Array(frames)
  const comps: Array<[number, number, number]> = []
  for (let k = 0; k < terms; k++) comps.push([uniform(rng, minHz, maxHz), uniform(rng, 0, 2 * Math.PI), uniform(rng, 0.5, 1)])
  const norm = Math.sqrt(comps.reduce((s, c) => s + c[2] * c[2], 0) / 2)
  for (let i = 0; i < frames; i++) {
    const t = i / fps
    let s = 0
    for (const [f, p, a] of comps) s += a * Math.sin(2 * Math.PI * f * t + p)
    out[i] = s / norm
  }
  return out
}

/** A random point in the circumplex (unit disk, slightly favouring the rim so extremes occur). */
function circumplexPoint(rng: Rng): [number, number] {
  const r = Math.sqrt(uniform(rng, 0.05, 1)) * 0.95
  const th = uniform(rng, 0, 2 * Math.PI)
  return [r * Math.cos(th), r * Math.sin(th)]
}

/**
 * Piecewise V/A trajectory: the expression target changes at recorded frames, eased with a cosine over a
 * transition; targets mix a random circumplex point with the subject's baseline; a slow wander is added.
 * Values are clamped to [-1, 1].
 */
export function generateAffectTrajectory(opts: TrajectoryOptions): AffectTrajectory {
  const rng = mulberry32(opts.seed)
  const { frames, fps } = opts
  const bv = opts.baselineValence ?? 0
  const ba = opts.baselineArousal ?? 0
  const minSeg = Math.max(1, Math.round((opts.minSegmentSeconds ?? 1.5) * fps))
  const maxSeg = Math.max(minSeg, Math.round((opts.maxSegmentSeconds ?? 4) * fps))
  const minTr = Math.max(1, Math.round((opts.minTransitionSeconds ?? 0.3) * fps))
  const maxTr = Math.max(minTr, Math.round((opts.maxTransitionSeconds ?? 0.8) * fps))
  const wander = opts.wander ?? 0.05
  const target = (): { valence: number; arousal: number } => {
    const [v, a] = circumplexPoint(rng)
    return { valence: clamp1(0.3 * bv + 0.75 * v), arousal: clamp1(0.3 * ba + 0.75 * a) }
  }
  const valence = new Float32Array(frames)
  const arousal = new Float32Array(frames)
  const changes: ExpressionChange[] = []
  let cur = { valence: clamp1(bv), arousal: clamp1(ba) }
  let next = Math.min(frames, Math.round(uniform(rng, 0.3, 0.7) * minSeg))
  let i = 0
  let tr: ExpressionChange | null = null
  while (i < frames) {
    if (i === next) {
      const to = target()
      const transitionFrames = Math.min(Math.round(uniform(rng, minTr, maxTr)), minSeg)
      tr = { frame: i, transitionFrames, from: cur, to }
      changes.push(tr)
      cur = to
      next = i + Math.round(uniform(rng, minSeg, maxSeg))
    }
    let v = cur.valence
    let a = cur.arousal
    if (tr && i < tr.frame + tr.transitionFrames) {
      const t = (i - tr.frame + 1) / tr.transitionFrames
      const e = 0.5 - 0.5 * Math.cos(Math.PI * t)
      v = tr.from.valence + (tr.to.valence - tr.from.valence) * e
      a = tr.from.arousal + (tr.to.arousal - tr.from.arousal) * e
    }
    valence[i] = v
    arousal[i] = a
    i++
  }
  const wv = smoothNoise(rng, frames, fps, 0.05, 0.4)
  const wa = smoothNoise(rng, frames, fps, 0.05, 0.4)
  for (let k = 0; k < frames; k++) {
    valence[k] = clamp1(valence[k] + wander * wv[k])
    arousal[k] = clamp1(arousal[k] + wander * wa[k])
  }
  return { valence, arousal, changes }
}

/** Alternating silence / speech: speech turns 1…4 s, pauses 0.4…1.8 s, starting with a short pause. */
export function generateSpeechSegments(frames: number, fps: number, seed: number): FrameSegment[] {
  const rng = mulberry32(seed)
  const out: FrameSegment[] = []
  let t = Math.round(uniform(rng, 0.15, 0.6) * fps)
  while (t < frames) {
    const len = Math.round(uniform(rng, 1, 4) * fps)
    const end = Math.min(frames, t + Math.max(2, len))
    if (end - t >= 2) out.push({ start: t, end })
    t = end + Math.round(uniform(rng, 0.4, 1.8) * fps)
  }
  return out
}

/** Blink closure per frame (0…1): blinks every 2…6 s (more often when aroused), ~150 ms each. */
export function generateBlinks(frames: number, fps: number, arousal: Float32Array, seed: number): { blink: Float32Array; blinkFrames: number[] } {
  const rng = mulberry32(seed)
  const blink = new Float32Array(frames)
  const blinkFrames: number[] = []
  let t = Math.round(uniform(rng, 0.5, 3) * fps)
  const half = Math.max(1, Math.round(0.075 * fps))
  while (t < frames) {
    blinkFrames.push(t)
    for (let k = -half; k <= half; k++) {
      const i = t + k
      if (i >= 0 && i < frames) blink[i] = Math.max(blink[i], 1 - Math.abs(k) / (half + 1))
    }
    const a = arousal[Math.min(frames - 1, t)]
    t += Math.round(uniform(rng, 2, 6) * (1 - 0.35 * a) * fps)
  }
  return { blink, blinkFrames }
}

export interface PoseTrack {
  readonly yaw: Float32Array
  readonly roll: Float32Array
  readonly tx: Float32Array
  readonly ty: Float32Array
}

/** Small head motion whose amplitude grows with arousal, plus speech nods. */
export function generatePoseTrack(frames: number, fps: number, arousal: Float32Array, speechEnv: Float32Array, seed: number): PoseTrack {
  const rng = mulberry32(seed)
  const ny = smoothNoise(rng, frames, fps, 0.08, 0.6)
  const nr = smoothNoise(rng, frames, fps, 0.08, 0.6)
  const nx = smoothNoise(rng, frames, fps, 0.05, 0.5)
  const nt = smoothNoise(rng, frames, fps, 0.05, 0.5)
  const yaw = new Float32Array(frames)
  const roll = new Float32Array(frames)
  const tx = new Float32Array(frames)
  const ty = new Float32Array(frames)
  const bias = normal(rng) * 0.03
  for (let i = 0; i < frames; i++) {
    const amp = 0.35 + 0.65 * (arousal[i] + 1) * 0.5
    yaw[i] = bias + amp * 0.14 * ny[i]
    roll[i] = amp * 0.06 * nr[i]
    tx[i] = amp * 0.025 * nx[i]
    ty[i] = amp * 0.015 * nt[i] + 0.01 * speechEnv[i]
  }
  return { yaw, roll, tx, ty }
}
