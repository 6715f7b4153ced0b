import { useMemo } from 'react'
import type { VaHistogram } from '../../../../../shared/datasets'
import { colorAt } from '../../../widgets/colormap'
import { QUADRANTS } from '../../../widgets/circumplex-data'
import { binLabel, histogramCells, level } from './histogram-cells'

const SIDE = 300
const PAD = 26
const W = SIDE + 2 * PAD
/** Height: an extra strip under the plane for the valence label. */
const H = W + 12
const LEGEND_STEPS = 24

/** Quadrant label spots on the plane (valence, arousal). */
const SPOTS: Record<string, [number, number]> = { q1: [0.62, 0.9], q2: [-0.62, 0.9], q3: [-0.62, -0.93], q4: [0.62, -0.93] }

const px = (v: number): number => PAD + ((v + 1) / 2) * SIDE
const py = (a: number): number => PAD + ((1 - a) / 2) * SIDE

/** The labelled frames' V-A histogram on the circumplex: bins coloured by count (log scale), unit circle, axes, quadrants, legend. */
export function VaHistogramView({ histogram }: { histogram: VaHistogram }) {
  const cells = useMemo(() => histogramCells(histogram, SIDE, PAD), [histogram])
  const ticks = histogram.max > 0 ? [...new Set([1, Math.round(Math.sqrt(histogram.max)), histogram.max])].filter((t) => t >= 1) : []
  return (
    <figure className="va-hist" data-testid="va-histogram" data-total={histogram.total} data-bins={cells.length}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Valence–arousal histogram of ${histogram.total} labelled frames`}>
        <rect x={PAD} y={PAD} width={SIDE} height={SIDE} className="va-hist-bg" />
        {cells.map((c) => (
          <rect key={`${c.v}-${c.a}`} className="va-hist-bin" x={c.x} y={c.y} width={c.size + 0.4} height={c.size + 0.4} fill={c.color}>
            <title>{`${binLabel(c, histogram.bins)}: ${c.count} frame${c.count === 1 ? '' : 's'}`}</title>
          </rect>
        ))}
        <circle cx={px(0)} cy={py(0)} r={SIDE / 2} className="va-hist-circle" />
        <line x1={PAD} y1={py(0)} x2={PAD + SIDE} y2={py(0)} className="va-hist-axis" />
        <line x1={px(0)} y1={PAD} x2={px(0)} y2={PAD + SIDE} className="va-hist-axis" />
        {QUADRANTS.map((q) => (
          <text key={q.key} x={px(SPOTS[q.key][0])} y={py(SPOTS[q.key][1])} className="va-hist-quadrant" textAnchor="middle">
            {q.label}
          </text>
        ))}
        <text x={PAD + SIDE / 2} y={H - 4} className="va-hist-label" textAnchor="middle">
          valence →
        </text>
        <text x={12} y={PAD + SIDE / 2} className="va-hist-label" textAnchor="middle" transform={`rotate(-90 12 ${PAD + SIDE / 2})`}>
          arousal →
        </text>
        {/* Scale ticks at the plane's corners, clear of the centred axis labels. */}
        <text x={PAD} y={PAD + SIDE + 11} className="va-hist-tick" textAnchor="middle">
          −1
        </text>
        <text x={PAD + SIDE} y={PAD + SIDE + 11} className="va-hist-tick" textAnchor="middle">
          1
        </text>
        <text x={PAD - 4} y={PAD + 4} className="va-hist-tick" textAnchor="end">
          1
        </text>
        <text x={PAD - 4} y={PAD + SIDE} className="va-hist-tick" textAnchor="end">
          −1
        </text>
      </svg>
      <figcaption className="va-hist-legend">
        <span className="small muted">frames per bin</span>
        <span className="va-hist-ramp" aria-hidden>
          {Array.from({ length: LEGEND_STEPS }, (_, i) => (
            <span key={i} style={{ background: colorAt(0.15 + (0.85 * i) / (LEGEND_STEPS - 1)) }} />
          ))}
        </span>
        <span className="va-hist-ticks small muted">
          {ticks.map((t) => (
            <span key={t} style={{ left: `${100 * level(t, histogram.max)}%` }}>
              {t}
            </span>
          ))}
        </span>
        <span className="small muted">
          {histogram.total} labelled frames · {histogram.bins}×{histogram.bins} bins · log colour scale
        </span>
      </figcaption>
    </figure>
  )
}
