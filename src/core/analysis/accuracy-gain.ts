/**
 * Accuracy-gain tables on frame segments, in the layouts of thesis 001 ch.7:
 *
 * - **Tables 7.3/7.4** (ΔW^a, L1958-1974): rows Vi-De, Vi-DeS, Au-De, Au-DeS; per level the cells
 *   RMSE (V,A) | GAIN | COR (V,A) | GAIN, where the GAIN sits on the sequence model's row and is "-DeS relative to
 *   -De on the same segment"; the baseline row shows "—". (The printed table lost most COR-gain cells; only its
 *   last cell survives, e.g. Au-DeS COR 0.07/0.11 → 0.12/0.25 printed "↑ (65.6%, 119%)".) → `attentionGainRows`.
 * - **Tables 7.7-7.10** (ΔW_G, T_ZG, L2051-2085): rows = the compared models, last row = the reference (AVi-GaS)
 *   with "—"; each compared row's GAIN is the reference's improvement over that row's model on the segment
 *   (e.g. Table 7.9 AV-DeS RMSE 0.32 vs AVi-GaS 0.30: printed ↓6.70 %). → `referenceGainRows`.
 *
 * All models are evaluated on the same frames: a frame is usable only when the gold V and A and every model's
 * predicted V and A are finite (listwise across models, so a model with gaps cannot win on easier frames). Excluded
 * frames are counted, per model and for the gold. Frames whose segment criterion is undefined (e.g. ΔW^a of a window
 * with < 2 weights) are neither inside nor outside and are counted per segment. Metrics are pooled over all
 * usable frames of the segment (sessions concatenated). Beside the thesis' inside-segment cells every cell also
 * carries the same metrics outside the segment and the model's gain inside over outside.
 */
import type { FrameSegment, VaSeries } from './types'
import { assertLength, requireArg } from './types'
import {
  gainBetween,
  metricsOnFrames,
  type FrameSetMetrics,
  type MetricGain,
  type VaMetricName
} from './va-metrics'
import { formatPercent, formatTextTable, formatVaPair } from './text-table'

export interface ModelPredictions {
  readonly model: string
  readonly pred: VaSeries
}

/** One table row: `model`'s metrics, and optionally the gain of model `gain.of` over model `gain.over`. */
export interface GainRowSpec {
  readonly label?: string
  readonly model: string
  readonly gain?: { readonly of: string; readonly over: string }
}

export type GainTableLayout = 'attention' | 'reference' | 'custom'

export interface GainTableInput {
  readonly title?: string
  readonly gold: VaSeries
  readonly models: readonly ModelPredictions[]
  readonly segments: readonly FrameSegment[]
  readonly rows: readonly GainRowSpec[]
  readonly layout?: GainTableLayout
  /** Default ['rmse', 'cor', 'ccc']; the text layout shows RMSE and COR as the thesis does. */
  readonly metrics?: readonly VaMetricName[]
}

export interface GainCell {
  readonly segment: string
  readonly inside: FrameSetMetrics
  readonly outside: FrameSetMetrics
  /** Thesis GAIN: `gain.of` over `gain.over`, inside the segment; null on rows without a gain. */
  readonly gain: MetricGain | null
  /** The same gain computed outside the segment. */
  readonly gainOutside: MetricGain | null
  /** This row's model inside the segment over itself outside it. */
  readonly insideOverOutside: MetricGain
}

export interface GainTableRow {
  readonly label: string
  readonly model: string
  readonly cells: readonly GainCell[]
}

export interface SegmentSummary {
  readonly label: string
  /** Usable frames inside / outside the segment. */
  readonly nInside: number
  readonly nOutside: number
  /** Usable frames whose membership was undefined. */
  readonly nUndefined: number
  /** nInside / (nInside + nOutside), null when both are 0. */
  readonly fractionInside: number | null
}

export interface GainTable {
  readonly title: string
  readonly layout: GainTableLayout
  readonly metrics: readonly VaMetricName[]
  readonly segments: readonly SegmentSummary[]
  readonly rows: readonly GainTableRow[]
  /** Frames given. */
  readonly nFrames: number
  /** Frames usable (gold and every model present). */
  readonly nUsable: number
  /** Frames excluded because the gold V or A is missing. */
  readonly nMissingGold: number
  /** Frames where each model's V or A prediction is missing (a frame may count for several). */
  readonly nMissingByModel: Readonly<Record<string, number>>
}

