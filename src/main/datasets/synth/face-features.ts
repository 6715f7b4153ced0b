import {
  browPoint,
  browRadius,
  DEPTH,
  eyeCentreU,
  lowerInnerLip,
  lowerLid,
  lowerOuterLip,
  mouthMid,
  upperInnerLip,
  upperLid,
  upperOuterLip,
  type FaceLayout
} from './face-geometry'
import type { FaceIdentity, Rgb } from './face-types'
import { paintShape, paintSoft, planeFrame, sdEllipse, sdSegment, smoothstep, type Canvas } from './raster'

const scaleRgb = (c: Rgb, k: number): Rgb => [c[0] * k, c[1] * k, c[2] * k]
const mixRgb = (a: Rgb, b: Rgb, t: number): Rgb => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t]
const gauss = (x: number): number => (x > 3.5 || x < -3.5 ? 0 : Math.exp(-x * x))
/** exp(−(a² + b²)) with an early zero far out. */
const gauss2 = (a: number, b: number): number => {
  const e = a * a + b * b
  return e > 12 ? 0 : Math.exp(-e)
}

/** Eyebrows: tapered strokes through five centre-line points, inner → outer. */
export function paintBrows(c: Canvas, L: FaceLayout, id: FaceIdentity): void {
  const f = planeFrame(L, DEPTH.brows)
  const color = mixRgb(scaleRgb(id.hair, 0.85), id.skin, 0.18)
  for (const side of [-1, 1]) {
    const pts: number[] = []
    const rad: number[] = []
    for (let k = 0; k <= 6; k++) {
      const [u, v] = browPoint(L, side, k / 6)
      pts.push(u, v)
      rad.push(browRadius(L, k / 6))
    }
    const u0 = Math.min(pts[0], pts[12]) - 0.05
    const u1 = Math.max(pts[0], pts[12]) + 0.05
    const box = { u0, u1, v0: L.brow.v - 0.15, v1: L.brow.v + 0.12 }
    const sdf = (u: number, v: number): number => {
      let d = 1e9
      for (let k = 0; k < 6; k++) {
        const r = 0.5 * (rad[k] + rad[k + 1])
        const dk = sdSegment(u, v, pts[2 * k], pts[2 * k + 1], pts[2 * k + 2], pts[2 * k + 3]) - r
        if (dk < d) d = dk
      }
      return d
    }
    paintShape(c, f, box, sdf, (_u, _v, rgb) => {
      rgb[0] = color[0]
      rgb[1] = color[1]
      rgb[2] = color[2]
    }, 0.9)
  }
}

