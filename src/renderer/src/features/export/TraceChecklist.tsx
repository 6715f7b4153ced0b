export interface TraceItem {
  readonly id: string
  readonly name: string
  readonly kind: string
  readonly frameCount: number
  /** Shown when the list spans several sessions (a project). */
  readonly sessionName?: string
}

/** Checkboxes over traces, with all/none. */
export function TraceChecklist({ traces, selected, onChange }: { traces: readonly TraceItem[]; selected: readonly string[]; onChange: (ids: string[]) => void }) {
  if (traces.length === 0) return <p className="empty-state">No traces here yet.</p>
  const toggle = (id: string, on: boolean) => onChange(traces.map((t) => t.id).filter((x) => (x === id ? on : selected.includes(x))))
  return (
    <div className="x-traces">
      <div className="x-traces-head">
        <span className="muted small">
          {selected.length} of {traces.length} selected
        </span>
        <button type="button" className="link small" onClick={() => onChange(traces.map((t) => t.id))}>
          all
        </button>
        <button type="button" className="link small" onClick={() => onChange([])}>
          none
        </button>
      </div>
      <ul className="x-trace-list">
        {traces.map((t) => (
          <li key={t.id}>
            <label>
              <input type="checkbox" checked={selected.includes(t.id)} onChange={(e) => toggle(t.id, e.target.checked)} data-testid="trace-check" data-trace-id={t.id} />
              <span className="x-trace-name">{t.name}</span>
              <span className={`x-kind x-kind-${t.kind}`}>{t.kind}</span>
              <span className="muted small">
                {t.sessionName ? `${t.sessionName} · ` : ''}
                {t.frameCount} frames
              </span>
            </label>
          </li>
        ))}
      </ul>
    </div>
  )
}
