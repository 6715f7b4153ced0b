/**
 * The thesis's degradation models on whole RGB frames (T L833-837: downsampling ×½ ¼ ⅛, Gaussian blur σ 1/3/5 px,
 * Gaussian noise σ² 0.001/0.005/0.01, intensity scaling 0.8/0.5/0.2; motion blur T L1168: the mean of the last
 * L ∈ {10, 15, 25} frames), seeded, for the tracker evaluation (moving-face category 3, `degrade` for the denoiser
 * ablation). The pixel operations are the synthetic world's (datasets/synth/degradations.ts); σ and the motion
 * window refer to the frame as it is (no rescaling to a 64² crop), so a degradation hides less of a large face.
 */
import { applyImageDegradation, thesisImageDegradation, type ImageDegradation, type ThesisImageKind } from '../../datasets/synth/degradations'
import { deriveSeed, mulberry32, pick, type Rng } from '../../datasets/synth/prng'
import type { RgbImage } from '../human-detector'

/** The thesis kinds (no occlusion / low light: those are the synthetic world's extras). */
export type ThesisDegradationKind = ThesisImageKind
export const THESIS_KINDS: readonly ThesisDegradationKind[] = ['downsample', 'gaussian-blur', 'gaussian-noise', 'colour-scale', 'motion-blur']

/** A random thesis degradation of one of `kinds` (levels drawn uniformly). */
export function drawDegradation(rng: Rng, kinds: readonly ThesisDegradationKind[] = THESIS_KINDS): ImageDegradation {
  return thesisImageDegradation(rng, pick(rng, kinds))
}

/** One image with one stateless degradation (motion blur needs frames: see degradeSequence). */
export function degradeImage(img: RgbImage, d: ImageDegradation, seed: number): RgbImage {
  const out = new Uint8Array(img.data.length)
  applyImageDegradation(img.data, img.width, img.height, d, mulberry32(seed), out)
  return { data: out, width: img.width, height: img.height }
}

/**
 * Degrades a frame sequence: segments of `segment` frames each get one drawn degradation (motion blur = the mean of
 * the last L clean frames, fewer at the start). Returns new frames (the input is left as it is) and what was applied.
 */
export function degradeSequence(
  frames: readonly RgbImage[],
  opts: { seed: number; segment?: number; kinds?: readonly ThesisDegradationKind[] }
): { frames: RgbImage[]; applied: ImageDegradation[] } {
  const seg = Math.max(1, opts.segment ?? 10)
  const rng = mulberry32(deriveSeed(opts.seed, 'degrade-sequence'))
  const out: RgbImage[] = []
  const applied: ImageDegradation[] = []
  let d: ImageDegradation = drawDegradation(rng, opts.kinds)
  frames.forEach((f, i) => {
    if (i > 0 && i % seg === 0) d = drawDegradation(rng, opts.kinds)
    applied.push(d)
    if (d.kind === 'motion-blur') {
      const hs = frames.slice(Math.max(0, i - d.frames + 1), i + 1)
      const data = new Uint8Array(f.data.length)
      for (let k = 0; k < data.length; k++) {
        let s = 0
        for (const h of hs) s += h.data[k]
        data[k] = s / hs.length + 0.5
      }
      out.push({ data, width: f.width, height: f.height })
    } else out.push(degradeImage(f, d, deriveSeed(opts.seed, `frame-${i}`)))
  })
  return { frames: out, applied }
}

/** A short text for a degradation (reports). */
export function describeDegradation(d: ImageDegradation): string {
  switch (d.kind) {
    case 'downsample':
      return `downsample ×1/${d.factor}`
    case 'gaussian-blur':
      return `blur σ ${d.sigma}`
    case 'gaussian-noise':
      return `noise σ² ${d.variance}`
    case 'colour-scale':
      return `intensity ×${d.scale}`
    case 'motion-blur':
      return `motion blur ${d.frames} frames`
    default:
      return d.kind
  }
}
