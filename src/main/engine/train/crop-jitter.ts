/**
 * Geometric jitter of training crops (the `jitter` augmentation of the stage-1 configs): each crop is resampled
 * through its own random affine map — independent horizontal / vertical scale, a small rotation and a shift — so
 * a feature's absolute size and position in the crop stop being a reliable cue, while its shape (e.g. the mouth
 * corners' lift) stays. Bilinear sampling, the border pixels replicated outwards. Seeded; the labels do not change.
 */
import { deriveSeed } from '../../../core/folds'
import { mulberry32 } from '../../../core/folds/seeded-random'
import { sampleRgbBilinear } from '../../media/crops'
import { flipCropsRandomly } from './frame-set'

/** One crop's draw: scales (1 = unchanged), rotation (radians) and shift (fraction of the crop side). */
export interface JitterDraw {
  readonly sx: number
  readonly sy: number
  readonly rot: number
  readonly tx: number
  readonly ty: number
}

/** Largest rotation at amount 1 (radians): amount 0.1 rotates by up to 6°. */
const ROT_PER_AMOUNT = Math.PI / 3

/** A draw for `amount` a ∈ [0, 0.3]: scales in [1 − a, 1 + a], rotation within ±a·60°, shifts within ±a/2. */
export function drawJitter(rng: () => number, amount: number): JitterDraw {
  const u = (): number => 2 * rng() - 1
  return { sx: 1 + amount * u(), sy: 1 + amount * u(), rot: amount * ROT_PER_AMOUNT * u(), tx: (amount / 2) * u(), ty: (amount / 2) * u() }
}

/**
 * Writes into `out` the crop `src` (size × size × 3 bytes) seen through draw `d`: the content is scaled by (sx, sy)
 * and rotated by `rot` about the crop centre, then moved by (tx, ty)·size. Output pixel p samples the source at
 * the inverse map of p.
 */
export function warpCrop(src: Uint8Array, size: number, d: JitterDraw, out: Uint8Array): void {
  const c = (size - 1) / 2
  const cos = Math.cos(d.rot)
  const sin = Math.sin(d.rot)
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      // undo the shift, then the rotation, then the scale
      const px = ox - c - d.tx * size
      const py = oy - c - d.ty * size
      sampleRgbBilinear(src, size, size, (cos * px + sin * py) / d.sx + c, (-sin * px + cos * py) / d.sy + c, out, (oy * size + ox) * 3)
    }
  }
}

/** Jitters each of `count` gathered crops in place with its own draw (seeded) and returns the draws. */
export function jitterCropsRandomly(buf: Uint8Array, count: number, size: number, amount: number, seed: number): JitterDraw[] {
  const rng = mulberry32(seed)
  const fb = size * size * 3
  const tmp = new Uint8Array(fb)
  const draws: JitterDraw[] = []
  for (let j = 0; j < count; j++) {
    const d = drawJitter(rng, amount)
    draws.push(d)
    const crop = buf.subarray(j * fb, (j + 1) * fb)
    tmp.set(crop)
    warpCrop(tmp, size, d, crop)
  }
  return draws
}

/** The stage-1 configs' crop augmentations (absent = off). */
export interface CropAugment {
  readonly flip?: boolean
  readonly jitter?: number
}

/** Largest `jitter` amount a config accepts. */
export const MAX_JITTER = 0.3

/** The validation problem of a config's augmentation fields, or null. */
export function augmentFieldsProblem(c: CropAugment): string | null {
  if (c.flip !== undefined && typeof c.flip !== 'boolean') return 'flip must be true or false'
  if (c.jitter !== undefined && !(typeof c.jitter === 'number' && c.jitter >= 0 && c.jitter <= MAX_JITTER)) return `jitter must be a number in [0, ${MAX_JITTER}]`
  return null
}

/**
 * Applies a config's augmentations to `count` gathered training crops in place, before they are degraded (G's
 * clean target is the augmented crop): mirror first, then jitter, each with its own seed derived from the step's.
 */
export function augmentCrops(c: CropAugment, buf: Uint8Array, count: number, size: number, stepSeed: number): void {
  if (c.flip === true) flipCropsRandomly(buf, count, size, deriveSeed(stepSeed, 0xf11b))
  if (c.jitter !== undefined && c.jitter > 0) jitterCropsRandomly(buf, count, size, c.jitter, deriveSeed(stepSeed, 0x5a17))
}
