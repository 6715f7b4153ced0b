import { useMemo, useState } from 'react'
import { api } from '../../../api'
import { useAsync } from '../../../lib/use-async'
import { fmtStat, undefinedReason } from './agreement-logic'
import { axisRange, blandAltman, drawIndices, LOA_Z, ticks } from './bland-altman'
import { StatValue } from './StatValue'

const W = 560
const H = 300
const M = { left: 52, right: 96, top: 12, bottom: 40 }
const MAX_DOTS = 6000

/** Label positions (top to bottom) at least 12 px apart, so close lines keep readable labels. */
function spreadLabels<T extends { y: number }>(lines: T[], sy: (y: number) => number): (T & { labelY: number })[] {
  let last = -Infinity
  return lines.map((l) => {
    const labelY = Math.max(sy(l.y), last + 12)
    last = labelY
    return { ...l, labelY }
  })
}

interface Rater {
  readonly name: string
  readonly traceIds: readonly string[]
}

/** Bland–Altman plot of a chosen pair of raters: difference against mean per frame, bias and ±1.96 SD limits. */
export function BlandAltmanPlot({ raters, dimension }: { raters: readonly Rater[]; dimension: 'valence' | 'arousal' }) {
  const [pair, setPair] = useState<[number, number]>([0, 1])
  const ia = Math.min(pair[0], raters.length - 1)
  const ib = Math.min(pair[1], raters.length - 1)
  const ta = raters[ia]?.traceIds[0]
  const tb = raters[ib]?.traceIds[0]
  const [data] = useAsync(async () => {
    if (!ta || !tb) return null
    const [a, b] = await Promise.all([api().invoke('traces:get', { traceId: ta }), api().invoke('traces:get', { traceId: tb })])
    return blandAltman({ frames: a.frames, values: a[dimension] }, { frames: b.frames, values: b[dimension] })
  }, [ta, tb, dimension])
  const ba = data.status === 'ready' ? data.data : null

  const plot = useMemo(() => {
    if (!ba || ba.n === 0) return null
    const [x0, x1] = axisRange(ba.mean)
    const [y0, y1] = axisRange(ba.diff, [ba.lower, ba.upper, 0])
    const pw = W - M.left - M.right
    const ph = H - M.top - M.bottom
    const sx = (x: number) => M.left + ((x - x0) / (x1 - x0)) * pw
    const sy = (y: number) => M.top + (1 - (y - y0) / (y1 - y0)) * ph
    return { x0, x1, y0, y1, sx, sy, pw, ph }
  }, [ba])

  const select = (which: 0 | 1, v: number) => setPair(which === 0 ? [v, ib] : [ia, v])
  const nameA = raters[ia]?.name ?? '?'
  const nameB = raters[ib]?.name ?? '?'

  return (
    <div className="ag-ba" data-testid="bland-altman">
      <div className="ag-sub-head">
        <h4 title={`For each frame rated by both: mean m = (A + B)/2 and difference d = A − B; bias = mean d; limits of agreement = bias ± ${LOA_Z}·SD(d)`}>
          Bland–Altman ({dimension}, raw values)
        </h4>
        <label className="ag-inline">
          A
          <select value={ia} onChange={(e) => select(0, Number(e.target.value))} data-testid="ba-a">
            {raters.map((r, i) => (
              <option key={r.name} value={i}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label className="ag-inline">
          B
          <select value={ib} onChange={(e) => select(1, Number(e.target.value))} data-testid="ba-b">
            {raters.map((r, i) => (
              <option key={r.name} value={i}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {ia === ib && <p className="muted small">Choose two different raters.</p>}
      {data.status === 'loading' && <p className="muted small">loading the traces…</p>}
      {data.status === 'error' && (
        <p className="error-text small" role="alert">
          {data.code}: {data.message}
        </p>
      )}
      {ba && (
        <>
          <dl className="ag-ba-stats">
            <dt>frames</dt>
            <dd data-testid="ba-n" data-value={ba.n}>
              {ba.n}
            </dd>
            <dt>bias (A − B)</dt>
            <dd>
              <StatValue value={ba.bias} kind="pair" testId="ba-bias" digits={4} />
            </dd>
            <dt>SD</dt>
            <dd>
              <StatValue value={ba.sd} kind="pair" testId="ba-sd" digits={4} />
            </dd>
            <dt>limits (±{LOA_Z} SD)</dt>
            <dd>
              <StatValue value={ba.lower} kind="pair" testId="ba-lower" digits={4} /> … <StatValue value={ba.upper} kind="pair" testId="ba-upper" digits={4} />
            </dd>
          </dl>
          {plot ? (
            <svg className="ag-ba-plot" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Bland–Altman plot of ${nameA} against ${nameB}`}>
              {ticks(plot.y0, plot.y1).map((t) => (
                <g key={`y${t}`}>
                  <line className="ag-grid" x1={M.left} x2={M.left + plot.pw} y1={plot.sy(t)} y2={plot.sy(t)} />
                  <text className="ag-tick" x={M.left - 6} y={plot.sy(t) + 3.5} textAnchor="end">
                    {t}
                  </text>
                </g>
              ))}
              {ticks(plot.x0, plot.x1).map((t) => (
                <g key={`x${t}`}>
                  <line className="ag-grid" x1={plot.sx(t)} x2={plot.sx(t)} y1={M.top} y2={M.top + plot.ph} />
                  <text className="ag-tick" x={plot.sx(t)} y={M.top + plot.ph + 14} textAnchor="middle">
                    {t}
                  </text>
                </g>
              ))}
              <rect className="ag-frame" x={M.left} y={M.top} width={plot.pw} height={plot.ph} />
              <g className="ag-dots">
                {drawIndices(ba.n, MAX_DOTS).map((i) => (
                  <circle key={i} cx={plot.sx(ba.mean[i])} cy={plot.sy(ba.diff[i])} r={1.8} />
                ))}
              </g>
              {spreadLabels(
                [
                  { y: ba.upper, label: `+${LOA_Z} SD`, cls: 'ag-loa' },
                  { y: ba.bias, label: 'bias', cls: 'ag-bias' },
                  { y: ba.lower, label: `−${LOA_Z} SD`, cls: 'ag-loa' }
                ].filter((l) => Number.isFinite(l.y)),
                plot.sy
              ).map((l) => (
                <g key={l.label}>
                  <line className={l.cls} x1={M.left} x2={M.left + plot.pw} y1={plot.sy(l.y)} y2={plot.sy(l.y)} />
                  <text className="ag-line-label" x={M.left + plot.pw + 6} y={l.labelY + 3.5}>
                    {l.label} {fmtStat(l.y, 3)}
                  </text>
                </g>
              ))}
              <text className="ag-axis-label" x={M.left + plot.pw / 2} y={H - 6} textAnchor="middle">
                mean of {nameA} and {nameB}
              </text>
              <text className="ag-axis-label" transform={`translate(13 ${M.top + plot.ph / 2}) rotate(-90)`} textAnchor="middle">
                {nameA} − {nameB}
              </text>
            </svg>
          ) : (
            <p className="empty-state" title={undefinedReason('pair')}>
              No frame where both raters have a value.
            </p>
          )}
        </>
      )}
    </div>
  )
}