/** Rows of Tables 7.3/7.4 from [baseline, sequence-model] pairs, e.g. [['Vi-De','Vi-DeS'], ['Au-De','Au-DeS']]. */
export function attentionGainRows(pairs: readonly (readonly [baseline: string, sequence: string])[]): GainRowSpec[] {
  return pairs.flatMap(([base, seq]) => [{ model: base }, { model: seq, gain: { of: seq, over: base } }])
}

/** Rows of Tables 7.7-7.10: each compared model with the reference's gain over it, then the reference. */
export function referenceGainRows(compared: readonly string[], reference: string): GainRowSpec[] {
  return [...compared.map((m) => ({ model: m, gain: { of: reference, over: m } })), { model: reference }]
}

function isFiniteAt(s: ArrayLike<number>, i: number): boolean {
  return Number.isFinite(s[i])
}

/** Builds the table data. Throws `LENGTH_MISMATCH` / `INVALID_ARGUMENT` on malformed input, never on empty data. */
export function accuracyGainTable(input: GainTableInput): GainTable {
  const metrics = input.metrics ?? ['rmse', 'cor', 'ccc']
  const n = input.gold.valence.length
  assertLength(input.gold.arousal.length, n, 'gold arousal', 'gold valence')
  const byName = new Map<string, ModelPredictions>()
  for (const m of input.models) {
    requireArg(!byName.has(m.model), `model "${m.model}" is given twice`)
    assertLength(m.pred.valence.length, n, `"${m.model}" valence`, 'gold')
    assertLength(m.pred.arousal.length, n, `"${m.model}" arousal`, 'gold')
    byName.set(m.model, m)
  }
  for (const s of input.segments) assertLength(s.membership.length, n, `segment "${s.label}"`, 'gold')
  requireArg(input.segments.length > 0, 'at least one segment is needed')
  requireArg(input.rows.length > 0, 'at least one row is needed')
  for (const r of input.rows) {
    for (const name of [r.model, r.gain?.of, r.gain?.over]) {
      const known = [...byName.keys()].join(', ')
      requireArg(name === undefined || byName.has(name), `row refers to unknown model "${name}"; models: ${known}`)
    }
  }

  const usable = new Uint8Array(n)
  let nMissingGold = 0
  const nMissingByModel: Record<string, number> = {}
  for (const m of input.models) nMissingByModel[m.model] = 0
  for (let i = 0; i < n; i++) {
    let ok = true
    if (!isFiniteAt(input.gold.valence, i) || !isFiniteAt(input.gold.arousal, i)) {
      nMissingGold++
      ok = false
    }
    for (const m of input.models) {
      if (!isFiniteAt(m.pred.valence, i) || !isFiniteAt(m.pred.arousal, i)) {
        nMissingByModel[m.model]++
        ok = false
      }
    }
    usable[i] = ok ? 1 : 0
  }
  const nUsable = usable.reduce((s, u) => s + u, 0)

  const split = input.segments.map((seg) => {
    const inside: number[] = []
    const outside: number[] = []
    let undef = 0
    for (let i = 0; i < n; i++) {
      if (!usable[i]) continue
      const m = seg.membership[i]
      if (m === true) inside.push(i)
      else if (m === false) outside.push(i)
      else undef++
    }
    return { label: seg.label, inside: Int32Array.from(inside), outside: Int32Array.from(outside), undef }
  })

  const cache = new Map<string, { inside: FrameSetMetrics; outside: FrameSetMetrics }>()
  const metricsOf = (model: string, k: number): { inside: FrameSetMetrics; outside: FrameSetMetrics } => {
    const key = `${k}\u0000${model}`
    let r = cache.get(key)
    if (!r) {
      const pred = (byName.get(model) as ModelPredictions).pred
      r = {
        inside: metricsOnFrames(pred, input.gold, split[k].inside, metrics),
        outside: metricsOnFrames(pred, input.gold, split[k].outside, metrics)
      }
      cache.set(key, r)
    }
    return r
  }

  const rows: GainTableRow[] = input.rows.map((spec) => ({
    label: spec.label ?? spec.model,
    model: spec.model,
    cells: split.map((seg, k) => {
      const own = metricsOf(spec.model, k)
      let gain: MetricGain | null = null
      let gainOutside: MetricGain | null = null
      if (spec.gain) {
        const a = metricsOf(spec.gain.of, k)
        const b = metricsOf(spec.gain.over, k)
        gain = gainBetween(a.inside, b.inside, spec.gain.of, spec.gain.over, metrics)
        gainOutside = gainBetween(a.outside, b.outside, spec.gain.of, spec.gain.over, metrics)
      }
      return {
        segment: seg.label,
        inside: own.inside,
        outside: own.outside,
        gain,
        gainOutside,
        insideOverOutside: gainBetween(own.inside, own.outside, `${spec.model} inside`, `${spec.model} outside`, metrics)
      }
    })
  }))

  return {
    title: input.title ?? 'Accuracy gain on frame segments',
    layout: input.layout ?? 'custom',
    metrics,
    segments: split.map((s) => ({
      label: s.label,
      nInside: s.inside.length,
      nOutside: s.outside.length,
      nUndefined: s.undef,
      fractionInside: s.inside.length + s.outside.length > 0 ? s.inside.length / (s.inside.length + s.outside.length) : null
    })),
    rows,
    nFrames: n,
    nUsable,
    nMissingGold,
    nMissingByModel
  }
}

