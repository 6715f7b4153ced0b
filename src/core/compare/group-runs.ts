/**
 * Runs → the comparison table of thesis 001 Tables 7.5/7.6 (rows = models; RMSE ↓ | COR ↑ | CCC ↑ | ICC ↑, each
 * VAL ARO AVG; best per column in bold). Runs of one configuration (same model, preset, config without its fold
 * and result fields, and same data hash) over different folds are one row: each cell is the mean over the folds
 * where the value is defined ± the sample sd (n − 1), i.e. the `per-fold-mean` convention of
 * core/analysis/model-table.ts, computed here from each run's stored metrics instead of its frames. AVG is
 * (VAL + ARO) / 2 per fold, then averaged. The ICC column is the thesis' eq. 7.18 (`icc_paper_*`, what the trainers
 * record), not a McGraw-Wong ICC.
 */
import type { CompareDim, CompareMetric, CompareResult, CompareRow, CompareRunEntry, FoldStat, MetricSource } from '../../shared/compare'
import type { RunState } from '../../shared/runs'
import { ICC_KIND_LABELS, LOWER_IS_BETTER } from '../analysis/va-metrics'
import { configIdentity, diffConfigs, shortHash } from './config-diff'
import { SELECTION_TEXT, selectRunMetrics, type EpochRecord } from './run-metrics'

export const COMPARE_METRICS: readonly CompareMetric[] = ['rmse', 'cor', 'ccc', 'icc']
export const COMPARE_DIMS: readonly CompareDim[] = ['v', 'a', 'avg']
export const METRIC_HEAD: Readonly<Record<CompareMetric, string>> = { rmse: 'RMSE', cor: 'COR', ccc: 'CCC', icc: 'ICC' }
export const DIM_HEAD: Readonly<Record<CompareDim, string>> = { v: 'VAL', a: 'ARO', avg: 'AVG' }
export { LOWER_IS_BETTER }

export const AGGREGATION_TEXT = 'a row = the runs of one configuration, one per fold: mean over its folds ± sample sd (n − 1); AVG = (VAL + ARO) / 2 per fold'
export const BEST_TEXT = 'best per column: lowest RMSE, highest COR/CCC/ICC (values equal at the 3 shown decimals are all best)'

/** What the comparison needs of one stored run. */
export interface CompareInput {
  readonly runId: string
  /** Model label, e.g. "Vi-DeS" or "ANCLaF". */
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
  /** The parsed config JSON of the run. */
  readonly config: unknown
  readonly epochs: readonly EpochRecord[]
}

interface Group {
  readonly key: string
  readonly identity: string
  readonly inputs: CompareInput[]
}

const distinct = <T>(xs: readonly T[]): T[] => [...new Set(xs)]

function foldOrder(a: string | null, b: string | null): number {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  return a.localeCompare(b, 'en', { numeric: true })
}

/** Mean and sample sd of the defined values. */
export function foldStat(values: readonly (number | null)[]): Omit<FoldStat, 'best'> {
  const d = values.filter((x): x is number => x !== null)
  if (d.length === 0) return { mean: null, sd: null, n: 0 }
  const mean = d.reduce((s, x) => s + x, 0) / d.length
  const sd = d.length < 2 ? null : Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (d.length - 1))
  return { mean, sd, n: d.length }
}

function groupOf(r: CompareInput): { key: string; identity: string } {
  const identity = configIdentity(r.config)
  return { identity, key: shortHash(JSON.stringify([r.model, r.preset, r.dataHash, identity])) }
}

const shown = (json: string | null): string => (json === null ? '∅' : /^"[^"\\]*"$/.test(json) ? json.slice(1, -1) : json)

/** Row labels: the model label, made unique where two rows share it (preset, then the config leaves that differ, then the data). */
function rowLabels(groups: readonly Group[]): string[] {
  const base = groups.map((g) => g.inputs[0].label)
  const labels = [...base]
  for (const name of distinct(base)) {
    const idx = base.flatMap((b, i) => (b === name ? [i] : []))
    if (idx.length < 2) continue
    const presets = distinct(idx.map((i) => groups[i].inputs[0].preset))
    const hashes = distinct(idx.map((i) => groups[i].inputs[0].dataHash))
    for (const i of idx) {
      const g = groups[i].inputs[0]
      const parts: string[] = []
      if (presets.length > 1) parts.push(g.preset)
      const other = groups[idx[0] === i ? idx[1] : idx[0]]
      const diff = diffConfigs(JSON.parse(groups[i].identity), JSON.parse(other.identity)).entries.filter((e) => e.path !== 'preset' && e.path !== 'model')
      for (const e of diff.slice(0, 2)) parts.push(`${e.path}=${shown(e.a)}`)
      if (hashes.length > 1) parts.push(`data ${g.dataHash.slice(0, 6)}`)
      if (parts.length === 0) parts.push(`#${groups[i].key.slice(0, 4)}`)
      labels[i] = `${name} (${parts.join(', ')})`
    }
  }
  return labels.map((l, i) => (labels.indexOf(l) === i ? l : `${l} #${groups[i].key.slice(0, 4)}`))
}

