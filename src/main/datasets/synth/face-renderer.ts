import { computeLayout, DEPTH, headHalfWidth, type FaceLayout } from './face-geometry'
import { paintBrows, paintExpressionShading, paintEyes, paintMouth, paintNose } from './face-features'
import type { FaceIdentity, FaceParams } from './face-types'
import { fillBackground, paintShape, planeFrame, sdEllipse, smoothstep, type Canvas, type PlaneFrame } from './raster'

export { faceLandmarks68, landmarksFromLayout, LANDMARK_COUNT } from './face-landmarks'
export type { FaceIdentity, FaceParams, HeadPose } from './face-types'

const LIGHT = (() => {
  const l = [-0.38, -0.5, 0.78]
  const n = Math.hypot(l[0], l[1], l[2])
  return [l[0] / n, l[1] / n, l[2] / n] as const
})()

function sdBox(u: number, v: number, hx: number, hy: number, r: number): number {
  const qx = Math.abs(u) - hx + r
  const qy = Math.abs(v) - hy + r
  const ox = Math.max(qx, 0)
  const oy = Math.max(qy, 0)
  return Math.sqrt(ox * ox + oy * oy) + Math.min(Math.max(qx, qy), 0) - r
}

/** Shirt and neck in a body frame that follows translation but not head rotation. */
function paintBody(c: Canvas, L: FaceLayout, id: FaceIdentity): void {
  const body: FaceLayout = { ...L, cx: L.cx * 0.5 + (c.width / 2) * 0.5, cosYaw: 1, sinYaw: 0, cosRoll: 1, sinRoll: 0 }
  const f = planeFrame(body, 0)
  const shirt = id.shirt
  const nw = 0.25 * id.faceWidth
  const skin = id.skin
  paintShape(c, f, { u0: -nw - 0.15, u1: nw + 0.15, v0: 0.2, v1: 1.7 }, (u, v) => {
    const flare = smoothstep(1.0, 1.45, v) * 0.1
    return sdBox(u, v - 0.95, nw + flare, 0.72, 0.04)
  }, (u, v, rgb) => {
    const k = 0.6 + 0.18 * smoothstep(0.75, 1.25, v) - 0.1 * smoothstep(0.1, nw, u)
    rgb[0] = skin[0] * k
    rgb[1] = skin[1] * k * 0.97
    rgb[2] = skin[2] * k * 0.95
  })
  paintShape(c, f, { u0: -1.8, u1: 1.8, v0: 1.0, v1: 3 }, (u, v) => Math.max(sdEllipse(u, v - 2.05, 1.5, 0.82), -sdEllipse(u, v - 1.2, 0.34, 0.2)), (u, v, rgb) => {
    const k = 0.7 + 0.35 * smoothstep(1.6, 0.6, Math.abs(u) + (v - 1.3) * 0.3)
    rgb[0] = shirt[0] * k
    rgb[1] = shirt[1] * k
    rgb[2] = shirt[2] * k
  })
}

function hairShader(id: FaceIdentity, f: PlaneFrame): (u: number, v: number, rgb: Float64Array) => void {
  const h = id.hair
  const fine = 0.07 * Math.min(1, f.L.unit / 50)
  return (u, v, rgb) => {
    const theta = u / (v + 1.7)
    const strands = 0.93 + fine * Math.sin(theta * 95 + 3 * Math.sin(v * 9))
    const light = 0.8 + 0.4 * smoothstep(0.9, -0.6, u * 0.6 + v)
    const k = strands * light
    rgb[0] = h[0] * k + 10 * light
    rgb[1] = h[1] * k + 8 * light
    rgb[2] = h[2] * k + 6 * light
  }
}

function paintBackHair(c: Canvas, L: FaceLayout, id: FaceIdentity): void {
  const f = planeFrame(L, DEPTH.head)
  const rx = L.head.rx
  const shade = hairShader(id, f)
  // Pixels well inside the head are painted over by it: skip them.
  const hidden = (u: number, v: number): boolean => {
    const a = u / (rx * 0.9)
    const b = v / (L.head.ryTop * 0.9)
    return v < 0.5 && a * a + b * b < 1
  }
  if (id.hairStyle === 'long') {
    paintShape(c, f, { u0: -rx * 1.4, u1: rx * 1.4, v0: -1.3, v1: 1.7 }, (u, v) => {
      if (hidden(u, v)) return 1
      const dome = sdEllipse(u, v + 0.08, rx * 1.22, L.head.ryTop * 1.14)
      const drape = sdBox(u, v - 0.55, rx * 1.18 - 0.1 * Math.max(0, v - 0.2), 0.95, 0.25)
      return Math.min(dome, drape)
    }, (u, v, rgb) => {
      shade(u, v, rgb)
      const k = 0.8
      rgb[0] *= k
      rgb[1] *= k
      rgb[2] *= k
    })
  } else {
    paintShape(c, f, { u0: -rx * 1.2, u1: rx * 1.2, v0: -1.3, v1: 0.4 }, (u, v) => (hidden(u, v) ? 1 : sdEllipse(u, v + 0.1, rx * 1.1, L.head.ryTop * 1.04)), shade)
    if (id.hairStyle === 'bun') {
      paintShape(c, f, { u0: -0.4, u1: 0.4, v0: -1.6, v1: -0.7 }, (u, v) => sdEllipse(u, v + 1.13, 0.3, 0.24), shade)
    }
  }
}

