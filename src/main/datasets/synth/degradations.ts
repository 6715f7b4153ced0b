import { deriveSeed, mulberry32, normal, pick, shuffle, uniform, type Rng } from './prng'
import { THESIS_LEVELS } from '../../../core/degradation-levels'

/** Image degradations: the thesis models (T ch.3-4, P002) plus occlusion and low light. */
export type ImageDegradation =
  | { readonly kind: 'downsample'; readonly factor: 2 | 4 | 8 }
  | { readonly kind: 'gaussian-blur'; readonly sigma: 1 | 3 | 5 }
  | { readonly kind: 'gaussian-noise'; readonly variance: 0.001 | 0.005 | 0.01 }
  | { readonly kind: 'colour-scale'; readonly scale: 0.8 | 0.5 | 0.2 }
  /** Average of the last `frames` clean frames (T:L1168, following Chrysos et al.). */
  | { readonly kind: 'motion-blur'; readonly frames: 10 | 15 | 25 }
  /** A flat rectangle, in fractions of the frame. */
  | { readonly kind: 'occlusion'; readonly x: number; readonly y: number; readonly w: number; readonly h: number; readonly color: readonly [number, number, number] }
  /** out = 255·gain·(in/255)^gamma + N(0, noise²). */
  | { readonly kind: 'low-light'; readonly gain: number; readonly gamma: number; readonly noise: number }

export type AudioDegradation = { readonly kind: 'dropout' } | { readonly kind: 'noise'; readonly snrDb: number }

/** One degraded stretch [start, end) in frames; a null modality is left clean there. */
export interface DegradationSegment {
  readonly start: number
  readonly end: number
  readonly video: ImageDegradation | null
  readonly audio: AudioDegradation | null
}

export type DegradedModality = 'video' | 'audio' | 'both'

export function segmentModality(s: DegradationSegment): DegradedModality {
  return s.video && s.audio ? 'both' : s.video ? 'video' : 'audio'
}

/** The thesis's image degradation kinds (T ch.3-4), in the order the world draws them. */
export type ThesisImageKind = 'downsample' | 'gaussian-blur' | 'gaussian-noise' | 'colour-scale' | 'motion-blur'

/** A thesis degradation of `kind` with its level drawn uniformly from the thesis levels (one rng draw). */
export function thesisImageDegradation(rng: Rng, kind: ThesisImageKind): ImageDegradation {
  switch (kind) {
    case 'downsample':
      return { kind, factor: pick(rng, THESIS_LEVELS.downsample) }
    case 'gaussian-blur':
      return { kind, sigma: pick(rng, THESIS_LEVELS.blurSigma) }
    case 'gaussian-noise':
      return { kind, variance: pick(rng, THESIS_LEVELS.noiseVariance) }
    case 'colour-scale':
      return { kind, scale: pick(rng, THESIS_LEVELS.intensityScale) }
    case 'motion-blur':
      return { kind, frames: pick(rng, THESIS_LEVELS.motionBlurFrames) }
  }
}

