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

/** Agreement measures share a [−1, 1] panel (CCC shown, PCC / ICC one click away); RMSE has its own scale. */
const AGREEMENT = /^(ccc|pcc|icc)/
const ERROR = /^rmse/
/** AP runs: the frozen backbone's own validation CCC, a flat reference line in the agreement panel. */
const BACKBONE = 'backbone_ccc_mean'
/** MTL runs: the task scores (P_AU, P_EX: F1; P_MTL = P_AU + P_EX + P_VA; P_VA is the CCC mean already drawn). */
const TASKS = ['p_mtl', 'p_au', 'p_ex'] as const
const TASK_LABEL: Readonly<Record<string, string>> = { p_mtl: 'P_MTL', p_au: 'P_AU (F1)', p_ex: 'P_EX (F1)' }
/** MTL phases by the loss key their records carry. */
const PHASE_LABEL: Readonly<Record<string, string>> = { au: 'AU', expr: 'expression', va: 'V/A', joint: 'joint' }
/** AEG-CD-SZ phases by phase_index (its records carry the step losses, cd_afc among them, in every phase). */
const AEG_PHASES = ['Disc', 'AEG-CD', 'AEG-CD-SZ'] as const

/** 'ccc_v' → 'CCC V', 'icc_paper_a' → 'ICC paper A', 'ccc_mean' → 'CCC mean'. */
export function metricLabel(k: string): string {
  const parts = k.split('_')
  return parts.map((p, i) => (i === 0 ? p.toUpperCase() : p === 'v' ? 'V' : p === 'a' ? 'A' : p)).join(' ')
}

export interface CurveColors {
  readonly text: string
  readonly grid: string
  readonly valence?: string
  readonly arousal?: string
  readonly accent?: string
}

const MEASURES = ['ccc', 'rmse', 'pcc', 'icc']
const rank = (k: string): [number, number] => {
  const m = MEASURES.indexOf(k.split('_')[0])
  const d = k.endsWith('_v') ? 0 : k.endsWith('_a') ? 1 : 2
  return [m < 0 ? MEASURES.length : m, d]
}
/** CCC before PCC / ICC; V, then A, then the mean. */
function byMeasureThenDimension(a: string, b: string): number {
  const [ma, da] = rank(a)
  const [mb, db] = rank(b)
  return ma - mb || da - db || a.localeCompare(b)
}

function colorOf(k: string, c: CurveColors): string | undefined {
  if (k.endsWith('_v')) return c.valence
  if (k.endsWith('_a')) return c.arousal
  if (k.endsWith('_mean')) return c.accent
  return undefined
}

/** A curriculum stage on the epoch axis (sequence runs tag each record with stage_index / window / attention). */
export interface StageSpan {
  readonly index: number
  readonly first: number
  readonly last: number
  readonly label: string
}

/**
 * Stages of the validation records in epoch order (empty when the records carry no stage tags): a sequence run's
 * curriculum stages (stage_index, window, attention), a multi-task run's phases (phase_index, named by their loss) or
 * an AEG-CD-SZ run's progressive schedule (phase_index: Disc, AEG-CD, AEG-CD-SZ).
 */
export function stageSpans(epochs: readonly RunEpochPoint[]): StageSpan[] {
  const out: StageSpan[] = []
  for (const e of epochs) {
    if (e.split !== 'val') continue
    const stage = e.metrics.stage_index
    const phase = e.metrics.phase_index
    const i = typeof stage === 'number' ? stage : phase
    if (typeof i !== 'number') return []
    const cur = out[out.length - 1]
    if (cur && cur.index === i) out[out.length - 1] = { ...cur, last: e.epoch }
    else if (typeof stage === 'number') {
      const n = e.metrics.window
      out.push({ index: i, first: e.epoch, last: e.epoch, label: `${typeof n === 'number' ? `n = ${n}` : `stage ${i + 1}`}${e.metrics.attention === 1 ? ' · att' : ''}` })
    } else {
      const key = Object.keys(e.losses)[0]
      const aeg = 'cd_afc' in e.losses ? AEG_PHASES[i] : undefined
      out.push({ index: i, first: e.epoch, last: e.epoch, label: aeg ?? (key ? (PHASE_LABEL[key] ?? key) : `phase ${i + 1}`) })
    }
  }
  return out
}

/**
 * Stacked panels over epochs: validation agreement (CCC V / A / mean; PCC and ICC hidden in the legend; an AP run's
 * backbone CCC as a dotted reference), a multi-task run's task scores (P_MTL, P_AU, P_EX), validation RMSE for V and A
 * (native label scale), and the training losses. Counts and stage tags of the records are not drawn as curves; the
 * stages of a sequence run's curriculum and the phases of a multi-task run are marked (a dotted line between them,
 * their name on top).
 */
