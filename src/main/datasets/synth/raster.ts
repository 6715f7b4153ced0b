import type { FaceLayout } from './face-geometry'
import type { Rgb } from './face-types'

/** Affine map from pixel (x, y) to the face-local plane at depth z, plus its pixel scale. */
export interface PlaneFrame {
  readonly L: FaceLayout
  readonly z: number
  readonly ua: number
  readonly ub: number
  readonly uc: number
  readonly va: number
  readonly vb: number
  readonly vc: number
}

export interface Canvas {
  readonly data: Uint8Array
  readonly width: number
  readonly height: number
}

/** Local bounding box in face units. */
export interface LocalBox {
  readonly u0: number
  readonly v0: number
  readonly u1: number
  readonly v1: number
}

export function planeFrame(L: FaceLayout, z: number): PlaneFrame {
  const k = 1 / L.unit
  const cy = L.cosYaw
  const ua = (L.cosRoll * k) / cy
  const ub = (L.sinRoll * k) / cy
  const uc = (-(L.cx * L.cosRoll + L.cy * L.sinRoll) * k - z * L.sinYaw) / cy
  const va = -L.sinRoll * k
  const vb = L.cosRoll * k
  const vc = (L.cx * L.sinRoll - L.cy * L.cosRoll) * k
  return { L, z, ua, ub, uc, va, vb, vc }
}

interface PixelBox {
  x0: number
  y0: number
  x1: number
  y1: number
}

function pixelBox(c: Canvas, f: PlaneFrame, b: LocalBox): PixelBox | null {
  const L = f.L
  let x0 = Infinity
  let y0 = Infinity
  let x1 = -Infinity
  let y1 = -Infinity
  const us = [b.u0, b.u1]
  const vs = [b.v0, b.v1]
  for (const u of us) {
    for (const v of vs) {
      const up = u * L.cosYaw + f.z * L.sinYaw
      const x = L.cx + L.unit * (up * L.cosRoll - v * L.sinRoll)
      const y = L.cy + L.unit * (up * L.sinRoll + v * L.cosRoll)
      if (x < x0) x0 = x
      if (x > x1) x1 = x
      if (y < y0) y0 = y
      if (y > y1) y1 = y
    }
  }
  const bx0 = Math.max(0, Math.floor(x0 - 1))
  const by0 = Math.max(0, Math.floor(y0 - 1))
  const bx1 = Math.min(c.width - 1, Math.ceil(x1 + 1))
  const by1 = Math.min(c.height - 1, Math.ceil(y1 + 1))
  if (bx0 > bx1 || by0 > by1) return null
  return { x0: bx0, y0: by0, x1: bx1, y1: by1 }
}

/** Signed distance in face units (negative inside). */
export type Sdf = (u: number, v: number) => number
/** Writes the colour at (u, v) into rgb[0..2]; may also return an opacity multiplier in rgb[3]. */
export type Shader = (u: number, v: number, rgb: Float64Array) => void

const RGB = new Float64Array(4)

/**
 * Paints an anti-aliased shape: coverage = clamp(0.5 − sdf·pixelsPerUnit), blended over the canvas.
 * The shader may lower opacity through rgb[3] (starts at 1).
 */
export function paintShape(c: Canvas, f: PlaneFrame, box: LocalBox, sdf: Sdf, shade: Shader, opacity = 1): void {
  const pb = pixelBox(c, f, box)
  if (!pb) return
  const scale = f.L.unit
  const d = c.data
  const W = c.width
  for (let y = pb.y0; y <= pb.y1; y++) {
    let u = f.ua * pb.x0 + f.ub * y + f.uc
    let v = f.va * pb.x0 + f.vb * y + f.vc
    let i = (y * W + pb.x0) * 3
    for (let x = pb.x0; x <= pb.x1; x++, i += 3, u += f.ua, v += f.va) {
      const sd = sdf(u, v)
      let cov = 0.5 - sd * scale
      if (cov <= 0) continue
      if (cov > 1) cov = 1
      RGB[3] = 1
      shade(u, v, RGB)
      const a = cov * opacity * RGB[3]
      if (a <= 0) continue
      const r = RGB[0] < 0 ? 0 : RGB[0] > 255 ? 255 : RGB[0]
      const g = RGB[1] < 0 ? 0 : RGB[1] > 255 ? 255 : RGB[1]
      const b = RGB[2] < 0 ? 0 : RGB[2] > 255 ? 255 : RGB[2]
      d[i] = d[i] + (r - d[i]) * a + 0.5
      d[i + 1] = d[i + 1] + (g - d[i + 1]) * a + 0.5
      d[i + 2] = d[i + 2] + (b - d[i + 2]) * a + 0.5
    }
  }
}

