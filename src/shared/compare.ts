/**
 * Run comparison (Compare page, `circumplex runs`): runs side by side in the layout of thesis 001 Tables 7.5/7.6
 * (RMSE ↓ | COR ↑ | CCC ↑ | ICC ↑, each VAL ARO AVG), runs of one configuration over several folds as one row
 * (mean ± sd over folds), config diffs and run tags. Plain JSON-safe data (null, never undefined or NaN).
 */
import type { RunState } from './runs'

export type CompareMetric = 'rmse' | 'cor' | 'ccc' | 'icc'
/** VAL, ARO and AVG = (VAL + ARO) / 2. */
export type CompareDim = 'v' | 'a' | 'avg'

/**
 * Where a run's numbers come from: its test split (held-out subjects, the checkpoint chosen on validation), else
 * its best validation epoch by mean CCC (the run has no test split, e.g. still training), else none.
 */
export type MetricSource = 'test' | 'val-best' | 'none'

export interface VaValues {
  readonly v: number | null
  readonly a: number | null
  readonly avg: number | null
}

export type MetricValues = Readonly<Record<CompareMetric, VaValues>>

/** One table cell: the mean over the folds where the value is defined, the sample sd (n − 1; null below 2). */
export interface FoldStat {
  readonly mean: number | null
  readonly sd: number | null
  readonly n: number
  /** Best in its column (lowest RMSE, highest otherwise; ties at the 3 shown decimals are all best). */
  readonly best: boolean
}

export type CompareCells = Readonly<Record<CompareMetric, Readonly<Record<CompareDim, FoldStat>>>>

/** One run of a comparison: what it is, where it ran, and its numbers. */
export interface CompareRunEntry {
  readonly runId: string
  readonly label: string
  readonly model: string
  readonly preset: string
  readonly fold: string | null
  readonly status: RunState
  readonly dataHash: string
  readonly codeVersion: string | null
  readonly backend: string | null
  readonly wallS: number | null
  readonly tags: readonly string[]
  readonly source: MetricSource
  /** The epoch the numbers are from (the test split's checkpoint epoch, or the best validation epoch). */
  readonly epoch: number | null
  readonly metrics: MetricValues | null
}

/** One row of the Tables 7.5/7.6 layout: the runs of one configuration (one per fold). */
export interface CompareRow {
  /** Identity of the configuration (config without fold/result fields + data hash), a short hex hash. */
  readonly key: string
  readonly label: string
  readonly model: string
  readonly preset: string
  readonly dataHash: string
  readonly runIds: readonly string[]
  readonly folds: readonly string[]
  readonly sources: readonly MetricSource[]
  readonly codeVersions: readonly string[]
  readonly backends: readonly string[]
  /** Training time summed over the row's runs (null when none is known). */
  readonly wallS: number | null
  readonly cells: CompareCells
  /** The runs, one per fold, in fold order (the "metrics per fold" of the expanded row). */
  readonly runs: readonly CompareRunEntry[]
  readonly notes: readonly string[]
}

export interface CompareResult {
  readonly rows: readonly CompareRow[]
  /** Which ICC the ICC column holds. */
  readonly iccLabel: string
  /** How each run's numbers were chosen (test split / best validation epoch). */
  readonly selection: string
  /** How folds are combined (mean ± sample sd over folds). */
  readonly aggregation: string
  /** Warnings about the comparison as a whole (different data, code versions, metric sources, fold sets). */
  readonly notes: readonly string[]
}

/** One differing leaf of two config JSONs; values are JSON text, null where the leaf is absent on that side. */
export interface ConfigDiffEntry {
  readonly path: string
  readonly a: string | null
  readonly b: string | null
}

export interface ConfigDiffSide {
  readonly runId: string
  readonly label: string
  readonly fold: string | null
  readonly dataHash: string
  readonly codeVersion: string | null
}

export interface ConfigDiffResult {
  readonly a: ConfigDiffSide
  readonly b: ConfigDiffSide
  readonly entries: readonly ConfigDiffEntry[]
  /** Leaves with the same value on both sides. */
  readonly equalLeaves: number
  readonly dataHashDiffers: boolean
  readonly codeVersionDiffers: boolean
}

export interface RunTagsResult {
  readonly runId: string
  readonly tags: readonly string[]
}
