import { colormap, type ColormapName } from './colormap'

/**
 * RGBA pixels of quantised spectrogram columns (uint8, time-major data[t·nMels + m], m = 0 lowest band):
 * width = columns, height = nMels, the LOWEST band on the BOTTOM row (as spectrograms are read).
 */
export function spectrogramPixels(data: Uint8Array, columns: number, nMels: number, map: ColormapName = 'magma'): Uint8ClampedArray<ArrayBuffer> {
  const lut = colormap(map)
  const px = new Uint8ClampedArray(columns * nMels * 4)
  for (let t = 0; t < columns; t++) {
    for (let m = 0; m < nMels; m++) {
      const v = data[t * nMels + m]
      const row = nMels - 1 - m
      const o = (row * columns + t) * 4
      px[o] = lut[v * 3]
      px[o + 1] = lut[v * 3 + 1]
      px[o + 2] = lut[v * 3 + 2]
      px[o + 3] = 255
    }
  }
  return px
}
