import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { drawText, textWidth } from './bitmap-font'
import { faceLandmarks68, renderFace } from './face-renderer'
import { makeFaceIdentity, NEUTRAL_POSE, type FaceIdentity } from './face-types'
import { encodePng } from './png'

export interface FrameSheetOptions {
  /** Faces to show; each gets its own grid, side by side. Default: one identity from `seed`. */
  readonly identities?: readonly FaceIdentity[]
  readonly seed?: number
  /** Grid points per axis over [-1, 1] (default 5). */
  readonly grid?: number
  /** Face cell size in pixels (default 160). */
  readonly cell?: number
  /** Mouth opening from speech, 0…1 (default 0). */
  readonly speech?: number
  /** Overlay the 68 landmarks as dots (default false). */
  readonly landmarks?: boolean
}

export interface FrameSheet {
  readonly rgb: Uint8Array
  readonly width: number
  readonly height: number
}

const LABEL_H = 14
const GAP = 4

function fmt(x: number): string {
  const s = x.toFixed(1)
  return x > 0 ? `+${s}` : x === 0 ? ` ${s}` : s
}

function blit(dst: Uint8Array, dw: number, src: Uint8Array, sw: number, sh: number, x0: number, y0: number): void {
  for (let y = 0; y < sh; y++) dst.set(src.subarray(y * sw * 3, (y + 1) * sw * 3), ((y0 + y) * dw + x0) * 3)
}

function dot(rgb: Uint8Array, w: number, h: number, x: number, y: number): void {
  const xi = Math.round(x)
  const yi = Math.round(y)
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const px = xi + dx
      const py = yi + dy
      if (px < 0 || py < 0 || px >= w || py >= h) continue
      const i = (py * w + px) * 3
      const centre = dx === 0 && dy === 0
      rgb[i] = centre ? 0 : 255
      rgb[i + 1] = 255
      rgb[i + 2] = centre ? 0 : 255
    }
  }
}

/**
 * A contact sheet: columns are valence −1 → +1 (left → right), rows arousal +1 → −1 (top → bottom), the
 * circumplex's orientation; each face is labelled "V±x.x A±y.y".
 */
export function renderFrameSheet(opts: FrameSheetOptions = {}): FrameSheet {
  const ids = opts.identities ?? [makeFaceIdentity(opts.seed ?? 1)]
  const n = Math.max(2, opts.grid ?? 5)
  const cell = opts.cell ?? 160
  const gridW = n * (cell + GAP) + GAP
  const header = 26
  const width = ids.length * gridW + (ids.length - 1) * 12
  const height = header + n * (cell + LABEL_H + GAP) + GAP
  const rgb = new Uint8Array(width * height * 3).fill(24)
  drawText(rgb, width, height, GAP, 6, 'VALENCE -> ', 2, [230, 230, 230])
  drawText(rgb, width, height, GAP + textWidth('VALENCE -> ', 2) + 12, 6, 'AROUSAL UP', 2, [230, 230, 230])
  const face = new Uint8Array(cell * cell * 3)
  ids.forEach((identity, g) => {
    const gx = g * (gridW + 12)
    for (let row = 0; row < n; row++) {
      const arousal = 1 - (2 * row) / (n - 1)
      for (let col = 0; col < n; col++) {
        const valence = -1 + (2 * col) / (n - 1)
        const params = { identity, valence, arousal, speech: opts.speech ?? 0, blink: 0, pose: NEUTRAL_POSE }
        renderFace(params, cell, cell, face)
        if (opts.landmarks) {
          const lm = faceLandmarks68(params, cell, cell)
          for (let k = 0; k < 68; k++) dot(face, cell, cell, lm[2 * k], lm[2 * k + 1])
        }
        const x0 = gx + GAP + col * (cell + GAP)
        const y0 = header + GAP + row * (cell + LABEL_H + GAP)
        blit(rgb, width, face, cell, cell, x0, y0)
        const label = `V${fmt(valence)} A${fmt(arousal)}`
        const tw = textWidth(label, 1)
        drawText(rgb, width, height, x0 + Math.max(0, (cell - tw) >> 1), y0 + cell + 3, label, 1, [235, 235, 235])
      }
    }
  })
  return { rgb, width, height }
}

/** Renders the sheet and writes it as a PNG; returns its size. */
export async function writeFrameSheet(path: string, opts: FrameSheetOptions = {}): Promise<{ path: string; width: number; height: number }> {
  const sheet = renderFrameSheet(opts)
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, encodePng(sheet.rgb, sheet.width, sheet.height))
  return { path, width: sheet.width, height: sheet.height }
}
