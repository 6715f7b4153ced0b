/**
 * Optional photometric normalisation of stage-1 inputs (`inputNorm`, absent = none; not from the papers).
 *
 * 'face-standardise': each image (after any training degradation) is standardised by the mean and standard deviation
 * of its CENTRE window — the middle half of the crop in each direction, which the compact-64 / thesis-128 policy
 * (landmark box + 1/8 per side) fills with cheeks, eyes, nose and mouth — over all three channels together, then
 * divided by FACE_SPREAD and clipped to [−1, 1]: x' = clip((x − μ_c) / (FACE_SPREAD·σ_c + ε), −1, 1). One affine map
 * per image, so hue relations stay. Why: in the synthetic world a dark-skinned subject's expression shading (folds,
 * lip and brow contrast) spans a few grey levels, and a model trained on lighter faces reads that subject at chance
 * (issue #6, fold 2's S05); low light (the world's colour-scale segments, the "intensity" degradation) is a scale
 * the map undoes. The centre window keeps bright hair or background from setting the scale.
 * G's reconstruction target and D's real images are normalised the same way, so G denoises in the normalised domain.
 * Measured on three folds of the 32-subject world (config.ts): .718 held-out mean against .733 without, and S05 stays
 * at chance; it is an option, off by default.
 */
import type { Tensor4D } from '../../tf'
import { getTf } from '../../tf'

export type InputNorm = 'face-standardise'
export const INPUT_NORMS: readonly InputNorm[] = ['face-standardise']

/** ±FACE_SPREAD standard deviations of the centre window map onto ±1. */
export const FACE_SPREAD = 2.5
/** Floor of the scale (in the [−1, 1] input units): a flat image stays flat instead of amplifying rounding. */
export const MIN_SCALE = 0.02

/** Applies `norm` to x [N, H, W, 3] in [−1, 1]; returns x itself when `norm` is undefined (the caller owns both). */
export function normaliseInput(x: Tensor4D, norm: InputNorm | undefined): Tensor4D {
  if (norm === undefined) return x
  const tf = getTf()
  const [, h, w] = x.shape
  const y0 = Math.floor(h / 4)
  const x0 = Math.floor(w / 4)
  return tf.tidy(() => {
    const centre = tf.slice(x, [0, y0, x0, 0], [-1, h - 2 * y0, w - 2 * x0, -1])
    const { mean, variance } = tf.moments(centre, [1, 2, 3], true)
    const scale = tf.maximum(tf.mul(tf.sqrt(variance), FACE_SPREAD), MIN_SCALE)
    return tf.clipByValue(tf.div(tf.sub(x, mean), scale), -1, 1) as Tensor4D
  })
}

/** Why a config's `inputNorm` field is unacceptable, or null. */
export function inputNormProblem(c: { readonly inputNorm?: unknown; readonly input?: unknown }): string | null {
  if (c.inputNorm === undefined) return null
  if (!INPUT_NORMS.includes(c.inputNorm as InputNorm)) return `inputNorm must be ${INPUT_NORMS.map((n) => `'${n}'`).join(' or ')} (or absent), got ${JSON.stringify(c.inputNorm)}`
  if (c.input === 'spectrogram') return 'inputNorm is for face crops; spectrogram windows keep their dB scale'
  return null
}