function paintEars(c: Canvas, L: FaceLayout, id: FaceIdentity): void {
  const f = planeFrame(L, DEPTH.ears)
  const skin = id.skin
  for (const side of [-1, 1]) {
    const eu = side * (headHalfWidth(L, 0.08) + 0.01)
    const box = { u0: eu - 0.14, u1: eu + 0.14, v0: -0.15, v1: 0.35 }
    paintShape(c, f, box, (u, v) => sdEllipse(u - eu, v - 0.09, 0.085, 0.175), (u, v, rgb) => {
      const inner = Math.exp(-((((u - eu + side * 0.01) / 0.035) ** 2) + ((v - 0.1) / 0.09) ** 2))
      const k = 0.82 - 0.25 * inner
      rgb[0] = skin[0] * k
      rgb[1] = skin[1] * k * 0.95
      rgb[2] = skin[2] * k * 0.93
    })
  }
}

function paintHead(c: Canvas, L: FaceLayout, id: FaceIdentity): void {
  const f = planeFrame(L, DEPTH.head)
  const h = L.head
  const skin = id.skin
  paintShape(c, f, { u0: -h.rx - 0.05, u1: h.rx + 0.05, v0: -h.ryTop - 0.05, v1: h.ryBottom + 0.05 }, (u, v) => {
    const ry = v < 0 ? h.ryTop : h.ryBottom
    const t = v / ry
    const taper = v > 0 ? 1 - h.taper * Math.min(1, t * t) : 1
    return sdEllipse(u / taper, v, h.rx, ry) * taper
  }, (u, v, rgb) => {
    const ry = v < 0 ? h.ryTop : h.ryBottom
    const t = v / ry
    const taper = v > 0 ? 1 - h.taper * Math.min(1, t * t) : 1
    const nx = u / (h.rx * taper)
    const ny = v / ry
    const nz = Math.sqrt(Math.max(0, 1 - nx * nx - ny * ny))
    const lambert = Math.max(0, nx * LIGHT[0] + ny * LIGHT[1] + nz * LIGHT[2])
    const jaw = 1 - 0.18 * smoothstep(ry - 0.3, ry, v + 0.1 * Math.abs(u)) * (v > 0 ? 1 : 0)
    const k = (0.58 + 0.5 * lambert) * jaw
    // Warmer shadows: green and blue fall off faster than red (≈ k^1.08, k^1.18).
    rgb[0] = skin[0] * k + 6
    rgb[1] = skin[1] * k * (0.92 + 0.08 * k)
    rgb[2] = skin[2] * k * (0.82 + 0.18 * k)
  })
}

function paintFrontHair(c: Canvas, L: FaceLayout, id: FaceIdentity): void {
  const f = planeFrame(L, DEPTH.head)
  const rx = L.head.rx
  const phase = (id.faceWidth * 37) % 6.28
  const part = id.hairStyle === 'short' ? 0.05 : 0.02
  paintShape(c, f, { u0: -rx * 1.15, u1: rx * 1.15, v0: -L.head.ryTop * 1.15, v1: 0.1 }, (u, v) => {
    const a = Math.min(1, Math.abs(u) / rx)
    const below = (v - (-0.5 + 0.44 * a * a * a + part * Math.sin(u * 7 + phase))) * 0.8
    if (below > 0.05) return below
    return Math.max(sdEllipse(u, v + 0.06, rx * 1.08, L.head.ryTop * 1.06), below)
  }, hairShader(id, f))
}

/**
 * Renders a frontal face as RGB24 (row-major, 3 bytes per pixel). Pure: the same params and size give
 * the same bytes. Writes into `out` when given (must be width·height·3 long).
 */
export function renderFace(params: FaceParams, width: number, height: number, out?: Uint8Array): Uint8Array {
  const n = width * height * 3
  const data = out ?? new Uint8Array(n)
  if (data.length !== n) throw new RangeError(`renderFace: out has ${data.length} bytes, expected ${n}`)
  const c: Canvas = { data, width, height }
  const id = params.identity
  const L = computeLayout(params, width, height)
  const bg = id.background
  fillBackground(c, [Math.min(255, bg[0] * 1.12), Math.min(255, bg[1] * 1.12), Math.min(255, bg[2] * 1.12)], [bg[0] * 0.78, bg[1] * 0.78, bg[2] * 0.78])
  paintBody(c, L, id)
  if (id.hairStyle === 'long') {
    if (id.showEars) paintEars(c, L, id)
    paintBackHair(c, L, id)
  } else {
    paintBackHair(c, L, id)
    if (id.showEars) paintEars(c, L, id)
  }
  paintHead(c, L, id)
  paintExpressionShading(c, L, id, params.valence, params.arousal)
  paintFrontHair(c, L, id)
  paintBrows(c, L, id)
  paintEyes(c, L, id)
  paintNose(c, L, id)
  paintMouth(c, L, id)
  return data
}
