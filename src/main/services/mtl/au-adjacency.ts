/**
 * The learned AU graph of a multi-task run as a 12 × 12 matrix and an SVG plot. P003's FGG builds a graph PER FRAME
 * (dot-product edges between that frame's node features, kNN-pruned; models/mtl/anfl.ts), so the run's "learned
 * adjacency" is summarised over held-out frames: cell (i, j) = the fraction of frames in which AU i keeps AU j among
 * its k neighbours (row i sums to ≥ k; the diagonal is usually 1). Written to <runDir>/au-adjacency.{json,svg}.
 */
import { ABAW_AUS } from '../../../shared/review'

export interface AuAdjacency {
  readonly aus: readonly string[]
  /** Frames the mean is over. */
  readonly frames: number
  /** k of the kNN graph. */
  readonly neighbours: number
  /** Row-major 12 × 12 edge frequencies in [0, 1]. */
  readonly matrix: readonly (readonly number[])[]
}

export function adjacencyOf(sum: ArrayLike<number>, frames: number, neighbours: number): AuAdjacency {
  const n = ABAW_AUS.length
  const matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (frames > 0 ? sum[i * n + j] / frames : NaN)))
  return { aus: [...ABAW_AUS], frames, neighbours, matrix }
}

// Viridis anchors (matplotlib), interpolated linearly.
const VIRIDIS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37]
] as const

export function viridis(t: number): string {
  const x = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1)
  const k = Math.min(VIRIDIS.length - 2, Math.floor(x))
  const f = x - k
  const c = [0, 1, 2].map((i) => Math.round(VIRIDIS[k][i] + (VIRIDIS[k + 1][i] - VIRIDIS[k][i]) * f))
  return `rgb(${c[0]},${c[1]},${c[2]})`
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** A self-contained SVG heatmap of the matrix (rows = AU i, columns = neighbour AU j), values printed in the cells. */
export function adjacencySvg(a: AuAdjacency, title: string): string {
  const n = a.aus.length
  const cell = 34
  const left = 58
  const top = 78
  const w = left + n * cell + 90
  const h = top + n * cell + 46
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif">`,
    `<rect width="${w}" height="${h}" fill="#ffffff"/>`,
    `<text x="${left}" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`,
    `<text x="${left}" y="38" font-size="11" fill="#555">Learned AU graph (FGG, k = ${a.neighbours}): the fraction of ${a.frames} held-out frames</text>`,
    `<text x="${left}" y="52" font-size="11" fill="#555">in which the row AU keeps the column AU among its k neighbours</text>`
  ]
  a.aus.forEach((au, j) => parts.push(`<text x="${left + j * cell + cell / 2}" y="${top - 6}" font-size="10" text-anchor="middle">${esc(au)}</text>`))
  a.matrix.forEach((row, i) => {
    parts.push(`<text x="${left - 6}" y="${top + i * cell + cell / 2 + 4}" font-size="10" text-anchor="end">${esc(a.aus[i])}</text>`)
    row.forEach((v, j) => {
      const x = left + j * cell
      const y = top + i * cell
      parts.push(`<rect x="${x}" y="${y}" width="${cell - 1}" height="${cell - 1}" fill="${viridis(v)}"><title>${esc(a.aus[i])} → ${esc(a.aus[j])}: ${Number.isFinite(v) ? v.toFixed(3) : 'n/a'}</title></rect>`)
      parts.push(`<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" font-size="9" text-anchor="middle" fill="${v > 0.6 ? '#000' : '#fff'}">${Number.isFinite(v) ? v.toFixed(2) : '–'}</text>`)
    })
  })
  const lx = left + n * cell + 24
  for (let k = 0; k <= 10; k++) parts.push(`<rect x="${lx}" y="${top + (10 - k) * ((n * cell) / 11)}" width="16" height="${(n * cell) / 11 + 0.5}" fill="${viridis(k / 10)}"/>`)
  parts.push(`<text x="${lx + 20}" y="${top + 10}" font-size="10">1</text>`, `<text x="${lx + 20}" y="${top + n * cell}" font-size="10">0</text>`)
  parts.push(`<text x="${left}" y="${h - 14}" font-size="10" fill="#555">rows: AU i · columns: neighbour AU j · P003 eq.2 (FGG), Luo et al. ANFL</text>`)
  parts.push('</svg>')
  return parts.join('\n') + '\n'
}
