/**
 * Face crops by a named policy. No paper states the crop rule (READING-NOTES "Face crops"); the
 * published ANCLaF/AEG code pads the landmark box by 1/8 of its width per side and resizes to a square,
 * which the thesis policies follow. The policy is part of each model's config.
 */

export interface CropPolicy {
  readonly name: string
  /** Padding added on each side, as a fraction of the landmark box's larger side. */
  readonly pad: number
  /** Output size in pixels (square). */
  readonly size: number
  readonly note: string
}

export const CROP_POLICIES: Readonly<Record<string, CropPolicy>> = {
  'thesis-128': { name: 'thesis-128', pad: 1 / 8, size: 128, note: 'ANCLaF / AEG-CD-SZ / AViGaS thesis models: landmark box + 1/8 per side, square, 128²' },
  'compact-64': { name: 'compact-64', pad: 1 / 8, size: 64, note: 'compact preset of the thesis models: same rule at 64²' },
  'mtl-112': { name: 'mtl-112', pad: 0.1, size: 112, note: 'multi-task model (P003 uses cropped-aligned 112² faces)' },
  'ap-256': { name: 'ap-256', pad: 0.2, size: 256, note: 'Affective Processes backbone input (P004: 256², random 224² crops in training)' }
}

export type CropBox = [x: number, y: number, side: number]

/**
 * Square crop box around 68 landmarks (x,y pairs): the landmark bounding box's larger side, padded by
 * `pad` × side on each side, centred on the box centre. Null when any point is missing (no face).
 */
export function cropBoxFromLandmarks(points: ArrayLike<number>, policy: CropPolicy): CropBox | null {
  let x0 = Infinity
  let y0 = Infinity
  let x1 = -Infinity
  let y1 = -Infinity
  for (let i = 0; i < points.length; i += 2) {
    const x = points[i]
    const y = points[i + 1]
    if (!Number.isFinite(x) || !Number.isFinite(y)) return null
    x0 = Math.min(x0, x)
    x1 = Math.max(x1, x)
    y0 = Math.min(y0, y)
    y1 = Math.max(y1, y)
  }
  if (!Number.isFinite(x0)) return null
  const side0 = Math.max(x1 - x0, y1 - y0)
  const side = side0 * (1 + 2 * policy.pad)
  return [(x0 + x1) / 2 - side / 2, (y0 + y1) / 2 - side / 2, side]
}

/**
 * Bilinear resampling of the square `box` of an RGB24 image to size × size (pixel centres aligned;
 * outside the image the nearest edge pixel is repeated). Deterministic: same input, same bytes.
 */
export function cropRgb(rgb: Uint8Array, width: number, height: number, box: CropBox, size: number, out = new Uint8Array(size * size * 3)): Uint8Array {
  const [bx, by, side] = box
  const scale = side / size
  for (let oy = 0; oy < size; oy++) {
    const sy = by + (oy + 0.5) * scale - 0.5
    for (let ox = 0; ox < size; ox++) sampleRgbBilinear(rgb, width, height, bx + (ox + 0.5) * scale - 0.5, sy, out, (oy * size + ox) * 3)
  }
  return out
}

/**
 * Writes to out[o..o+2] the RGB of `rgb` (width × height × 3 bytes) at the real position (sx, sy), bilinearly
 * interpolated and rounded; positions outside the image take the nearest border pixel.
 */
export function sampleRgbBilinear(rgb: Uint8Array, width: number, height: number, sx: number, sy: number, out: Uint8Array, o: number): void {
  const x = Math.min(width - 1, Math.max(0, sx))
  const y = Math.min(height - 1, Math.max(0, sy))
  const x0 = Math.floor(x)
  const y0 = Math.floor(y)
  const x1 = Math.min(width - 1, x0 + 1)
  const y1 = Math.min(height - 1, y0 + 1)
  const fx = x - x0
  const fy = y - y0
  const a = (y0 * width + x0) * 3
  const b = (y0 * width + x1) * 3
  const c = (y1 * width + x0) * 3
  const d = (y1 * width + x1) * 3
  for (let k = 0; k < 3; k++) {
    const top = rgb[a + k] + (rgb[b + k] - rgb[a + k]) * fx
    const bottom = rgb[c + k] + (rgb[d + k] - rgb[c + k]) * fx
    out[o + k] = Math.round(top + (bottom - top) * fy)
  }
}