/** Paints a soft (non-geometric) overlay: alpha(u, v) ∈ [0, 1] of a flat colour. */
export function paintSoft(c: Canvas, f: PlaneFrame, box: LocalBox, alpha: Sdf, color: Rgb): void {
  const pb = pixelBox(c, f, box)
  if (!pb) return
  const d = c.data
  const W = c.width
  const [r, g, b] = color
  for (let y = pb.y0; y <= pb.y1; y++) {
    let u = f.ua * pb.x0 + f.ub * y + f.uc
    let v = f.va * pb.x0 + f.vb * y + f.vc
    let i = (y * W + pb.x0) * 3
    for (let x = pb.x0; x <= pb.x1; x++, i += 3, u += f.ua, v += f.va) {
      let a = alpha(u, v)
      if (a <= 0.002) continue
      if (a > 1) a = 1
      d[i] = d[i] + (r - d[i]) * a + 0.5
      d[i + 1] = d[i + 1] + (g - d[i + 1]) * a + 0.5
      d[i + 2] = d[i + 2] + (b - d[i + 2]) * a + 0.5
    }
  }
}

/** Approximate signed distance to an axis-aligned ellipse centred at the origin (iq's k0·(k0−1)/k1). */
export function sdEllipse(u: number, v: number, rx: number, ry: number): number {
  const k0 = Math.sqrt((u * u) / (rx * rx) + (v * v) / (ry * ry))
  // Far from the outline (k0 − 1)·min(rx, ry) bounds the distance with the right sign: enough for coverage.
  const far = (k0 - 1) * (rx < ry ? rx : ry)
  if (far > 0.05 || far < -0.05) return far
  const k1 = Math.sqrt((u * u) / (rx * rx * rx * rx) + (v * v) / (ry * ry * ry * ry))
  return (k0 * (k0 - 1)) / k1
}

/** Distance from (u, v) to segment (ax, ay)–(bx, by). */
export function sdSegment(u: number, v: number, ax: number, ay: number, bx: number, by: number): number {
  const px = u - ax
  const py = v - ay
  const dx = bx - ax
  const dy = by - ay
  let h = (px * dx + py * dy) / (dx * dx + dy * dy)
  if (h < 0) h = 0
  else if (h > 1) h = 1
  const ex = px - dx * h
  const ey = py - dy * h
  return Math.sqrt(ex * ex + ey * ey)
}

export function smoothstep(e0: number, e1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)))
  return t * t * (3 - 2 * t)
}

/** Fills the whole canvas with a vertical gradient and a soft vignette. */
export function fillBackground(c: Canvas, top: Rgb, bottom: Rgb): void {
  const { width: W, height: H, data: d } = c
  const cx = W / 2
  const cy = H * 0.42
  const rr = 1 / (0.75 * Math.max(W, H)) ** 2
  for (let y = 0; y < H; y++) {
    const t = y / Math.max(1, H - 1)
    const r = top[0] + (bottom[0] - top[0]) * t
    const g = top[1] + (bottom[1] - top[1]) * t
    const b = top[2] + (bottom[2] - top[2]) * t
    const dy2 = (y - cy) * (y - cy)
    let i = y * W * 3
    for (let x = 0; x < W; x++, i += 3) {
      const k = 1.08 - 0.35 * ((x - cx) * (x - cx) + dy2) * rr
      d[i] = Math.min(255, r * k)
      d[i + 1] = Math.min(255, g * k)
      d[i + 2] = Math.min(255, b * k)
    }
  }
}