const GAIN_TEXT: Readonly<Record<GainTableLayout, string>> = {
  attention: 'each sequence model over its baseline row',
  reference: 'the reference (last row) over the row\'s model',
  custom: 'as named per row'
}

export interface FormatGainTableOptions {
  /** Which frames the cells describe: inside the segments (thesis layout, default) or outside. */
  readonly side?: 'inside' | 'outside'
}

/**
 * The thesis layout as aligned text: per segment "↓RMSE (V,A) | GAIN | ↑COR (V,A) | GAIN", gains as signed
 * percentages (positive = better; "—" on rows without a gain), then frame counts and any undefined-value reasons.
 */
export function formatGainTable(table: GainTable, options: FormatGainTableOptions = {}): string {
  const side = options.side ?? 'inside'
  const head1 = ['Model']
  const head2 = ['']
  for (const s of table.segments) {
    head1.push(s.label, '', '', '')
    head2.push('↓RMSE (V,A)', 'GAIN (V,A)', '↑COR (V,A)', 'GAIN (V,A)')
  }
  const notes: string[] = []
  const body = table.rows.map((r) => {
    const line = [r.label]
    for (const c of r.cells) {
      const m = side === 'inside' ? c.inside : c.outside
      const g = side === 'inside' ? c.gain : c.gainOutside
      const rm = m.values.rmse
      const co = m.values.cor
      line.push(
        rm ? formatVaPair(rm.v, rm.a, 2) : 'n/a',
        g ? gainText(g, 'rmse') : '—',
        co ? formatVaPair(co.v, co.a, 2) : 'n/a',
        g ? gainText(g, 'cor') : '—'
      )
      if (m.reason) notes.push(`${r.label} / ${c.segment}: ${m.reason}`)
    }
    return line
  })
  const counts = table.segments.map(
    (s) =>
      `${s.label}: ${s.nInside} inside, ${s.nOutside} outside` +
      (s.fractionInside === null ? '' : ` (${(100 * s.fractionInside).toFixed(1)}% inside)`) +
      (s.nUndefined > 0 ? `, ${s.nUndefined} undefined` : '')
  )
  const missing = Object.entries(table.nMissingByModel)
    .filter(([, k]) => k > 0)
    .map(([m, k]) => `${m} ${k}`)
  const lines = [
    `${table.title}${side === 'outside' ? ' — outside the segments' : ''}`,
    formatTextTable([head1, head2], body),
    `GAIN: relative change in % on the same frames, positive = better: ${GAIN_TEXT[table.layout]}.`,
    `Frames: ${table.nFrames} given, ${table.nUsable} usable` +
      (table.nMissingGold > 0 ? `, gold missing on ${table.nMissingGold}` : '') +
      (missing.length > 0 ? `, predictions missing: ${missing.join(', ')}` : ''),
    ...counts,
    ...[...new Set(notes)].map((s) => `n/a — ${s}`)
  ]
  return lines.join('\n')
}

function gainText(g: MetricGain, metric: VaMetricName): string {
  const p = g.values[metric]
  return p ? `(${formatPercent(p.v)}, ${formatPercent(p.a)})` : 'n/a'
}
