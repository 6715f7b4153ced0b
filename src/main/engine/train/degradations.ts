/**
 * On-the-fly image degradations in tfjs, seeded (P002:L45; thesis levels T:L833-837; motion blur T:L1168):
 * downsample ×½ ¼ ⅛ (bilinear down and back up), Gaussian blur σ ∈ {1, 3, 5} px, Gaussian noise σ² ∈
 * {0.001, 0.005, 0.01} on the [0, 1] intensity scale, intensity (colour) scaling s ∈ {0.8, 0.5, 0.2} and motion
 * blur. The thesis' motion blur averages L ∈ {10, 15, 25} consecutive frames; training samples are single shuffled
 * frames, so here it is a linear motion kernel of L ∈ {5, 9, 13} px (at 64², scaled with the input size) along a
 * random direction of {0°, 45°, 90°, 135°} — a spatial stand-in, documented as such. Sizes in px refer to 64²
 * crops and scale with the input (σ at 128² is doubled), so a degradation hides the same fraction of the face.
 */
import type { Tensor, Tensor4D } from '../tf'
import { getTf } from '../tf'
import { deriveSeed, mulberry32 } from '../../../core/folds/seeded-random'
import type { DegradationKind } from '../models/anclaf/config'
import { THESIS_LEVELS } from '../../../core/degradation-levels'

export type Degradation =
  | { readonly kind: 'downsample'; readonly factor: 2 | 4 | 8 }
  | { readonly kind: 'gaussian-blur'; readonly sigma: 1 | 3 | 5 }
  | { readonly kind: 'gaussian-noise'; readonly variance: 0.001 | 0.005 | 0.01; readonly seed: number }
  | { readonly kind: 'intensity'; readonly scale: 0.8 | 0.5 | 0.2 }
  | { readonly kind: 'motion-blur'; readonly length: 5 | 9 | 13; readonly angle: 0 | 45 | 90 | 135 }

function pick<T>(rng: () => number, xs: readonly T[]): T {
  return xs[Math.min(xs.length - 1, Math.floor(rng() * xs.length))]
}

/** A random degradation of one of `kinds` (levels uniformly among the thesis levels). */
export function randomDegradation(rng: () => number, kinds: readonly DegradationKind[]): Degradation {
  const kind = pick(rng, kinds)
  switch (kind) {
    case 'downsample':
      return { kind, factor: pick(rng, THESIS_LEVELS.downsample) }
    case 'gaussian-blur':
      return { kind, sigma: pick(rng, THESIS_LEVELS.blurSigma) }
    case 'gaussian-noise':
      return { kind, variance: pick(rng, THESIS_LEVELS.noiseVariance), seed: Math.floor(rng() * 2 ** 31) }
    case 'intensity':
      return { kind, scale: pick(rng, THESIS_LEVELS.intensityScale) }
    case 'motion-blur':
      return { kind, length: pick(rng, [5, 9, 13] as const), angle: pick(rng, [0, 45, 90, 135] as const) }
  }
}

function gaussianKernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(3 * sigma))
  const k = new Float32Array(2 * r + 1)
  let s = 0
  for (let i = -r; i <= r; i++) s += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma))
  return k.map((x) => x / s)
}

/** Depthwise 2-D filter (same kernel on each of 3 channels), edge-replicated borders. */
function filter2d(x: Tensor4D, kernel: Float32Array, kh: number, kw: number): Tensor4D {
  const tf = getTf()
  const taps = new Float32Array(kh * kw * 3)
  for (let i = 0; i < kh * kw; i++) for (let c = 0; c < 3; c++) taps[i * 3 + c] = kernel[i]
  const ph = (kh - 1) / 2
  const pw = (kw - 1) / 2
  let padded: Tensor4D = x
  // Edge replication by repeated 1-px mirror-free padding: symmetric padding of width ≤ size-1 (tfjs mirrorPad).
  if (ph > 0 || pw > 0) padded = tf.mirrorPad(x, [[0, 0], [ph, ph], [pw, pw], [0, 0]], 'symmetric')
  return tf.depthwiseConv2d(padded, tf.tensor4d(taps, [kh, kw, 3, 1]), 1, 'valid')
}

