import type { Data, Layout, Shape, Annotations } from 'plotly.js'
import { windowedMetric } from '../../../../core/traces/windowed'
import type { TraceSummary } from '../../../../shared/domain'
import type { BandDim, BandXY } from './ap-band'
import { decimateMinMax } from './decimate'
import type { Envelope } from './trace-view'

export const TRACE_COLORS = ['#e8590c', '#1c7ed6', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#c2255c', '#5c940d']

export interface CccPair {
  readonly a: string
  readonly b: string
  readonly dim: 'valence' | 'arousal'
  /** Window length in frames. */
  readonly window: number
}

export interface CccTrack {
  readonly time: Float64Array
  readonly values: Float64Array
}

/** Values of a whole trace indexed by frame from 0 (NaN where missing), e.g. `TraceStore.full`. */
export interface ByFrame {
  readonly byFrame: { readonly valence: Float64Array; readonly arousal: Float64Array }
}

/** Windowed CCC between two whole traces of the session (frames aligned; hop = window / 4). */
export function cccTrack(a: ByFrame, b: ByFrame, dim: 'valence' | 'arousal', window: number, ts: Float64Array): CccTrack {
  const x = a.byFrame[dim]
  const y = b.byFrame[dim]
  // Only the frames both traces reach: a shorter trace ends the track, it is never stretched.
  const last = Math.min(lastFinite(x), lastFinite(y)) + 1
  if (last < window) return { time: new Float64Array(0), values: new Float64Array(0) }
  const track = windowedMetric(x.subarray(0, last), y.subarray(0, last), { window, hop: Math.max(1, Math.floor(window / 4)) })
  const time = Float64Array.from(track.centers, (c) => ts[Math.min(ts.length - 1, Math.round(c))])
  return { time, values: track.values }
}

function lastFinite(a: Float64Array): number {
  for (let i = a.length - 1; i >= 0; i--) if (Number.isFinite(a[i])) return i
  return -1
}

/** How one trace is drawn: full-resolution points of the visible range, or the overview envelope per dimension. */
export type TraceSeries = {
  readonly summary: TraceSummary
  /** Index in the session's trace list (its colour). */
  readonly index: number
  /** Session time of the trace's last point (an "ends" marker when before the session end), null when empty. */
  readonly end: number | null
} & (
  | { readonly mode: 'points'; readonly time: Float64Array; readonly valence: Float64Array; readonly arousal: Float64Array }
  | { readonly mode: 'envelope'; readonly valence: Envelope; readonly arousal: Envelope }
)

/** An AP trace's uncertainty as drawn: the μ ± 2σ band per dimension, and its sampled functions when shown. */
export interface ApDraw {
  readonly traceId: string
  /** Index in the session's trace list (its colour). */
  readonly index: number
  readonly name: string
  readonly band: Readonly<Record<BandDim, BandXY>> | null
  readonly samples: ReadonlyArray<Readonly<Record<BandDim, { readonly x: Float64Array; readonly y: Float64Array }>>>
}

const nullNaN = (a: Float64Array) => Array.from(a, (v) => (Number.isNaN(v) ? null : v)) as number[]

/** `#rrggbb` → rgba with alpha (the envelope band). */
export function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16)
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`
}

/**
 * Traces for plotly: valence (top), arousal (middle), windowed CCC (bottom). Full-resolution series are decimated
 * to ~`bins` per view (min/max); envelope series are drawn as a min–max band with the mean line. AP traces (`ap`)
 * get their μ ± 2σ band (filled, under every line) and, when shown, their sampled functions (thin, translucent).
 */
export function traceFigure(
  series: readonly TraceSeries[],
  range: readonly [number, number],
  bins: number,
  ccc: CccTrack | null,
  durationEnd: number,
  colors: { text: string; grid: string; panel: string },
  webgl = true,
  ap: readonly ApDraw[] = []
): { data: Data[]; layout: Partial<Layout> } {
  const type = webgl ? 'scattergl' : 'scatter'
  const data: Data[] = []
  const shapes: Partial<Shape>[] = []
  const annotations: Partial<Annotations>[] = []
  for (const a of ap) {
    const color = TRACE_COLORS[a.index % TRACE_COLORS.length]
    for (const [dim, yaxis] of [
      ['valence', 'y'],
      ['arousal', 'y2']
    ] as const) {
      const common = { type, mode: 'lines', legendgroup: a.traceId, yaxis, connectgaps: false, hoverinfo: 'skip', showlegend: false } as const
      const b = a.band?.[dim]
      if (b) {
        const x = Array.from(b.x)
        data.push({ ...common, name: `${a.name} +2σ`, x, y: nullNaN(b.hi), line: { color, width: 0 } })
        data.push({ ...common, name: `${a.name} −2σ`, x, y: nullNaN(b.lo), line: { color, width: 0 }, fill: 'tonexty', fillcolor: withAlpha(color, 0.22) })
      }
      a.samples.forEach((sm, k) => data.push({ ...common, name: `${a.name} sample ${k + 1}`, x: Array.from(sm[dim].x), y: nullNaN(sm[dim].y), line: { color: withAlpha(color, 0.55), width: 0.9 } }))
    }
  }
  for (const t of series) {
    const color = TRACE_COLORS[t.index % TRACE_COLORS.length]
    const name = `${t.summary.name} (${t.summary.kind})`
    for (const [dim, yaxis] of [
      ['valence', 'y'],
      ['arousal', 'y2']
    ] as const) {
      const common = { type, mode: 'lines', legendgroup: t.summary.id, yaxis, connectgaps: false, hoverinfo: 'skip' } as const
      if (t.mode === 'points') {
        const d = decimateMinMax(t.time, t[dim], range[0], range[1], bins)
        data.push({ ...common, name, showlegend: dim === 'valence', x: Array.from(d.x), y: nullNaN(d.y), line: { color, width: 1.6 } })
      } else {
        const e = t[dim]
        const x = Array.from(e.x)
        // The band: max (invisible), then min filled up to it; then the mean on top.
        data.push({ ...common, name: `${name} max`, showlegend: false, x, y: nullNaN(e.max), line: { color, width: 0 } })
        data.push({ ...common, name: `${name} min`, showlegend: false, x, y: nullNaN(e.min), line: { color, width: 0 }, fill: 'tonexty', fillcolor: withAlpha(color, 0.25) })
        data.push({ ...common, name, showlegend: dim === 'valence', x, y: nullNaN(e.mean), line: { color, width: 1.4 } })
      }
    }
    if (t.end !== null && t.end < durationEnd - 1e-6) {
      shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: t.end, x1: t.end, y0: ccc ? 0.22 : 0, y1: 1, line: { color, width: 1, dash: 'dot' } })
      annotations.push({ x: t.end, y: 1, xref: 'x', yref: 'paper', text: `${t.summary.name} ends`, showarrow: false, font: { size: 10, color }, xanchor: 'left', yanchor: 'top' })
    }
  }
  if (ccc) {
    data.push({
      type,
      mode: 'lines',
      name: 'windowed CCC',
      x: Array.from(ccc.time),
      y: Array.from(ccc.values, (v) => (Number.isNaN(v) ? null : v)) as number[],
      yaxis: 'y3',
      line: { color: colors.text, width: 1.4 },
      connectgaps: false,
      hoverinfo: 'skip'
    })
  }
  const axis = { gridcolor: colors.grid, zerolinecolor: colors.grid, color: colors.text, fixedrange: true, range: [-1.05, 1.05] }
  return {
    data,
    layout: {
      margin: { l: 52, r: 12, t: 8, b: 30 },
      paper_bgcolor: colors.panel,
      plot_bgcolor: colors.panel,
      font: { color: colors.text, size: 11 },
      showlegend: false,
      dragmode: 'zoom',
      uirevision: 'keep',
      xaxis: { range: [range[0], range[1]], gridcolor: colors.grid, color: colors.text, title: { text: '' }, ticksuffix: ' s', anchor: ccc ? 'y3' : 'y2' },
      yaxis: { ...axis, domain: ccc ? [0.62, 1] : [0.54, 1], title: { text: 'valence', font: { size: 11 } } },
      yaxis2: { ...axis, domain: ccc ? [0.22, 0.58] : [0, 0.46], title: { text: 'arousal', font: { size: 11 } } },
      yaxis3: { ...axis, domain: [0, 0.16], visible: !!ccc, title: { text: 'CCC', font: { size: 10 } } },
      shapes,
      annotations
    }
  }
}
