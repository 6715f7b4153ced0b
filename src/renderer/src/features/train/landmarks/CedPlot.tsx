import { CED_COLOURS, type CedRow } from './ced-data'

const W = 640
const H = 360
const M = { left: 52, right: 16, top: 14, bottom: 44 }
const PW = W - M.left - M.right
const PH = H - M.top - M.bottom

function xTicks(maxX: number): number[] {
  const step = maxX <= 0.1 ? 0.01 : maxX <= 0.2 ? 0.02 : 0.05
  const out: number[] = []
  for (let i = 0; i * step <= maxX + 1e-9; i++) out.push(+(i * step).toFixed(4))
  return out
}

/** Cumulative error distributions of several trackers on one SVG (x: NME, y: fraction of items ≤ x). */
export function CedPlot({ rows, maxX, threshold, xLabel }: { rows: readonly CedRow[]; maxX: number; threshold: number; xLabel: string }) {
  const sx = (x: number): number => M.left + (Math.min(x, maxX) / maxX) * PW
  const sy = (y: number): number => M.top + (1 - y) * PH
  const path = (steps: ReadonlyArray<[number, number]>): string => steps.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')
  return (
    <svg className="ced-plot" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Cumulative error distribution, ${rows.length} trackers`} data-testid="ced-plot">
      <g className="ced-grid">
        {[0, 0.2, 0.4, 0.6, 0.8, 1].map((y) => (
          <g key={`y${y}`}>
            <line x1={M.left} x2={M.left + PW} y1={sy(y)} y2={sy(y)} />
            <text x={M.left - 8} y={sy(y) + 4} textAnchor="end">
              {y.toFixed(1)}
            </text>
          </g>
        ))}
        {xTicks(maxX).map((x) => (
          <g key={`x${x}`}>
            <line x1={sx(x)} x2={sx(x)} y1={M.top} y2={M.top + PH} />
            <text x={sx(x)} y={M.top + PH + 16} textAnchor="middle">
              {(100 * x).toFixed(0)}
            </text>
          </g>
        ))}
      </g>
      {threshold <= maxX && (
        <g className="ced-threshold">
          <line x1={sx(threshold)} x2={sx(threshold)} y1={M.top} y2={M.top + PH} />
          <text x={sx(threshold) - 4} y={M.top + 12} textAnchor="end">
            AUC / failure threshold {(100 * threshold).toFixed(0)} %
          </text>
        </g>
      )}
      <rect className="ced-frame" x={M.left} y={M.top} width={PW} height={PH} />
      {rows.map((r, i) => (
        <path
          key={r.evalId}
          className="ced-curve"
          d={path(r.steps)}
          stroke={CED_COLOURS[i % CED_COLOURS.length]}
          data-testid="ced-curve"
          data-tracker={r.trackerId}
          data-final={r.steps[r.steps.length - 1][1].toFixed(4)}
        >
          <title>{r.label}</title>
        </path>
      ))}
      <text className="ced-axis-label" x={M.left + PW / 2} y={H - 6} textAnchor="middle">
        {xLabel} (%)
      </text>
      <text className="ced-axis-label" transform={`translate(14 ${M.top + PH / 2}) rotate(-90)`} textAnchor="middle">
        Fraction of items
      </text>
    </svg>
  )
}
