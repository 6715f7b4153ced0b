/**
 * The numbers of one run for the comparison, from its stored per-epoch records (run_epochs): the test split
 * (held-out subjects, evaluated with the checkpoint chosen on validation) when the run has one, else the best
 * validation epoch by mean CCC. Metric keys are those the trainers write (engine/train/frame-set.ts
 * `affectMetrics`): rmse_v/a, pcc_v/a (COR), ccc_v/a, icc_paper_v/a (ICC as thesis eq. 7.18).
 */
import type { CompareMetric, MetricSource, MetricValues, VaValues } from '../../shared/compare'

export interface EpochRecord {
  readonly epoch: number
  readonly split: 'train' | 'val' | 'test'
  readonly metrics: Readonly<Record<string, number | null>>
}

/** Stored metric key prefixes per table column (first match wins). */
export const METRIC_KEYS: Readonly<Record<CompareMetric, readonly string[]>> = {
  rmse: ['rmse'],
  cor: ['pcc', 'cor'],
  ccc: ['ccc'],
  icc: ['icc_paper']
}

export const SELECTION_TEXT =
  'each run: its test split (held-out subjects, checkpoint chosen on validation) where it has one, else its best validation epoch by mean CCC'

const finite = (x: number | null | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null)

function pick(m: Readonly<Record<string, number | null>>, metric: CompareMetric, dim: 'v' | 'a'): number | null {
  for (const p of METRIC_KEYS[metric]) {
    const x = finite(m[`${p}_${dim}`])
    if (x !== null) return x
  }
  return null
}

export function vaValues(v: number | null, a: number | null): VaValues {
  return { v, a, avg: v === null || a === null ? null : (v + a) / 2 }
}

/** The four metrics of one epoch record. */
export function metricValues(m: Readonly<Record<string, number | null>>): MetricValues {
  const t = (k: CompareMetric) => vaValues(pick(m, k, 'v'), pick(m, k, 'a'))
  return { rmse: t('rmse'), cor: t('cor'), ccc: t('ccc'), icc: t('icc') }
}

function meanCcc(m: Readonly<Record<string, number | null>>): number | null {
  const direct = finite(m.ccc_mean)
  if (direct !== null) return direct
  const v = finite(m.ccc_v)
  const a = finite(m.ccc_a)
  return v === null || a === null ? null : (v + a) / 2
}

/** Test split (its latest record: a sequence run's last curriculum stage), else best validation epoch, else none. */
export function selectRunMetrics(epochs: readonly EpochRecord[]): { source: MetricSource; epoch: number | null; metrics: MetricValues | null } {
  let test: EpochRecord | null = null
  for (const e of epochs) if (e.split === 'test' && (test === null || e.epoch >= test.epoch)) test = e
  if (test) return { source: 'test', epoch: test.epoch, metrics: metricValues(test.metrics) }
  let best: { e: EpochRecord; c: number } | null = null
  for (const e of epochs) {
    if (e.split !== 'val') continue
    const c = meanCcc(e.metrics)
    if (c !== null && (best === null || c > best.c)) best = { e, c }
  }
  if (best) return { source: 'val-best', epoch: best.e.epoch, metrics: metricValues(best.e.metrics) }
  return { source: 'none', epoch: null, metrics: null }
}
