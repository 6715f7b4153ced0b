import type { Data, Layout, Shape, Annotations } from 'plotly.js'
import { windowedMetric } from '../../../../core/traces/windowed'
import { decimateMinMax } from './decimate'
import type { LoadedTrace } from './review-data'

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

/** Windowed CCC between two traces of the session (frames aligned; hop = window / 4). */
export function cccTrack(a: LoadedTrace, b: LoadedTrace, dim: 'valence' | 'arousal', window: number, ts: Float64Array): CccTrack {
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

/** Traces for plotly: valence (top), arousal (middle), windowed CCC (bottom); decimated to ~`bins` per view. */
export function traceFigure(
  traces: readonly LoadedTrace[],
  visible: ReadonlySet<string>,
  range: readonly [number, number],
  bins: number,
  ccc: CccTrack | null,
  durationEnd: number,
  colors: { text: string; grid: string; panel: string },
  webgl = true
): { data: Data[]; layout: Partial<Layout> } {
  const type = webgl ? 'scattergl' : 'scatter'
  const data: Data[] = []
  const shapes: Partial<Shape>[] = []
  const annotations: Partial<Annotations>[] = []
  traces.forEach((t, i) => {
    if (!visible.has(t.summary.id)) return
    const color = TRACE_COLORS[i % TRACE_COLORS.length]
    for (const [dim, yaxis] of [
      ['valence', 'y'],
      ['arousal', 'y2']
    ] as const) {
      const d = decimateMinMax(t.time, t[dim], range[0], range[1], bins)
      data.push({
        type,
        mode: 'lines',
        name: `${t.summary.name} (${t.summary.kind})`,
        legendgroup: t.summary.id,
        showlegend: dim === 'valence',
        x: Array.from(d.x),
        y: Array.from(d.y, (v) => (Number.isNaN(v) ? null : v)) as number[],
        yaxis,
        line: { color, width: 1.6 },
        connectgaps: false,
        hoverinfo: 'skip'
      })
    }
    const end = t.time.length > 0 ? t.time[t.time.length - 1] : null
    if (end !== null && end < durationEnd - 1e-6) {
      shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: end, x1: end, y0: ccc ? 0.22 : 0, y1: 1, line: { color, width: 1, dash: 'dot' } })
      annotations.push({ x: end, y: 1, xref: 'x', yref: 'paper', text: `${t.summary.name} ends`, showarrow: false, font: { size: 10, color }, xanchor: 'left', yanchor: 'top' })
    }
  })
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
