import { inflateSync } from 'node:zlib'

/** Decodes the 8-bit RGB, non-interlaced PNGs that encodePng writes (filter types 0–4) — for tests. */
export function decodePngRgbForTest(png: Buffer): Uint8Array {
  let pos = 8
  let width = 0
  let height = 0
  const idat: Buffer[] = []
  while (pos < png.length) {
    const len = png.readUInt32BE(pos)
    const type = png.toString('ascii', pos + 4, pos + 8)
    const data = png.subarray(pos + 8, pos + 8 + len)
    if (type === 'IHDR') {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
      if (data[8] !== 8 || data[9] !== 2) throw new Error('only 8-bit RGB')
    } else if (type === 'IDAT') idat.push(data)
    pos += 12 + len
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * 3
  const out = new Uint8Array(stride * height)
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]
    for (let x = 0; x < stride; x++) {
      const cur = raw[y * (stride + 1) + 1 + x]
      const a = x >= 3 ? out[y * stride + x - 3] : 0
      const b = y > 0 ? out[(y - 1) * stride + x] : 0
      const c = x >= 3 && y > 0 ? out[(y - 1) * stride + x - 3] : 0
      const p = a + b - c
      const pr = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c
      const pred = f === 0 ? 0 : f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : pr
      out[y * stride + x] = (cur + pred) & 255
    }
  }
  return out
}
