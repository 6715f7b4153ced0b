import type { Data, Layout } from 'plotly.js'
import type { RunEpochPoint } from '../../../../shared/runs'

/** Metric keys of the validation records, CCC first (what a researcher looks at), then the rest alphabetically. */
export function metricKeys(epochs: readonly RunEpochPoint[]): string[] {
  const keys = new Set<string>()
  for (const e of epochs) for (const [k, v] of Object.entries(e.metrics)) if (typeof v === 'number') keys.add(k)
  return [...keys].sort((a, b) => Number(b.startsWith('ccc')) - Number(a.startsWith('ccc')) || a.localeCompare(b))
}

export function lossKeys(epochs: readonly RunEpochPoint[]): string[] {
  const keys = new Set<string>()
  for (const e of epochs) for (const k of Object.keys(e.losses)) keys.add(k)
  return [...keys].sort()
}

/** Two stacked panels over epochs: validation metrics (top) and training losses (bottom). */
export function curvesFigure(epochs: readonly RunEpochPoint[], colors: { text: string; grid: string }): { data: Data[]; layout: Partial<Layout> } {
  const val = epochs.filter((e) => e.split === 'val')
  const data: Data[] = []
  for (const k of metricKeys(val)) {
    data.push({ type: 'scatter', mode: 'lines+markers', name: `val ${k}`, x: val.map((e) => e.epoch), y: val.map((e) => e.metrics[k] ?? null), xaxis: 'x', yaxis: 'y' })
  }
  const withLosses = epochs.filter((e) => Object.keys(e.losses).length > 0 && e.split === 'val')
  for (const k of lossKeys(withLosses)) {
    data.push({ type: 'scatter', mode: 'lines', name: `loss ${k}`, x: withLosses.map((e) => e.epoch), y: withLosses.map((e) => e.losses[k] ?? null), xaxis: 'x', yaxis: 'y2' })
  }
  const axis = { gridcolor: colors.grid, zerolinecolor: colors.grid, color: colors.text }
  return {
    data,
    layout: {
      margin: { l: 50, r: 10, t: 10, b: 36 },
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
      font: { color: colors.text, size: 11 },
      showlegend: true,
      legend: { orientation: 'h', y: -0.18 },
      xaxis: { ...axis, title: { text: 'epoch' }, dtick: 1, anchor: 'y2' },
      yaxis: { ...axis, title: { text: 'validation' }, domain: [0.55, 1] },
      yaxis2: { ...axis, title: { text: 'loss' }, domain: [0, 0.42], anchor: 'x' }
    }
  }
}