function randomImageDegradation(rng: Rng): ImageDegradation {
  const kind = pick(rng, ['downsample', 'gaussian-blur', 'gaussian-noise', 'colour-scale', 'motion-blur', 'occlusion', 'low-light'] as const)
  switch (kind) {
    case 'downsample':
    case 'gaussian-blur':
    case 'gaussian-noise':
    case 'colour-scale':
    case 'motion-blur':
      return thesisImageDegradation(rng, kind)
    case 'occlusion': {
      const w = uniform(rng, 0.3, 0.55)
      const h = uniform(rng, 0.2, 0.35)
      const y = pick(rng, [0.3, 0.55])
      const grey = Math.round(uniform(rng, 20, 90))
      return { kind, x: round3(uniform(rng, 0.2, 0.8 - w)), y: round3(y), w: round3(w), h: round3(h), color: [grey, grey, grey] }
    }
    case 'low-light':
      return { kind, gain: round3(uniform(rng, 0.15, 0.35)), gamma: round3(uniform(rng, 1.2, 1.6)), noise: round3(uniform(rng, 2, 6)) }
  }
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000

/**
 * How much a degraded segment destroys. 'mixed' (default): the thesis kinds plus partial occlusion and low light,
 * most of which keep the expression readable (stage 1 trains with the thesis kinds and denoises them). 'severe':
 * only degradations that remove what the face says — an occluder from the brows to the chin (a hand, an object
 * held up) or a near-black frame (lights off, a covered lens) — and audio dropouts. Real recordings have both; a
 * model's uncertainty (the AP's σ, the AV gate) can only learn to follow degradation where degradation costs
 * information, which 'severe' guarantees.
 */
export type DegradeSeverity = 'mixed' | 'severe'

export const DEGRADE_SEVERITIES: readonly DegradeSeverity[] = ['mixed', 'severe']

function severeImageDegradation(rng: Rng): ImageDegradation {
  if (rng() < 0.6) {
    // The synthetic face spans x ≈ 0.22–0.78, brows y ≈ 0.4, mouth y ≈ 0.8 of the frame (face-renderer.ts; head
    // motion moves it by a few %): the box covers brows, eyes, cheeks and mouth at any pose.
    const x0 = uniform(rng, 0.1, 0.16)
    const x1 = uniform(rng, 0.84, 0.9)
    const y0 = uniform(rng, 0.26, 0.32)
    const y1 = uniform(rng, 0.9, 0.96)
    const grey = Math.round(uniform(rng, 20, 90))
    return { kind: 'occlusion', x: round3(x0), y: round3(y0), w: round3(x1 - x0), h: round3(y1 - y0), color: [grey, grey, grey] }
  }
  return { kind: 'low-light', gain: round3(uniform(rng, 0.02, 0.05)), gamma: round3(uniform(rng, 1.6, 2)), noise: round3(uniform(rng, 3, 6)) }
}

function randomAudioDegradation(rng: Rng): AudioDegradation {
  return rng() < 0.4 ? { kind: 'dropout' } : { kind: 'noise', snrDb: pick(rng, [-5, 0, 5]) }
}

/**
 * Non-overlapping degraded segments separated by clean gaps. The first three are one video-only, one
 * audio-only and one both (in random order), so every session long enough has each kind; later ones are drawn.
 */
export function planDegradations(frames: number, fps: number, seed: number, severity: DegradeSeverity = 'mixed'): DegradationSegment[] {
  const rng = mulberry32(seed)
  const cap = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x))
  const minLen = cap(Math.round(1.2 * fps), 2, Math.max(2, Math.floor(frames / 8)))
  const maxLen = cap(Math.round(3 * fps), minLen, Math.max(minLen, Math.floor(frames / 5)))
  const minGap = cap(Math.round(0.8 * fps), 1, Math.max(1, Math.floor(frames / 10)))
  const maxGap = cap(Math.round(2.5 * fps), minGap, Math.max(minGap, Math.floor(frames / 6)))
  const queue: DegradedModality[] = shuffle(rng, ['video', 'audio', 'both'])
  const out: DegradationSegment[] = []
  let t = Math.round(uniform(rng, minGap, maxGap))
  while (t + minLen <= frames) {
    const len = Math.round(uniform(rng, minLen, maxLen))
    const end = Math.min(frames, t + len)
    const m = queue.shift() ?? (rng() < 0.45 ? 'video' : rng() < 0.55 ? 'audio' : 'both')
    out.push({
      start: t,
      end,
      video: m === 'audio' ? null : severity === 'severe' ? severeImageDegradation(rng) : randomImageDegradation(rng),
      audio: m === 'video' ? null : severity === 'severe' ? { kind: 'dropout' } : randomAudioDegradation(rng)
    })
    t = end + Math.round(uniform(rng, minGap, maxGap))
  }
  return out
}

function gaussianKernel(sigma: number): Float32Array {
  const r = Math.ceil(3 * sigma)
  const k = new Float32Array(2 * r + 1)
  let s = 0
  for (let i = -r; i <= r; i++) s += k[i + r] = Math.exp((-i * i) / (2 * sigma * sigma))
  for (let i = 0; i < k.length; i++) k[i] /= s
  return k
}

