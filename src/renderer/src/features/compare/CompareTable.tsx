import { Fragment, useState } from 'react'
import { BEST_TEXT, COMPARE_DIMS, COMPARE_METRICS, DIM_HEAD, LOWER_IS_BETTER, METRIC_HEAD } from '../../../../core/compare/group-runs'
import type { CompareResult, CompareRunEntry, FoldStat } from '../../../../shared/compare'

const f3 = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(3))

export function sourceText(e: Pick<CompareRunEntry, 'source' | 'epoch'>): string {
  return e.source === 'test' ? `test · epoch ${e.epoch}` : e.source === 'val-best' ? `best val · epoch ${e.epoch}` : 'no numbers yet'
}

function Cell({ s, testId }: { s: FoldStat; testId: string }) {
  return (
    <td className={`num${s.best ? ' best' : ''}`} data-testid={testId} data-best={s.best ? 'true' : 'false'} title={s.n > 1 ? `mean over ${s.n} folds` : undefined}>
      {s.best ? <b>{f3(s.mean)}</b> : f3(s.mean)}
      {s.sd !== null && <span className="sd">±{s.sd.toFixed(3)}</span>}
    </td>
  )
}

/** The comparison in the layout of thesis Tables 7.5/7.6, a row per configuration; a row expands to its folds. */
export function CompareTable({ result }: { result: CompareResult }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set())
  const toggle = (k: string) => setOpen((s) => (s.has(k) ? new Set([...s].filter((x) => x !== k)) : new Set([...s, k])))
  return (
    <div className="cmp-table-wrap">
      <table className="cmp-table" data-testid="compare-table">
        <thead>
          <tr>
            <th rowSpan={2} className="lbl">
              Model
            </th>
            <th rowSpan={2}>Folds</th>
            {COMPARE_METRICS.map((m) => (
              <th key={m} colSpan={3} className="grp" title={LOWER_IS_BETTER[m] ? 'lower is better' : 'higher is better'}>
                {m === 'icc' ? 'ICC*' : METRIC_HEAD[m]} {LOWER_IS_BETTER[m] ? '↓' : '↑'}
              </th>
            ))}
          </tr>
          <tr>
            {COMPARE_METRICS.flatMap((m) =>
              COMPARE_DIMS.map((d) => (
                <th key={`${m}-${d}`} className={`sub${d === 'v' ? ' first' : ''}`}>
                  {DIM_HEAD[d]}
                </th>
              ))
            )}
          </tr>
        </thead>
        <tbody>
          {result.rows.map((r) => {
            const isOpen = open.has(r.key)
            return (
              <Fragment key={r.key}>
                <tr className="cmp-row" data-testid="compare-row" data-label={r.label}>
                  <td className="lbl">
                    <button type="button" className="cmp-expand" aria-expanded={isOpen} aria-label={`${isOpen ? 'Hide' : 'Show'} the folds of ${r.label}`} onClick={() => toggle(r.key)}>
                      {isOpen ? '▾' : '▸'}
                    </button>
                    <span className="cmp-label">{r.label}</span>
                    <span className="muted small"> {r.preset}</span>
                    {r.sources.includes('val-best') && <span className="badge warn" title="best validation epoch: no test split">val</span>}
                  </td>
                  <td className="num">{r.runIds.length}</td>
                  {COMPARE_METRICS.flatMap((m) => COMPARE_DIMS.map((d) => <Cell key={`${m}-${d}`} s={r.cells[m][d]} testId={`cell-${m}-${d}`} />))}
                </tr>
                {isOpen &&
                  r.runs.map((e) => (
                    <tr key={e.runId} className="cmp-fold-row" data-testid="compare-fold-row">
                      <td className="lbl" title={e.runId}>
                        <span className="muted">↳</span> {e.fold ?? 'no fold'} <span className="muted small">· {sourceText(e)}</span>
                      </td>
                      <td className="num muted">1</td>
                      {COMPARE_METRICS.flatMap((m) =>
                        COMPARE_DIMS.map((d) => (
                          <td key={`${m}-${d}`} className="num">
                            {f3(e.metrics?.[m][d] ?? null)}
                          </td>
                        ))
                      )}
                    </tr>
                  ))}
              </Fragment>
            )
          })}
        </tbody>
      </table>
      <p className="small muted cmp-foot">
        <b>Bold</b>: {BEST_TEXT}. ± = sample sd over folds. Numbers: {result.selection}. ICC*: {result.iccLabel}.
      </p>
      {(result.notes.length > 0 || result.rows.some((r) => r.notes.length > 0)) && (
        <ul className="cmp-notes small" data-testid="compare-notes">
          {result.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
          {result.rows.flatMap((r) =>
            r.notes.map((n) => (
              <li key={`${r.key}${n}`}>
                <b>{r.label}</b>: {n}
              </li>
            ))
          )}
        </ul>
      )}
    </div>
  )
}
