import './trace-checklist.css'

export interface TraceItem {
  readonly id: string
  readonly name: string
  readonly kind: string
  readonly frameCount: number
  /** Shown when the list spans several sessions (a project). */
  readonly sessionName?: string
}

export interface TraceChecklistProps {
  readonly traces: readonly TraceItem[]
  readonly selected: readonly string[]
  readonly onChange: (ids: string[]) => void
  /** data-testid of each checkbox (tests find the traces by it). */
  readonly testId: string
  /** Quick picks besides all / none, e.g. "annotations". */
  readonly presets?: readonly { readonly label: string; readonly pick: (t: TraceItem) => boolean }[]
  readonly empty?: string
}

/** Checkboxes over traces (name, kind pill, frames), with quick picks; used by export and the agreement panel. */
export function TraceChecklist({ traces, selected, onChange, testId, presets = [], empty = 'No traces here yet.' }: TraceChecklistProps) {
  if (traces.length === 0) return <p className="empty-state">{empty}</p>
  const toggle = (id: string, on: boolean) => onChange(traces.map((t) => t.id).filter((x) => (x === id ? on : selected.includes(x))))
  const picks = [...presets, { label: 'all', pick: () => true }, { label: 'none', pick: () => false }]
  return (
    <div className="trace-checklist">
      <div className="trace-checklist-head">
        <span className="muted small">
          {selected.length} of {traces.length} chosen
        </span>
        {picks.map((p) => (
          <button key={p.label} type="button" className="link small" onClick={() => onChange(traces.filter(p.pick).map((t) => t.id))}>
            {p.label}
          </button>
        ))}
      </div>
      <ul className="trace-checklist-list">
        {traces.map((t) => (
          <li key={t.id}>
            <label>
              <input type="checkbox" checked={selected.includes(t.id)} onChange={(e) => toggle(t.id, e.target.checked)} data-testid={testId} data-trace-id={t.id} />
              <span className="trace-checklist-name" title={t.id}>
                {t.name}
              </span>
              <span className={`kind-pill kind-pill-${t.kind}`}>{t.kind}</span>
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