/** Separable convolution with edge clamping, RGB24 → RGB24. */
function convolve(src: Uint8Array, w: number, h: number, k: Float32Array, out: Uint8Array): void {
  const r = (k.length - 1) >> 1
  const tmp = new Float32Array(w * h * 3)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let a = 0
      let b = 0
      let c = 0
      for (let j = -r; j <= r; j++) {
        const xx = x + j < 0 ? 0 : x + j >= w ? w - 1 : x + j
        const i = (y * w + xx) * 3
        const kk = k[j + r]
        a += src[i] * kk
        b += src[i + 1] * kk
        c += src[i + 2] * kk
      }
      const o = (y * w + x) * 3
      tmp[o] = a
      tmp[o + 1] = b
      tmp[o + 2] = c
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let a = 0
      let b = 0
      let c = 0
      for (let j = -r; j <= r; j++) {
        const yy = y + j < 0 ? 0 : y + j >= h ? h - 1 : y + j
        const i = (yy * w + x) * 3
        const kk = k[j + r]
        a += tmp[i] * kk
        b += tmp[i + 1] * kk
        c += tmp[i + 2] * kk
      }
      const o = (y * w + x) * 3
      out[o] = a + 0.5
      out[o + 1] = b + 0.5
      out[o + 2] = c + 0.5
    }
  }
}

/** Box-average down by `f`, then bilinear back up to w×h (the resolution is lost, the size kept). */
function downsample(src: Uint8Array, w: number, h: number, f: number, out: Uint8Array): void {
  const sw = Math.max(1, Math.floor(w / f))
  const sh = Math.max(1, Math.floor(h / f))
  const small = new Float32Array(sw * sh * 3)
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < sw; x++) {
      for (let c = 0; c < 3; c++) {
        let s = 0
        let n = 0
        for (let dy = 0; dy < f && y * f + dy < h; dy++) {
          for (let dx = 0; dx < f && x * f + dx < w; dx++) {
            s += src[((y * f + dy) * w + x * f + dx) * 3 + c]
            n++
          }
        }
        small[(y * sw + x) * 3 + c] = s / n
      }
    }
  }
  for (let y = 0; y < h; y++) {
    const fy = Math.min(sh - 1, Math.max(0, (y + 0.5) * (sh / h) - 0.5))
    const y0 = Math.floor(fy)
    const y1 = Math.min(sh - 1, y0 + 1)
    const ty = fy - y0
    for (let x = 0; x < w; x++) {
      const fx = Math.min(sw - 1, Math.max(0, (x + 0.5) * (sw / w) - 0.5))
      const x0 = Math.floor(fx)
      const x1 = Math.min(sw - 1, x0 + 1)
      const tx = fx - x0
      for (let c = 0; c < 3; c++) {
        const a = small[(y0 * sw + x0) * 3 + c] * (1 - tx) + small[(y0 * sw + x1) * 3 + c] * tx
        const b = small[(y1 * sw + x0) * 3 + c] * (1 - tx) + small[(y1 * sw + x1) * 3 + c] * tx
        out[(y * w + x) * 3 + c] = a * (1 - ty) + b * ty + 0.5
      }
    }
  }
}

const clamp255 = (x: number): number => (x < 0 ? 0 : x > 255 ? 255 : x)

/**
 * Applies a stateless image degradation (all but motion blur, which needs frame history: use `VideoDegrader`).
 * `rng` drives the noise. Writes into `out` (may be `src`).
 */