function motionKernel(length: number, angle: number): { k: Float32Array; size: number } {
  const size = length
  const k = new Float32Array(size * size)
  const c = (size - 1) / 2
  const rad = (angle * Math.PI) / 180
  for (let t = -c; t <= c; t++) {
    const x = Math.round(c + t * Math.cos(rad))
    const y = Math.round(c - t * Math.sin(rad))
    k[y * size + x] = 1
  }
  const s = k.reduce((a, b) => a + b, 0)
  return { k: k.map((v) => v / s), size }
}

/** Applies one degradation to [n, S, S, 3] images in [−1, 1]; the result is clipped to [−1, 1]. */
export function applyDegradation(x: Tensor4D, d: Degradation): Tensor4D {
  const tf = getTf()
  const size = x.shape[1]
  const scale = size / 64
  return tf.tidy(() => {
    const u = tf.div(tf.add(x, 1), 2) as Tensor4D // [0, 1]
    let y: Tensor4D
    switch (d.kind) {
      case 'downsample': {
        const small = Math.max(1, Math.round(size / d.factor))
        y = tf.image.resizeBilinear(tf.image.resizeBilinear(u, [small, small], false, true), [size, size], false, true)
        break
      }
      case 'gaussian-blur': {
        const k = gaussianKernel(d.sigma * scale)
        const r = Math.min((k.length - 1) / 2, size - 1)
        const kk = k.slice((k.length - 1) / 2 - r, (k.length - 1) / 2 + r + 1)
        const sum = kk.reduce((a, b) => a + b, 0)
        const norm = kk.map((v) => v / sum)
        y = filter2d(filter2d(u, norm, norm.length, 1), norm, 1, norm.length)
        break
      }
      case 'gaussian-noise':
        y = tf.add(u, tf.randomNormal(u.shape, 0, Math.sqrt(d.variance), 'float32', d.seed)) as Tensor4D
        break
      case 'intensity':
        y = tf.mul(u, d.scale) as Tensor4D
        break
      case 'motion-blur': {
        const len = Math.min(size - 1, Math.round(d.length * scale) | 1)
        const { k, size: ks } = motionKernel(len, d.angle)
        y = filter2d(u, k, ks, ks)
        break
      }
    }
    return tf.sub(tf.mul(tf.clipByValue(y, 0, 1), 2), 1) as Tensor4D
  })
}

export interface DegradeBatchResult {
  readonly images: Tensor4D
  /** Per sample: the degradation applied, or null (left clean). */
  readonly applied: readonly (Degradation | null)[]
}

/**
 * Degrades each sample of a batch independently with probability `probability` (seeded by `seed`; the same seed
 * gives the same degradations and the same noise).
 */
export function degradeBatch(x: Tensor4D, opts: { seed: number; probability: number; kinds: readonly DegradationKind[] }): DegradeBatchResult {
  const tf = getTf()
  const rng = mulberry32(deriveSeed(opts.seed, 0x5eed))
  const n = x.shape[0]
  const applied: (Degradation | null)[] = []
  for (let i = 0; i < n; i++) applied.push(opts.kinds.length > 0 && rng() < opts.probability ? randomDegradation(rng, opts.kinds) : null)
  const images = tf.tidy(() => {
    const parts: Tensor[] = []
    for (let i = 0; i < n; i++) {
      const xi = tf.slice(x, [i, 0, 0, 0], [1, -1, -1, -1]) as Tensor4D
      const d = applied[i]
      parts.push(d ? applyDegradation(xi, d) : xi)
    }
    return tf.concat(parts, 0) as Tensor4D
  })
  return { images, applied }
}
