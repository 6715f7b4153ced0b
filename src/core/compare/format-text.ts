/** The comparison and a config diff as aligned plain text (`circumplex runs compare` / `runs diff`). */
import type { CompareResult, ConfigDiffResult, FoldStat } from '../../shared/compare'
import { formatTextTable, formatValue } from '../analysis/text-table'
import { BEST_TEXT, COMPARE_DIMS, COMPARE_METRICS, DIM_HEAD, LOWER_IS_BETTER, METRIC_HEAD } from './group-runs'

const cell = (s: FoldStat): string => `${formatValue(s.mean)}${s.best ? '•' : ''}`
const sdCell = (s: FoldStat): string => (s.sd === null ? '' : `±${formatValue(s.sd)}`)

/** Human duration: "42.0 s", "5.2 min", "1.3 h"; null → "–". */
export function formatDuration(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '–'
  return s < 90 ? `${s.toFixed(1)} s` : s < 5400 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`
}

const sourceText = (source: string, epoch: number | null): string => (source === 'test' ? `test (ep ${epoch})` : source === 'val-best' ? `val ep ${epoch}` : 'none')

/** Tables 7.5/7.6 as text: a row per configuration (means; a "± sd" line and a line per fold when it has several runs), then the runs. */
export function formatComparison(result: CompareResult): string {
  const head1 = ['Model', 'Folds', ...COMPARE_METRICS.flatMap((m) => [`${m === 'icc' ? 'ICC*' : METRIC_HEAD[m]} ${LOWER_IS_BETTER[m] ? '↓' : '↑'}`, '', ''])]
  const head2 = ['', '', ...COMPARE_METRICS.flatMap(() => COMPARE_DIMS.map((d) => DIM_HEAD[d]))]
  const body: string[][] = []
  for (const r of result.rows) {
    body.push([r.label, String(r.runIds.length), ...COMPARE_METRICS.flatMap((m) => COMPARE_DIMS.map((d) => cell(r.cells[m][d])))])
    if (r.runs.length > 1) {
      body.push(['  ± sd', '', ...COMPARE_METRICS.flatMap((m) => COMPARE_DIMS.map((d) => sdCell(r.cells[m][d])))])
      for (const e of r.runs) {
        body.push([`  ${e.fold ?? '–'}`, '', ...COMPARE_METRICS.flatMap((m) => COMPARE_DIMS.map((d) => formatValue(e.metrics?.[m][d] ?? null)))])
      }
    }
  }
  const runs = formatTextTable(
    [['Run', 'Row', 'Fold', 'Numbers from', 'Data hash', 'Code', 'Backend', 'Time', 'Tags']],
    result.rows.flatMap((r) =>
      r.runs.map((e) => [e.runId, r.label, e.fold ?? '–', sourceText(e.source, e.epoch), e.dataHash.slice(0, 12), e.codeVersion ?? '–', e.backend ?? '–', formatDuration(e.wallS), e.tags.join(', ')])
    )
  )
  const lines = [
    'Run comparison (layout of thesis Tables 7.5/7.6)',
    formatTextTable([head1, head2], body),
    `• ${BEST_TEXT}`,
    `Numbers: ${result.selection}.`,
    `Rows: ${result.aggregation}.`,
    `ICC*: ${result.iccLabel}`,
    '',
    runs
  ]
  for (const r of result.rows) for (const n of r.notes) lines.push(`note: ${r.label}: ${n}`)
  for (const n of result.notes) lines.push(`note: ${n}`)
  return lines.join('\n')
}

/** A config diff as text: the two runs, data hash / code version, then path | A | B. */
export function formatConfigDiff(d: ConfigDiffResult): string {
  const same = (x: boolean): string => (x ? 'differ' : 'same')
  const lines = [
    `A: ${d.a.runId} (${d.a.label}, fold ${d.a.fold ?? '–'})`,
    `B: ${d.b.runId} (${d.b.label}, fold ${d.b.fold ?? '–'})`,
    `data hash: ${same(d.dataHashDiffers)}${d.dataHashDiffers ? ` (A ${d.a.dataHash}, B ${d.b.dataHash})` : ''}`,
    `code version: ${same(d.codeVersionDiffers)}${d.codeVersionDiffers ? ` (A ${d.a.codeVersion ?? '–'}, B ${d.b.codeVersion ?? '–'})` : ''}`,
    ''
  ]
  if (d.entries.length === 0) lines.push(`The configs are identical (${d.equalLeaves} values).`)
  else {
    lines.push(formatTextTable([['Path', 'A', 'B']], d.entries.map((e) => [e.path, e.a ?? '(absent)', e.b ?? '(absent)'])))
    lines.push(`${d.entries.length} differing, ${d.equalLeaves} equal values`)
  }
  return lines.join('\n')
}
