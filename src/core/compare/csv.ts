/**
 * The comparison as CSV (RFC 4180, "\n" line ends, a final newline), the one function behind both the Compare
 * page's "Export CSV" and `circumplex runs compare --csv`, so the two files are byte-identical for the same runs.
 *
 * One line per table row (`level` = model: the mean over its folds, with `_sd` columns) followed, when the row has
 * several runs, by one line per run (`level` = fold: that fold's numbers, `_sd` empty). Numbers are written with 12
 * significant digits (no floating-point noise such as 0.41500000000000004); empty = undefined.
 */
import type { CompareDim, CompareMetric, CompareResult, CompareRunEntry, CompareRow } from '../../shared/compare'

const METRICS: readonly CompareMetric[] = ['rmse', 'cor', 'ccc', 'icc']
const DIMS: readonly [CompareDim, string][] = [
  ['v', 'val'],
  ['a', 'aro'],
  ['avg', 'avg']
]

export const COMPARE_CSV_COLUMNS: readonly string[] = [
  'level',
  'label',
  'model',
  'preset',
  'folds',
  'n_runs',
  'source',
  'epoch',
  'data_hash',
  'code_version',
  'backend',
  'wall_s',
  'run_ids',
  ...METRICS.flatMap((m) => DIMS.flatMap(([, d]) => [`${m}_${d}`, `${m}_${d}_sd`]))
]

/** A number with 12 significant digits and no trailing zeros; null → empty. */
export function csvNumber(x: number | null): string {
  return x === null || !Number.isFinite(x) ? '' : String(Number(x.toPrecision(12)))
}

/** One CSV field, quoted when it holds a comma, quote, CR or LF. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

function modelLine(r: CompareRow): string[] {
  const numbers = METRICS.flatMap((m) => DIMS.flatMap(([d]) => [csvNumber(r.cells[m][d].mean), csvNumber(r.cells[m][d].sd)]))
  return [
    'model',
    r.label,
    r.model,
    r.preset,
    r.folds.join(' '),
    String(r.runIds.length),
    r.sources.join(' '),
    '',
    r.dataHash,
    r.codeVersions.join(' '),
    r.backends.join(' '),
    csvNumber(r.wallS),
    r.runIds.join(' '),
    ...numbers
  ]
}

function foldLine(r: CompareRow, e: CompareRunEntry): string[] {
  const numbers = METRICS.flatMap((m) => DIMS.flatMap(([d]) => [csvNumber(e.metrics?.[m][d] ?? null), '']))
  return [
    'fold',
    r.label,
    e.model,
    e.preset,
    e.fold ?? '',
    '1',
    e.source,
    e.epoch === null ? '' : String(e.epoch),
    e.dataHash,
    e.codeVersion ?? '',
    e.backend ?? '',
    csvNumber(e.wallS),
    e.runId,
    ...numbers
  ]
}

/** The comparison as CSV text (see the module comment). */
export function compareCsv(result: CompareResult): string {
  const lines: string[][] = [[...COMPARE_CSV_COLUMNS]]
  for (const r of result.rows) {
    lines.push(modelLine(r))
    if (r.runs.length > 1) for (const e of r.runs) lines.push(foldLine(r, e))
  }
  return lines.map((l) => l.map(csvField).join(',')).join('\n') + '\n'
}