/** Eyes: socket shading, sclera, iris, pupil, catch-light, lid line, lower lid, crease. */
export function paintEyes(c: Canvas, L: FaceLayout, id: FaceIdentity): void {
  const f = planeFrame(L, DEPTH.eyes)
  const e = L.eye
  const hw = e.halfWidth
  const lash: Rgb = [38, 26, 22]
  const skinDark = scaleRgb(id.skin, 0.62)
  for (const side of [-1, 1]) {
    const cu = eyeCentreU(L, side)
    const box = { u0: cu - hw * 1.6, u1: cu + hw * 1.6, v0: e.v - 0.16, v1: e.v + 0.1 }
    // Socket shadow and crease.
    paintSoft(c, f, box, (u, v) => 0.16 * gauss2((u - cu) / (hw * 1.25), (v - e.v + 0.035) / 0.075), skinDark)
    paintSoft(c, f, box, (u, v) => {
      const s = (u - cu) / hw
      if (s < -1.1 || s > 1.1) return 0
      const crease = e.v - (0.1 * hw) / 0.13 - 0.02 * (1 - s * s)
      return 0.35 * gauss((v - crease) / 0.008) * (1 - s * s * 0.7)
    }, skinDark)
    const open = (u: number, v: number): number => {
      const du = u - cu
      const s = Math.max(-1, Math.min(1, du / hw))
      return Math.max(upperLid(L, s) - v, v - lowerLid(L, s), Math.abs(du) - hw)
    }
    const ic = cu + e.gazeU
    const iv = e.v + e.gazeV + 0.004
    const ir = e.irisR
    const unit = L.unit
    paintShape(c, f, box, open, (u, v, rgb) => {
      const du = u - cu
      const s = du / hw
      const lidShade = 0.72 + 0.28 * smoothstep(0, 0.035, v - upperLid(L, Math.max(-1, Math.min(1, s))))
      const corner = 1 - 0.18 * s * s
      let r = 236 * corner * lidShade
      let g = 230 * corner * lidShade
      let b = 224 * corner * lidShade
      const dx = u - ic
      const dy = v - iv
      const rr = Math.sqrt(dx * dx + dy * dy)
      const irisCov = Math.min(1, Math.max(0, (ir - rr) * unit + 0.5))
      if (irisCov > 0) {
        const t = rr / ir
        const ring = t > 0.82 ? 0.55 : 1 - 0.25 * t
        let ir0 = id.iris[0] * ring * lidShade
        let ig0 = id.iris[1] * ring * lidShade
        let ib0 = id.iris[2] * ring * lidShade
        const pupilCov = Math.min(1, Math.max(0, (ir * 0.42 - rr) * unit + 0.5))
        ir0 += (14 - ir0) * pupilCov
        ig0 += (12 - ig0) * pupilCov
        ib0 += (12 - ib0) * pupilCov
        const hx = dx + ir * 0.32
        const hy = dy + ir * 0.34
        const hl = Math.min(1, Math.max(0, (ir * 0.2 - Math.sqrt(hx * hx + hy * hy)) * unit + 0.5))
        ir0 += (250 - ir0) * hl
        ig0 += (250 - ig0) * hl
        ib0 += (250 - ib0) * hl
        r += (ir0 - r) * irisCov
        g += (ig0 - g) * irisCov
        b += (ib0 - b) * irisCov
      }
      rgb[0] = r
      rgb[1] = g
      rgb[2] = b
    })
    // Upper lid line with lashes (thicker towards the outer corner), faint lower lid.
    const outer = side
    paintShape(c, f, box, (u, v) => {
      const s = (u - cu) / hw
      if (s < -1.12 || s > 1.12) return 1
      const sc = Math.max(-1, Math.min(1, s))
      const w = 0.008 + 0.007 * Math.max(0, s * outer) + 0.004 * (1 - s * s)
      return Math.max(Math.abs(v - (upperLid(L, sc) - 0.003)) - w, Math.abs(s) - 1.1)
    }, (_u, _v, rgb) => {
      rgb[0] = lash[0]
      rgb[1] = lash[1]
      rgb[2] = lash[2]
    })
    paintShape(c, f, box, (u, v) => {
      const s = (u - cu) / hw
      if (s < -1 || s > 1) return 1
      return Math.abs(v - lowerLid(L, s) - 0.002) - 0.004
    }, (_u, _v, rgb) => {
      rgb[0] = skinDark[0]
      rgb[1] = skinDark[1]
      rgb[2] = skinDark[2]
    }, 0.55)
  }
}

/** Nose: bridge shading, tip highlight, alae, nostrils and the shadow beneath. */
export function paintNose(c: Canvas, L: FaceLayout, id: FaceIdentity): void {
  const f = planeFrame(L, DEPTH.nose)
  const n = L.nose
  const hw = n.halfWidth
  const dark = scaleRgb(id.skin, 0.55)
  const light = mixRgb(id.skin, [255, 245, 235], 0.45)
  const box = { u0: -hw * 1.6, u1: hw * 1.6, v0: n.top - 0.05, v1: n.tip + 0.16 }
  const len = n.tip - n.top
  paintSoft(c, f, box, (u, v) => {
    const t = (v - n.top) / len
    if (t < 0 || t > 1.05) return 0
    return 0.22 * gauss((u - 0.045 - 0.03 * t) / (0.02 + 0.015 * t)) * Math.sin(Math.PI * Math.min(1, t))
  }, dark)
  paintSoft(c, f, box, (u, v) => 0.35 * gauss2(u / 0.035, (v - n.tip + 0.02) / 0.04), light)
  for (const side of [-1, 1]) {
    const au = side * hw * 0.72
    const av = n.tip + 0.045
    paintSoft(c, f, box, (u, v) => {
      const d = sdEllipse(u - au, v - av, hw * 0.36, 0.042)
      const lower = smoothstep(-0.03, 0.02, (v - av) + side * 0.3 * (u - au))
      return 0.32 * gauss(d / 0.01) * lower
    }, dark)
    const nu = side * hw * 0.36
    const nv = n.tip + 0.068
    paintShape(c, f, box, (u, v) => sdEllipse(u - nu, v - nv, 0.024, 0.011), (_u, _v, rgb) => {
      rgb[0] = id.skin[0] * 0.3
      rgb[1] = id.skin[1] * 0.22
      rgb[2] = id.skin[2] * 0.22
    }, 0.85)
  }
  paintSoft(c, f, box, (u, v) => 0.16 * gauss2(u / 0.09, (v - n.tip - 0.1) / 0.018), dark)
}

