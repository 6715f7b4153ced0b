/**
 * Checkpoint selection on validation metrics only. The published code of two of the papers this project implements
 * picks checkpoints on the test fold (see READING-NOTES); that reports the best of many test scores, not a test
 * score. This helper accepts per-epoch records of any split but only ever selects among `split: 'val'` records, and
 * refuses outright when asked to select on 'test' (or 'train') or when no validation records exist.
 */
import { AppError } from '../../shared/ipc/errors'

export type EpochSplit = 'train' | 'val' | 'test'

/** Metrics logged for one epoch on one split. */
export interface EpochRecord {
  readonly epoch: number
  readonly split: EpochSplit
  readonly metrics: Readonly<Record<string, number>>
}

export interface SelectionOptions {
  /** Metric name, e.g. 'ccc_mean' or 'loss'. */
  readonly metric: string
  /** 'max' (default: CCC, PCC) or 'min' (loss, RMSE). */
  readonly mode?: 'max' | 'min'
  /** Only 'val' is accepted; present so that a caller passing 'test' gets a clear refusal. */
  readonly split?: EpochSplit
}

export interface Selection {
  readonly epoch: number
  readonly value: number
  readonly metric: string
  readonly mode: 'max' | 'min'
  /** Validation records with a finite value for the metric. */
  readonly candidates: number
}

const SPLITS: readonly string[] = ['train', 'val', 'test']

/**
 * The epoch with the best validation value of `metric` (ties: the earliest epoch; non-finite values skipped).
 * Throws INVALID_ARGUMENT when asked for another split, when a record has an unknown split, or when no validation
 * record has the metric.
 */
export function selectCheckpoint(records: readonly EpochRecord[], options: SelectionOptions): Selection {
  const mode = options.mode ?? 'max'
  if (mode !== 'max' && mode !== 'min') throw new AppError('INVALID_ARGUMENT', `mode must be 'max' or 'min'`)
  if (options.split !== undefined && options.split !== 'val') {
    throw new AppError(
      'INVALID_ARGUMENT',
      `refusing to select a checkpoint on '${options.split}' metrics: checkpoints are selected on validation ('val') only`
    )
  }
  const counts: Record<string, number> = { train: 0, val: 0, test: 0 }
  let best: EpochRecord | undefined
  let bestValue = NaN
  let candidates = 0
  for (const r of records) {
    if (!SPLITS.includes(r.split)) {
      throw new AppError('INVALID_ARGUMENT', `epoch ${r.epoch}: unknown split '${String(r.split)}'`)
    }
    counts[r.split]++
    if (r.split !== 'val') continue
    const v = r.metrics[options.metric]
    if (typeof v !== 'number' || !Number.isFinite(v)) continue
    candidates++
    const better = best === undefined || (mode === 'max' ? v > bestValue : v < bestValue) || (v === bestValue && r.epoch < best.epoch)
    if (better) {
      best = r
      bestValue = v
    }
  }
  if (best === undefined) {
    const why =
      counts.val === 0
        ? `no validation records (${counts.test} test, ${counts.train} train); add a validation split — the test fold is never used for selection`
        : `no validation record has a finite '${options.metric}'`
    throw new AppError('INVALID_ARGUMENT', `cannot select a checkpoint: ${why}`)
  }
  return { epoch: best.epoch, value: bestValue, metric: options.metric, mode, candidates }
}
