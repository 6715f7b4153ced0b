/**
 * Perceptually uniform colormaps as 256-entry RGB lookup tables, interpolated from matplotlib's viridis / magma
 * anchor colours (every 32nd entry of the published tables).
 */
const VIRIDIS_ANCHORS = [
  [68, 1, 84], [72, 35, 116], [64, 67, 135], [52, 94, 141], [41, 120, 142], [32, 144, 140], [34, 167, 132],
  [68, 190, 112], [121, 209, 81], [189, 222, 38], [253, 231, 37]
] as const
const MAGMA_ANCHORS = [
  [0, 0, 4], [28, 16, 68], [79, 18, 123], [129, 37, 129], [181, 54, 122], [229, 80, 100], [251, 135, 97],
  [254, 194, 135], [252, 253, 191]
] as const

export type ColormapName = 'viridis' | 'magma'

function build(anchors: readonly (readonly [number, number, number])[]): Uint8Array {
  const lut = new Uint8Array(256 * 3)
  const segs = anchors.length - 1
  for (let i = 0; i < 256; i++) {
    const pos = (i / 255) * segs
    const k = Math.min(segs - 1, Math.floor(pos))
    const f = pos - k
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(anchors[k][c] + (anchors[k + 1][c] - anchors[k][c]) * f)
  }
  return lut
}

const LUTS: Record<ColormapName, Uint8Array> = { viridis: build(VIRIDIS_ANCHORS), magma: build(MAGMA_ANCHORS) }

/** 256 × RGB lookup table. */
export function colormap(name: ColormapName = 'viridis'): Uint8Array {
  return LUTS[name]
}

/** CSS colour of value v ∈ [0, 1]. */
export function colorAt(v: number, name: ColormapName = 'viridis'): string {
  const lut = LUTS[name]
  const i = Math.max(0, Math.min(255, Math.round(v * 255))) * 3
  return `rgb(${lut[i]},${lut[i + 1]},${lut[i + 2]})`
}
