/** Pure helpers of the Compare page: the route's run ids, the picker's filters, the CCC bar plot's figure. */
import type { Data, Layout } from 'plotly.js'
import type { CompareResult } from '../../../../shared/compare'
import type { RunSummary } from '../../../../shared/runs'

export const MAX_COMPARE = 20

/** Run ids from the route parameter `<id>,<id>,…` (empty parts and repeats dropped, at most MAX_COMPARE). */
export function idsFromParam(param: string | undefined): string[] {
  if (!param) return []
  return [...new Set(param.split(',').map((s) => s.trim()).filter(Boolean))].slice(0, MAX_COMPARE)
}

export interface RunFilter {
  readonly query: string
  readonly tag: string
  readonly model: string
  readonly status: string
}

export const NO_FILTER: RunFilter = { query: '', tag: '', model: '', status: '' }

/** What a run's status reads as in the picker: a paused run is stored as cancelled + stop reason paused. */
export function statusOf(r: RunSummary): string {
  return r.stopReason === 'paused' ? 'paused' : r.status
}

/** Runs matching the filter: every word of the query in id/model/preset/fold/status/backend/tags, and the exact tag/model/status. */
export function filterRuns(runs: readonly RunSummary[], f: RunFilter): RunSummary[] {
  const words = f.query.toLowerCase().split(/\s+/).filter(Boolean)
  return runs.filter((r) => {
    if (f.tag && !r.tags.includes(f.tag)) return false
    if (f.model && r.model !== f.model) return false
    if (f.status && statusOf(r) !== f.status) return false
    const text = `${r.id} ${r.model} ${r.preset} ${r.fold ?? ''} ${statusOf(r)} ${r.backend ?? ''} ${r.tags.join(' ')}`.toLowerCase()
    return words.every((w) => text.includes(w))
  })
}

/** The distinct values of the picker's filter menus. */
export function filterOptions(runs: readonly RunSummary[]): { tags: string[]; models: string[]; statuses: string[] } {
  const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort()
  return { tags: sorted(runs.flatMap((r) => r.tags)), models: sorted(runs.map((r) => r.model)), statuses: sorted(runs.map(statusOf)) }
}

/** `ids` with `id` added (at the end) or removed. */
export function toggleId(ids: readonly string[], id: string): string[] {
  return ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]
}

export interface PlotColors {
  readonly text: string
  readonly grid: string
  readonly paper: string
  readonly valence: string
  readonly arousal: string
}

/** Grouped bars of CCC VAL and ARO per row (mean over folds, sd as error bars where a row has ≥ 2 folds). */
export function cccBarFigure(result: CompareResult, c: PlotColors): { data: Data[]; layout: Partial<Layout> } {
  const x = result.rows.map((r) => r.label)
  const bar = (dim: 'v' | 'a', name: string, color: string): Data => ({
    type: 'bar',
    name,
    x,
    y: result.rows.map((r) => r.cells.ccc[dim].mean),
    marker: { color },
    error_y: { type: 'data', array: result.rows.map((r) => r.cells.ccc[dim].sd ?? 0), visible: result.rows.some((r) => r.cells.ccc[dim].sd !== null), color: c.text, thickness: 1.2, width: 4 },
    text: result.rows.map((r) => (r.cells.ccc[dim].mean === null ? 'n/a' : (r.cells.ccc[dim].mean as number).toFixed(3))),
    textposition: 'outside',
    hovertemplate: `%{x}<br>${name}: %{y:.3f}<extra></extra>`
  })
  return {
    data: [bar('v', 'CCC valence', c.valence), bar('a', 'CCC arousal', c.arousal)],
    layout: {
      barmode: 'group',
      title: { text: 'CCC per model (mean over folds ± sd)', font: { size: 14, color: c.text } },
      margin: { l: 52, r: 16, t: 44, b: 64 },
      paper_bgcolor: c.paper,
      plot_bgcolor: c.paper,
      font: { color: c.text, size: 12 },
      yaxis: { title: { text: 'CCC' }, range: [Math.min(0, ...result.rows.flatMap((r) => [r.cells.ccc.v.mean ?? 0, r.cells.ccc.a.mean ?? 0])) - 0.05, 1], gridcolor: c.grid, zerolinecolor: c.grid },
      xaxis: { automargin: true },
      legend: { orientation: 'h', x: 0, y: -0.18 }
    }
  }
}