export function curvesFigure(epochs: readonly RunEpochPoint[], colors: CurveColors): { data: Data[]; layout: Partial<Layout> } {
  const val = epochs.filter((e) => e.split === 'val')
  const keys = metricKeys(val)
  const agreement = keys.filter((k) => AGREEMENT.test(k)).sort(byMeasureThenDimension)
  const backbone = keys.includes(BACKBONE)
  const tasks = TASKS.filter((k) => keys.includes(k))
  const error = keys.filter((k) => ERROR.test(k)).sort(byMeasureThenDimension)
  const withLosses = val.filter((e) => Object.keys(e.losses).length > 0)
  const losses = lossKeys(withLosses)
  const panels = [agreement.length > 0 ? 'agreement' : null, tasks.length > 0 ? 'tasks' : null, error.length > 0 ? 'error' : null, losses.length > 0 ? 'loss' : null].filter(
    (p): p is string => p !== null
  )
  const axisOf = (panel: string): 'y' => {
    const i = panels.indexOf(panel)
    return (i <= 0 ? 'y' : `y${i + 1}`) as 'y'
  }
  const x = val.map((e) => e.epoch)
  const data: Data[] = []
  for (const k of agreement) {
    const secondary = !k.startsWith('ccc')
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: `val ${metricLabel(k)}`,
      x,
      y: val.map((e) => e.metrics[k] ?? null),
      xaxis: 'x',
      yaxis: axisOf('agreement'),
      line: { color: colorOf(k, colors), dash: secondary ? 'dot' : k.endsWith('_mean') ? 'dash' : 'solid', width: 2 },
      ...(secondary ? { visible: 'legendonly' as const } : {})
    })
  }
  if (backbone && agreement.length > 0) {
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: 'backbone CCC mean (val)',
      x,
      y: val.map((e) => e.metrics[BACKBONE] ?? null),
      xaxis: 'x',
      yaxis: axisOf('agreement'),
      line: { color: colors.text, dash: 'dot', width: 1.5 },
      opacity: 0.6
    })
  }
  for (const k of tasks) {
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: `val ${TASK_LABEL[k]}`,
      x,
      y: val.map((e) => e.metrics[k] ?? null),
      xaxis: 'x',
      yaxis: axisOf('tasks'),
      line: { color: k === 'p_mtl' ? colors.accent : undefined, width: k === 'p_mtl' ? 2.5 : 2 }
    })
  }
  for (const k of error) {
    data.push({ type: 'scatter', mode: 'lines+markers', name: `val ${metricLabel(k)}`, x, y: val.map((e) => e.metrics[k] ?? null), xaxis: 'x', yaxis: axisOf('error'), line: { color: colorOf(k, colors), width: 2 } })
  }
  for (const k of losses) {
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      marker: { size: 4 },
      name: `loss ${k}`,
      x: withLosses.map((e) => e.epoch),
      y: withLosses.map((e) => e.losses[k] ?? null),
      xaxis: 'x',
      yaxis: axisOf('loss')
    })
  }
  const axis = { gridcolor: colors.grid, zerolinecolor: colors.grid, color: colors.text }
  const gap = 0.06
  const h = (1 - gap * (panels.length - 1)) / Math.max(1, panels.length)
  const titles: Record<string, string> = { agreement: 'val CCC', tasks: 'val P (F1)', error: 'val RMSE', loss: 'loss' }
  const layout: Partial<Layout> = {
    margin: { l: 56, r: 10, t: 8, b: 30 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { color: colors.text, size: 11 },
    showlegend: true,
    legend: { orientation: 'h', y: -0.1, yanchor: 'top' },
    xaxis: { ...axis, title: { text: 'epoch', standoff: 4 }, dtick: 1, anchor: panels.length ? axisOf(panels[panels.length - 1]) : 'y' }
  }
  // Top to bottom in the order of `panels`.
  panels.forEach((p, i) => {
    const top = 1 - i * (h + gap)
    const key = (i === 0 ? 'yaxis' : `yaxis${i + 1}`) as 'yaxis'
    layout[key] = { ...axis, title: { text: titles[p] }, domain: [Math.max(0, top - h), top], anchor: 'x', ...(p === 'agreement' ? { range: [-1, 1] } : {}) }
  })
  // Curriculum stages / MTL phases: a dashed line between them across every panel, their name on top.
  const spans = stageSpans(val)
  if (spans.length > 1) {
    layout.shapes = spans.slice(1).map((s) => ({ type: 'line' as const, xref: 'x' as const, yref: 'paper' as const, x0: s.first - 0.5, x1: s.first - 0.5, y0: 0, y1: 1, line: { color: colors.text, width: 1, dash: 'dot' as const }, opacity: 0.45 }))
    layout.annotations = spans.map((s) => ({ xref: 'x' as const, yref: 'paper' as const, x: (s.first + s.last) / 2, y: 1, yanchor: 'bottom' as const, text: s.label, showarrow: false, font: { size: 10, color: colors.text } }))
    layout.margin = { ...layout.margin, t: 22 }
  }
  return { data, layout }
}