function entryOf(r: CompareInput, label: string): CompareRunEntry {
  const m = selectRunMetrics(r.epochs)
  return {
    runId: r.runId,
    label,
    model: r.model,
    preset: r.preset,
    fold: r.fold,
    status: r.status,
    dataHash: r.dataHash,
    codeVersion: r.codeVersion,
    backend: r.backend,
    wallS: r.wallS,
    tags: [...r.tags],
    source: m.source,
    epoch: m.epoch,
    metrics: m.metrics
  }
}

function rowNotes(runs: readonly CompareRunEntry[]): string[] {
  const notes: string[] = []
  const byFold = new Map<string, string[]>()
  for (const r of runs) byFold.set(r.fold ?? '–', [...(byFold.get(r.fold ?? '–') ?? []), r.runId])
  for (const [fold, ids] of byFold) if (ids.length > 1) notes.push(`fold ${fold} has ${ids.length} runs (${ids.join(', ')}); each counts in the mean`)
  for (const r of runs) if (r.source === 'none') notes.push(`run ${r.runId} (${r.status}) has no evaluated epoch yet and is left out`)
  const sources = distinct(runs.map((r) => r.source).filter((s) => s !== 'none'))
  if (sources.length > 1) notes.push('its folds mix test-split numbers and best-validation-epoch numbers')
  const versions = distinct(runs.map((r) => r.codeVersion).filter((v): v is string => v !== null))
  if (versions.length > 1) notes.push(`its folds ran on different code versions (${versions.join(', ')})`)
  return notes
}

function markBest(rows: Array<{ cells: Record<CompareMetric, Record<CompareDim, FoldStat>> }>): void {
  for (const m of COMPARE_METRICS) {
    for (const d of COMPARE_DIMS) {
      const defined = rows.filter((r) => r.cells[m][d].mean !== null)
      if (defined.length < 2) continue
      const key = (r: (typeof rows)[number]) => Math.round((r.cells[m][d].mean as number) * 1000)
      const best = LOWER_IS_BETTER[m] ? Math.min(...defined.map(key)) : Math.max(...defined.map(key))
      for (const r of defined) if (key(r) === best) r.cells[m][d] = { ...r.cells[m][d], best: true }
    }
  }
}

/** The comparison of `inputs` (in the order given; a row appears where its first run is). */
export function buildComparison(inputs: readonly CompareInput[]): CompareResult {
  const groups: Group[] = []
  for (const r of inputs) {
    const { key, identity } = groupOf(r)
    const g = groups.find((x) => x.key === key)
    if (g) g.inputs.push(r)
    else groups.push({ key, identity, inputs: [r] })
  }
  const labels = rowLabels(groups)
  const rows = groups.map((g, gi) => {
    const runs = [...g.inputs].sort((x, y) => foldOrder(x.fold, y.fold)).map((r) => entryOf(r, labels[gi]))
    const cells = {} as Record<CompareMetric, Record<CompareDim, FoldStat>>
    for (const m of COMPARE_METRICS) {
      cells[m] = {} as Record<CompareDim, FoldStat>
      for (const d of COMPARE_DIMS) cells[m][d] = { ...foldStat(runs.map((r) => r.metrics?.[m][d] ?? null)), best: false }
    }
    const walls = runs.map((r) => r.wallS).filter((w): w is number => w !== null)
    const first = g.inputs[0]
    return {
      key: g.key,
      label: labels[gi],
      model: first.model,
      preset: first.preset,
      dataHash: first.dataHash,
      runIds: runs.map((r) => r.runId),
      folds: runs.map((r) => r.fold ?? '–'),
      sources: distinct(runs.map((r) => r.source)),
      codeVersions: distinct(runs.map((r) => r.codeVersion).filter((v): v is string => v !== null)),
      backends: distinct(runs.map((r) => r.backend).filter((b): b is string => b !== null)),
      wallS: walls.length === 0 ? null : walls.reduce((s, w) => s + w, 0),
      cells,
      runs,
      notes: rowNotes(runs)
    }
  })
  markBest(rows)
  return { rows: rows as CompareRow[], iccLabel: ICC_KIND_LABELS.paper, selection: SELECTION_TEXT, aggregation: AGGREGATION_TEXT, notes: comparisonNotes(rows) }
}

function comparisonNotes(rows: readonly { dataHash: string; runs: readonly CompareRunEntry[]; folds: readonly string[]; label: string }[]): string[] {
  const notes: string[] = []
  const hashes = distinct(rows.map((r) => r.dataHash))
  if (hashes.length > 1) notes.push(`the rows trained on different data (${hashes.length} data hashes): their numbers are not directly comparable`)
  const sources = distinct(rows.flatMap((r) => r.runs.map((x) => x.source))) as MetricSource[]
  if (sources.includes('test') && sources.includes('val-best')) {
    notes.push('some numbers are on the test split, others on the best validation epoch (optimistic: chosen on the same data): compare like with like')
  }
  const versions = distinct(rows.flatMap((r) => r.runs.map((x) => x.codeVersion)).filter((v): v is string => v !== null))
  if (versions.length > 1) notes.push(`the runs ran on ${versions.length} code versions (${versions.join(', ')})`)
  const foldSets = distinct(rows.map((r) => distinct(r.folds).sort().join(', ')))
  if (foldSets.length > 1) notes.push(`the rows were evaluated on different folds: ${rows.map((r) => `${r.label}: ${distinct(r.folds).join(', ')}`).join('; ')}`)
  return notes
}