/** Cheek blush/raise, nasolabial folds (smile), frown and forehead lines. */
export function paintExpressionShading(c: Canvas, L: FaceLayout, id: FaceIdentity, valence: number, arousal: number): void {
  const f = planeFrame(L, DEPTH.cheeks)
  const vPos = Math.max(0, valence)
  const vNeg = Math.max(0, -valence)
  const aPos = Math.max(0, arousal)
  const blush: Rgb = mixRgb(id.skin, [210, 70, 80], 0.6)
  const dark = scaleRgb(id.skin, 0.6)
  const light = mixRgb(id.skin, [255, 240, 228], 0.5)
  const cv = L.cheek.v
  const cu = L.eye.spacing + 0.08
  for (const side of [-1, 1]) {
    const cheekBox = { u0: side * cu - 0.36, u1: side * cu + 0.36, v0: cv - 0.3, v1: cv + 0.3 }
    const su = side * cu
    paintSoft(c, f, cheekBox, (u, v) => (0.08 + 0.28 * vPos) * gauss2((u - su) / 0.13, (v - cv) / 0.1), blush)
    if (vPos > 0.02) {
      const hu = su - side * 0.03
      paintSoft(c, f, cheekBox, (u, v) => 0.22 * vPos * gauss2((u - hu) / 0.07, (v - cv + 0.05) / 0.05), light)
    }
  }
  const mw = L.mouth.halfWidth
  const ax = L.nose.halfWidth * 0.95
  const ay = L.nose.tip + 0.05
  const bx = mw + 0.035
  const by = mouthMid(L, 1) + 0.02
  const fold = 0.05 + 0.42 * vPos
  const foldBox = { u0: -bx - 0.08, u1: bx + 0.08, v0: ay - 0.03, v1: by + 0.05 }
  paintSoft(c, f, foldBox, (u, v) => {
    if (Math.abs(u) < ax - 0.04) return 0
    const au = Math.abs(u)
    const mx = (ax + bx) / 2 + 0.03
    const my = (ay + by) / 2
    const d = Math.min(sdSegment(au, v, ax, ay, mx, my), sdSegment(au, v, mx, my, bx, by))
    return fold * gauss(d / 0.011) * smoothstep(ay - 0.01, ay + 0.03, v)
  }, dark)
  if (vNeg > 0.02) {
    // Corner depression shadow and glabellar frown lines.
    const mouthBox = { u0: -mw - 0.12, u1: mw + 0.12, v0: by - 0.1, v1: by + 0.18 }
    paintSoft(c, f, mouthBox, (u, v) => 0.3 * vNeg * gauss2((Math.abs(u) - mw - 0.01) / 0.025, (v - by - 0.04) / 0.04), dark)
    const glabella = { u0: -0.1, u1: 0.1, v0: L.brow.v - 0.1, v1: L.brow.v + 0.2 }
    paintSoft(c, f, glabella, (u, v) => 0.38 * vNeg * gauss2((Math.abs(u) - 0.035) / 0.008, (v - L.brow.v - 0.05) / 0.035), dark)
  }
  if (aPos > 0.05) {
    const forehead = { u0: -0.75, u1: 0.75, v0: L.brow.v - 0.34, v1: L.brow.v - 0.04 }
    paintSoft(c, f, forehead, (u, v) => {
      const w = gauss(u / 0.3)
      const t = 0.5 + 0.5 * Math.cos((v - L.brow.v + 0.12) * 110)
      return 0.2 * aPos * w * t * t * smoothstep(L.brow.v - 0.32, L.brow.v - 0.22, v) * (1 - smoothstep(L.brow.v - 0.1, L.brow.v - 0.06, v))
    }, dark)
  }
}

