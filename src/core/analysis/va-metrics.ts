/**
 * Valence/arousal metrics on a selected set of frames, and the relative gain between two results — the cells of the
 * thesis ch.7 tables. Metrics come from `core/metrics` (population moments, NaN below 2 frames):
 * RMSE (eq. 7.15), COR = Pearson (eq. 7.16), CCC = Lin (eq. 7.17), ICC (eq. 7.18 — the papers' 2·s_xy/(s_x²+s_y²),
 * `paperIcc`, which is *not* a standard ICC; `ICC(A,1)` / `ICC(C,1)` are offered beside it).
 */
import { ccc, fromRaterTraces, icc, paperIcc, pcc, rmse } from '../metrics'
import type { VaPair, VaSeries } from './types'
import { finiteOrNull } from './types'

export type VaMetricName = 'rmse' | 'cor' | 'ccc' | 'icc'

/** Which ICC fills the ICC column: the thesis' eq. 7.18 (`paper`) or a McGraw-Wong form on [pred, gold]. */
export type IccKind = 'paper' | 'ICC(A,1)' | 'ICC(C,1)'

export const ICC_KIND_LABELS: Readonly<Record<IccKind, string>> = {
  paper: 'ICC as thesis eq. 7.18: 2·s_xy/(s_x²+s_y²) (CCC without the mean term; not a standard ICC)',
  'ICC(A,1)': 'ICC(A,1): two-way, absolute agreement, single rater, on [prediction, gold]',
  'ICC(C,1)': 'ICC(C,1): two-way, consistency, single rater, on [prediction, gold]'
}

/** true when lower values are better. */
export const LOWER_IS_BETTER: Readonly<Record<VaMetricName, boolean>> = { rmse: true, cor: false, ccc: false, icc: false }

function gather(series: ArrayLike<number>, frames: Int32Array): Float64Array {
  const out = new Float64Array(frames.length)
  for (let i = 0; i < frames.length; i++) out[i] = series[frames[i]]
  return out
}

function one(metric: VaMetricName, p: Float64Array, g: Float64Array, iccKind: IccKind): number {
  switch (metric) {
    case 'rmse':
      return rmse(p, g)
    case 'cor':
      return pcc(p, g)
    case 'ccc':
      return ccc(p, g)
    case 'icc':
      return iccKind === 'paper' ? paperIcc(p, g) : p.length < 2 ? NaN : icc(fromRaterTraces([p, g]), iccKind).value
  }
}

/** Metrics of one model on one frame selection, with the reason for any `null`. */
export interface FrameSetMetrics {
  /** Frames used. */
  readonly n: number
  readonly values: Readonly<Partial<Record<VaMetricName, VaPair>>>
  /** Why some value is null (empty selection, < 2 frames, zero variance); null when every value is defined. */
  readonly reason: string | null
}

/**
 * `metrics` of `pred` vs `gold` on the frame indices `frames` (all assumed usable: the caller has removed missing
 * frames). Values are `null` when undefined, and `reason` says why.
 */
export function metricsOnFrames(
  pred: VaSeries,
  gold: VaSeries,
  frames: Int32Array,
  metrics: readonly VaMetricName[],
  iccKind: IccKind = 'paper'
): FrameSetMetrics {
  const n = frames.length
  const values: Partial<Record<VaMetricName, VaPair>> = {}
  if (n < 2) {
    for (const m of metrics) values[m] = { v: null, a: null }
    return { n, values, reason: n === 0 ? 'empty: 0 usable frames' : 'only 1 usable frame (metrics need ≥ 2)' }
  }
  const pv = gather(pred.valence, frames)
  const pa = gather(pred.arousal, frames)
  const gv = gather(gold.valence, frames)
  const ga = gather(gold.arousal, frames)
  const undefinedOnes: string[] = []
  for (const m of metrics) {
    const v = finiteOrNull(one(m, pv, gv, iccKind))
    const a = finiteOrNull(one(m, pa, ga, iccKind))
    if (v === null) undefinedOnes.push(`${m.toUpperCase()} V`)
    if (a === null) undefinedOnes.push(`${m.toUpperCase()} A`)
    values[m] = { v, a }
  }
  const reason =
    undefinedOnes.length === 0 ? null : `${undefinedOnes.join(', ')} undefined (constant prediction or gold on these frames)`
  return { n, values, reason }
}

/**
 * Relative gain in percent of result `of` over result `over`, positive = `of` is better:
 * lower-is-better (RMSE): 100·(over − of)/over;  higher-is-better (COR, CCC, ICC): 100·(of − over)/|over|.
 * This reproduces the GAIN columns of Tables 7.3-7.4 and 7.7-7.10 (checked against their printed cells, e.g.
 * Table 7.9 Vi-DeS COR 0.41 → AVi-GaS 0.46: +12.2 % vs printed 13.4 % from unrounded values). `null` when either
 * side is undefined or the base is 0.
 */
export function relativeGain(metric: VaMetricName, of: number | null, over: number | null): number | null {
  if (of === null || over === null || !Number.isFinite(of) || !Number.isFinite(over) || over === 0) return null
  return LOWER_IS_BETTER[metric] ? (100 * (over - of)) / over : (100 * (of - over)) / Math.abs(over)
}

/** Gains of one FrameSetMetrics over another, per metric and dimension. */
export interface MetricGain {
  /** What improved (e.g. "Vi-DeS" or "Vi-DeS inside"). */
  readonly of: string
  /** Over what (e.g. "Vi-De" or "Vi-DeS outside"). */
  readonly over: string
  readonly values: Readonly<Partial<Record<VaMetricName, VaPair>>>
  readonly reason: string | null
}

export function gainBetween(
  of: FrameSetMetrics,
  over: FrameSetMetrics,
  ofLabel: string,
  overLabel: string,
  metrics: readonly VaMetricName[]
): MetricGain {
  const values: Partial<Record<VaMetricName, VaPair>> = {}
  let missing = false
  for (const m of metrics) {
    const a = of.values[m]
    const b = over.values[m]
    const v = relativeGain(m, a?.v ?? null, b?.v ?? null)
    const ar = relativeGain(m, a?.a ?? null, b?.a ?? null)
    if (v === null || ar === null) missing = true
    values[m] = { v, a: ar }
  }
  const reason = missing
    ? [of.reason && `${ofLabel}: ${of.reason}`, over.reason && `${overLabel}: ${over.reason}`]
        .filter((r): r is string => Boolean(r))
        .join('; ') || 'a base value is 0'
    : null
  return { of: ofLabel, over: overLabel, values, reason }
}
