import type { TraceSummary } from '../../../../../shared/domain'

/** Checkboxes over a session's traces (annotation, gold and prediction traces alike). */
export function TracePicker({ traces, selected, onChange }: { traces: readonly TraceSummary[]; selected: readonly string[]; onChange: (ids: string[]) => void }) {
  if (traces.length === 0) return <p className="empty-state">This session has no traces yet.</p>
  const toggle = (id: string, on: boolean) => onChange(traces.map((t) => t.id).filter((x) => (x === id ? on : selected.includes(x))))
  return (
    <div className="ag-picker">
      <div className="ag-picker-head">
        <span className="muted small">
          {selected.length} of {traces.length} chosen
        </span>
        <button type="button" className="link small" onClick={() => onChange(traces.filter((t) => t.kind === 'annotation').map((t) => t.id))}>
          annotations
        </button>
        <button type="button" className="link small" onClick={() => onChange(traces.map((t) => t.id))}>
          all
        </button>
        <button type="button" className="link small" onClick={() => onChange([])}>
          none
        </button>
      </div>
      <ul className="ag-trace-list">
        {traces.map((t) => (
          <li key={t.id}>
            <label>
              <input type="checkbox" checked={selected.includes(t.id)} onChange={(e) => toggle(t.id, e.target.checked)} data-testid="agreement-trace" data-trace-id={t.id} />
              <span className="ag-trace-name" title={t.id}>
                {t.name}
              </span>
              <span className={`ag-kind ag-kind-${t.kind}`}>{t.kind}</span>
              <span className="muted small">{t.frameCount} fr</span>
            </label>
          </li>
        ))}
      </ul>
    </div>
  )
}