/** Lips, mouth interior with teeth, lip-meeting line. */
export function paintMouth(c: Canvas, L: FaceLayout, id: FaceIdentity): void {
  const f = planeFrame(L, DEPTH.mouth)
  const m = L.mouth
  const mw = m.halfWidth
  const lip = id.lip
  const box = { u0: -mw - 0.06, u1: mw + 0.06, v0: m.v - Math.abs(m.cornerLift) - 0.1, v1: m.v + Math.abs(m.cornerLift) + m.open + 0.12 }
  const cl = (u: number): number => Math.max(-1, Math.min(1, u / mw))
  paintShape(c, f, box, (u, v) => {
    const s = cl(u)
    return Math.max(upperOuterLip(L, s) - v, v - lowerOuterLip(L, s), Math.abs(u) - mw)
  }, (u, v, rgb) => {
    const s = cl(u)
    const mid = mouthMid(L, s)
    let k: number
    if (v < mid) k = 0.82 + 0.1 * smoothstep(upperOuterLip(L, s), mid, v)
    else {
      const t = (v - mid) / Math.max(1e-4, lowerOuterLip(L, s) - mid)
      k = 0.95 + 0.18 * gauss((t - 0.4) / 0.25) * (1 - s * s) - 0.15 * t * t
    }
    const edge = 1 - 0.25 * s * s * s * s
    rgb[0] = lip[0] * k * edge
    rgb[1] = lip[1] * k * edge
    rgb[2] = lip[2] * k * edge
  }, 0.95)
  if (m.open > 0.004) {
    const teeth = 0.03 + 0.2 * m.open
    paintShape(c, f, box, (u, v) => {
      const s = cl(u)
      return Math.max(upperInnerLip(L, s) - v, v - lowerInnerLip(L, s), Math.abs(u) - mw * 0.97)
    }, (u, v, rgb) => {
      const s = cl(u)
      const top = upperInnerLip(L, s)
      const bottom = lowerInnerLip(L, s)
      const side = 1 - 0.55 * s * s
      if (v < top + teeth * (1 - s * s)) {
        const gap = 0.92 + 0.08 * Math.cos(u * 95)
        rgb[0] = 232 * side * gap
        rgb[1] = 226 * side * gap
        rgb[2] = 214 * side * gap
      } else if (v > bottom - 0.02 * (1 - s * s) && m.open > 0.07) {
        rgb[0] = 200 * side
        rgb[1] = 190 * side
        rgb[2] = 180 * side
      } else {
        const t = smoothstep(top, bottom, v)
        const t2 = t * t
        rgb[0] = (32 + 110 * t2) * side
        rgb[1] = (10 + 40 * t2) * side
        rgb[2] = (14 + 40 * t2) * side
      }
    })
  }
  paintShape(c, f, box, (u, v) => {
    const s = u / mw
    if (s < -1.06 || s > 1.06) return 1
    return Math.abs(v - mouthMid(L, cl(u))) - 0.006 * (1 - 0.4 * s * s)
  }, (_u, _v, rgb) => {
    rgb[0] = lip[0] * 0.42
    rgb[1] = lip[1] * 0.36
    rgb[2] = lip[2] * 0.36
  }, 0.85 * (1 - smoothstep(0.004, 0.025, m.open)))
  for (const side of [-1, 1]) {
    const du = side * (mw + 0.008)
    const dv = mouthMid(L, side)
    paintShape(c, f, box, (u, v) => sdEllipse(u - du, v - dv, 0.012, 0.007), (_u, _v, rgb) => {
      rgb[0] = id.skin[0] * 0.55
      rgb[1] = id.skin[1] * 0.48
      rgb[2] = id.skin[2] * 0.48
    }, 0.5)
  }
}