export function applyImageDegradation(src: Uint8Array, w: number, h: number, d: ImageDegradation, rng: Rng, out: Uint8Array = new Uint8Array(src.length)): Uint8Array {
  const n = w * h * 3
  switch (d.kind) {
    case 'downsample':
      downsample(src, w, h, d.factor, out)
      break
    case 'gaussian-blur':
      convolve(src, w, h, gaussianKernel(d.sigma), out)
      break
    case 'gaussian-noise': {
      const sd = Math.sqrt(d.variance) * 255
      for (let i = 0; i < n; i++) out[i] = clamp255(src[i] + normal(rng) * sd + 0.5)
      break
    }
    case 'colour-scale':
      for (let i = 0; i < n; i++) out[i] = src[i] * d.scale + 0.5
      break
    case 'low-light':
      for (let i = 0; i < n; i++) out[i] = clamp255(255 * d.gain * Math.pow(src[i] / 255, d.gamma) + normal(rng) * d.noise + 0.5)
      break
    case 'occlusion': {
      if (out !== src) out.set(src.subarray(0, n))
      const x0 = Math.round(d.x * w)
      const y0 = Math.round(d.y * h)
      const x1 = Math.min(w, Math.round((d.x + d.w) * w))
      const y1 = Math.min(h, Math.round((d.y + d.h) * h))
      for (let y = Math.max(0, y0); y < y1; y++) {
        for (let x = Math.max(0, x0); x < x1; x++) {
          const i = (y * w + x) * 3
          out[i] = d.color[0]
          out[i + 1] = d.color[1]
          out[i + 2] = d.color[2]
        }
      }
      break
    }
    case 'motion-blur':
      if (out !== src) out.set(src.subarray(0, n))
      break
  }
  return out
}

/**
 * Applies a session's video degradation schedule frame by frame, in order. Keeps the last clean frames
 * for motion blur. Frames outside every video segment are returned untouched.
 */
export class VideoDegrader {
  private readonly byFrame: Int32Array
  private readonly history: Uint8Array[] = []
  private readonly keep: number
  private readonly scratch: Uint8Array

  constructor(
    private readonly width: number,
    private readonly height: number,
    frames: number,
    private readonly segments: readonly DegradationSegment[],
    private readonly seed: number
  ) {
    this.byFrame = new Int32Array(frames).fill(-1)
    let keep = 0
    segments.forEach((s, k) => {
      if (!s.video) return
      for (let f = s.start; f < Math.min(frames, s.end); f++) this.byFrame[f] = k
      if (s.video.kind === 'motion-blur') keep = Math.max(keep, s.video.frames)
    })
    this.keep = keep
    this.scratch = new Uint8Array(width * height * 3)
  }

  /** Degrades `rgb` (frame `index`) in place when a video segment covers it; returns `rgb`. */
  apply(index: number, rgb: Uint8Array): Uint8Array {
    if (this.keep > 0) {
      const copy = this.history.length >= this.keep ? (this.history.shift() as Uint8Array) : new Uint8Array(rgb.length)
      copy.set(rgb)
      this.history.push(copy)
    }
    const k = index < this.byFrame.length ? this.byFrame[index] : -1
    if (k < 0) return rgb
    const d = this.segments[k].video as ImageDegradation
    if (d.kind === 'motion-blur') {
      const hs = this.history.slice(-d.frames)
      for (let i = 0; i < rgb.length; i++) {
        let s = 0
        for (const f of hs) s += f[i]
        rgb[i] = s / hs.length + 0.5
      }
      return rgb
    }
    const rng = mulberry32(deriveSeed(this.seed, `video-frame-${index}`))
    applyImageDegradation(rgb, this.width, this.height, d, rng, this.scratch)
    rgb.set(this.scratch)
    return rgb
  }
}

/** Applies audio segments in place: dropout → exact zeros; noise → white noise at `snrDb` below `refRms`. */
export function applyAudioDegradations(pcm: Float32Array, sampleRate: number, fps: number, segments: readonly DegradationSegment[], refRms: number, seed: number): void {
  segments.forEach((s, k) => {
    if (!s.audio) return
    const a = Math.max(0, Math.round((s.start / fps) * sampleRate))
    const b = Math.min(pcm.length, Math.round((s.end / fps) * sampleRate))
    if (s.audio.kind === 'dropout') {
      pcm.fill(0, a, b)
      return
    }
    const rng = mulberry32(deriveSeed(seed, `audio-segment-${k}`))
    const sd = refRms / Math.pow(10, s.audio.snrDb / 20)
    for (let i = a; i < b; i++) pcm[i] = Math.max(-1, Math.min(1, pcm[i] + normal(rng) * sd))
  })
}
