/**
 * Geometry and colour of the V-A histogram drawn on the circumplex: one square per non-empty bin in a plane whose
 * valence runs left → right and arousal bottom → top over [−1, 1], coloured on a log scale (a few frames in a bin
 * stay visible next to a dense one).
 */
import type { VaHistogram } from '../../../../../shared/datasets'
import { colorAt } from '../../../widgets/colormap'

export interface HistogramCell {
  readonly v: number
  readonly a: number
  readonly x: number
  readonly y: number
  readonly size: number
  readonly count: number
  readonly color: string
}

/** Colour-scale position of a count in [0, 1] (log scale; 0 for an empty bin). */
export function level(count: number, max: number): number {
  return count <= 0 || max <= 0 ? 0 : Math.log1p(count) / Math.log1p(max)
}

/** Cells of the non-empty bins in a square plane of side `side` starting at (`origin`, `origin`). */
export function histogramCells(h: VaHistogram, side: number, origin: number): HistogramCell[] {
  const size = side / h.bins
  const out: HistogramCell[] = []
  for (let a = 0; a < h.bins; a++) {
    for (let v = 0; v < h.bins; v++) {
      const count = h.counts[a * h.bins + v]
      if (!count) continue
      out.push({ v, a, x: origin + v * size, y: origin + (h.bins - 1 - a) * size, size, count, color: colorAt(0.15 + 0.85 * level(count, h.max)) })
    }
  }
  return out
}

/** Bin range of a cell as text, e.g. "V 0.20…0.30, A −0.10…0.00". */
export function binLabel(cell: Pick<HistogramCell, 'v' | 'a'>, bins: number): string {
  const lo = (i: number) => -1 + (2 * i) / bins
  const f = (x: number) => (Math.abs(x) < 1e-9 ? '0.00' : x.toFixed(2).replace('-', '−'))
  return `V ${f(lo(cell.v))}…${f(lo(cell.v + 1))}, A ${f(lo(cell.a))}…${f(lo(cell.a + 1))}`
}
