import { useMemo, useState } from 'react'
import type { RunSummary } from '../../../../shared/runs'
import { filterOptions, filterRuns, MAX_COMPARE, NO_FILTER, statusOf, type RunFilter } from './compare-logic'

/** The runs to choose from: search, tag/model/status filters, a checkbox per run (at most MAX_COMPARE chosen). */
export function RunPicker({ runs, selected, onChange }: { runs: readonly RunSummary[]; selected: readonly string[]; onChange: (ids: string[]) => void }) {
  const [filter, setFilter] = useState<RunFilter>(NO_FILTER)
  const options = useMemo(() => filterOptions(runs), [runs])
  const shown = filterRuns(runs, filter)
  const set = (k: keyof RunFilter) => (e: { target: { value: string } }) => setFilter((f) => ({ ...f, [k]: e.target.value }))
  const full = selected.length >= MAX_COMPARE
  const toggle = (id: string) => onChange(selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id])
  return (
    <div className="panel cmp-picker">
      <div className="cmp-picker-head">
        <h2>Runs</h2>
        <span className="muted small">
          {selected.length} chosen{full ? ` (at most ${MAX_COMPARE})` : ''}
        </span>
      </div>
      <input className="cmp-input" type="search" value={filter.query} onChange={set('query')} placeholder="search id, model, fold, tag…" aria-label="Search runs to compare" />
      <div className="cmp-filters">
        <select value={filter.tag} onChange={set('tag')} aria-label="Filter by tag">
          <option value="">all tags</option>
          {options.tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <select value={filter.model} onChange={set('model')} aria-label="Filter by model">
          <option value="">all models</option>
          {options.models.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        <select value={filter.status} onChange={set('status')} aria-label="Filter by status">
          <option value="">all states</option>
          {options.statuses.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="cmp-picker-actions small">
        <button type="button" className="link" onClick={() => onChange([...new Set([...selected, ...shown.map((r) => r.id)])].slice(0, MAX_COMPARE))} disabled={shown.length === 0}>
          choose shown
        </button>
        <button type="button" className="link" onClick={() => onChange([])} disabled={selected.length === 0}>
          clear
        </button>
      </div>
      <ul className="cmp-run-list" data-testid="compare-picker">
        {shown.map((r) => {
          const on = selected.includes(r.id)
          return (
            <li key={r.id} className={on ? 'on' : ''}>
              <label data-testid="compare-pick" data-run={r.id}>
                <input type="checkbox" checked={on} disabled={!on && full} onChange={() => toggle(r.id)} />
                <span className="cmp-run-main">
                  <span className="cmp-run-title">
                    <strong>{r.model}</strong> <span className="muted">{r.preset}</span> · {r.fold ?? 'no fold'}{' '}
                    <span className={`badge cmp-status-${statusOf(r)}`}>{statusOf(r)}</span>
                  </span>
                  <span className="cmp-run-sub small muted" title={r.id}>
                    {r.id}
                    {r.best ? ` · val CCC ${r.best.cccMean.toFixed(3)}` : ''}
                  </span>
                  {r.tags.length > 0 && (
                    <span className="cmp-run-tags">
                      {r.tags.map((t) => (
                        <span key={t} className="cmp-tag">
                          {t}
                        </span>
                      ))}
                    </span>
                  )}
                </span>
              </label>
            </li>
          )
        })}
        {shown.length === 0 && <li className="empty-state">{runs.length === 0 ? 'No runs yet: train one on the Train page.' : 'No run matches the filters.'}</li>}
      </ul>
    </div>
  )
}
