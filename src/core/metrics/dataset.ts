/**
 * Pair-level and dataset-level evaluation of prediction vs gold, under the two conventions found in the
 * literature — they can differ a lot, so every result says which one it is:
 *
 * - **pooled** ("pooled over all frames"): all sequences are concatenated and each metric is computed once over
 *   every frame. CCC/PCC then also reward getting the *between-sequence* mean levels right. (AVEC/SEWA style.)
 * - **per-sequence mean** ("mean of per-sequence values"): each metric is computed per sequence and the
 *   unweighted arithmetic mean over sequences is reported. Sequences where a metric is undefined (NaN: < 2
 *   frames, constant gold/prediction for PCC, 0/0 CCC) are skipped for that metric; `nSequences` says how many
 *   entered each mean.
 *
 * Missing frames are removed per sequence by pairwise deletion (counts reported).
 */
import { ccc } from './ccc'
import { mae, rmse } from './errors'
import { assertSameLength } from './missing'
import { pcc } from './pcc'
import { sagr, type SagrOptions } from './sagr'

export interface SequencePair {
  readonly id?: string
  readonly pred: ArrayLike<number>
  readonly gold: ArrayLike<number>
}

export type PairMetricName = 'ccc' | 'pcc' | 'rmse' | 'mae' | 'sagr'

export const PAIR_METRIC_NAMES: readonly PairMetricName[] = ['ccc', 'pcc', 'rmse', 'mae', 'sagr']

export type PairMetricValues = Readonly<Record<PairMetricName, number>>

export interface PairEvaluation extends PairMetricValues {
  /** Frames used (both pred and gold present). */
  readonly nUsed: number
  /** Frames dropped as missing. */
  readonly nMissing: number
  readonly nTotal: number
}

export interface EvaluateOptions {
  readonly sagr?: SagrOptions
}

/** All pred/gold metrics of one pair of series, with the pairwise-deletion counts. Throws on length mismatch. */
export function evaluatePair(
  pred: ArrayLike<number>,
  gold: ArrayLike<number>,
  options: EvaluateOptions = {}
): PairEvaluation {
  assertSameLength(pred, gold, 'pred', 'gold')
  let nUsed = 0
  for (let i = 0; i < pred.length; i++) if (Number.isFinite(pred[i]) && Number.isFinite(gold[i])) nUsed++
  return {
    ccc: ccc(pred, gold),
    pcc: pcc(pred, gold),
    rmse: rmse(pred, gold),
    mae: mae(pred, gold),
    sagr: sagr(pred, gold, options.sagr),
    nUsed,
    nMissing: pred.length - nUsed,
    nTotal: pred.length
  }
}

export type DatasetConvention = 'pooled' | 'per-sequence-mean'

export const DATASET_CONVENTION_LABELS: Readonly<Record<DatasetConvention, string>> = {
  pooled: 'pooled over all frames',
  'per-sequence-mean': 'mean of per-sequence values'
}

export interface PooledMetrics extends PairEvaluation {
  readonly convention: 'pooled'
  readonly label: string
}

export interface PerSequenceMeanMetrics extends PairMetricValues {
  readonly convention: 'per-sequence-mean'
  readonly label: string
  /** Sequences whose value was finite and entered the mean, per metric. */
  readonly nSequences: Readonly<Record<PairMetricName, number>>
  /** All sequences given. */
  readonly nSequencesTotal: number
}

export interface PerSequenceEvaluation extends PairEvaluation {
  /** `id` of the input sequence, or its index as a string. */
  readonly id: string
}

export interface DatasetEvaluation {
  readonly pooled: PooledMetrics
  readonly perSequenceMean: PerSequenceMeanMetrics
  readonly perSequence: PerSequenceEvaluation[]
}

/** Pooled convention: concatenate all sequences, compute each metric once. */
export function pooledMetrics(sequences: readonly SequencePair[], options: EvaluateOptions = {}): PooledMetrics {
  let total = 0
  sequences.forEach((s, i) => {
    assertSameLength(s.pred, s.gold, `pred[${s.id ?? i}]`, `gold[${s.id ?? i}]`)
    total += s.pred.length
  })
  const pred = new Float64Array(total)
  const gold = new Float64Array(total)
  let off = 0
  for (const s of sequences) {
    pred.set(s.pred, off)
    gold.set(s.gold, off)
    off += s.pred.length
  }
  return { convention: 'pooled', label: DATASET_CONVENTION_LABELS.pooled, ...evaluatePair(pred, gold, options) }
}

function meanOfFinite(values: readonly PerSequenceEvaluation[], name: PairMetricName): [number, number] {
  let s = 0
  let n = 0
  for (const v of values) {
    if (Number.isFinite(v[name])) {
      s += v[name]
      n++
    }
  }
  return [n > 0 ? s / n : NaN, n]
}

/** Per-sequence values, each with its id (or index). */
export function perSequenceMetrics(
  sequences: readonly SequencePair[],
  options: EvaluateOptions = {}
): PerSequenceEvaluation[] {
  return sequences.map((s, i) => {
    assertSameLength(s.pred, s.gold, `pred[${s.id ?? i}]`, `gold[${s.id ?? i}]`)
    return { id: s.id ?? String(i), ...evaluatePair(s.pred, s.gold, options) }
  })
}

/** Per-sequence-mean convention from already computed per-sequence values. */
export function perSequenceMean(perSequence: readonly PerSequenceEvaluation[]): PerSequenceMeanMetrics {
  const values = {} as Record<PairMetricName, number>
  const counts = {} as Record<PairMetricName, number>
  for (const name of PAIR_METRIC_NAMES) [values[name], counts[name]] = meanOfFinite(perSequence, name)
  return {
    convention: 'per-sequence-mean',
    label: DATASET_CONVENTION_LABELS['per-sequence-mean'],
    ...values,
    nSequences: counts,
    nSequencesTotal: perSequence.length
  }
}

/** Both conventions plus the per-sequence table. */
export function evaluateDataset(sequences: readonly SequencePair[], options: EvaluateOptions = {}): DatasetEvaluation {
  const perSequence = perSequenceMetrics(sequences, options)
  return { pooled: pooledMetrics(sequences, options), perSequenceMean: perSequenceMean(perSequence), perSequence }
}
