import type { ParamSpec } from '../../../../../shared/training'
import { checkParam, rangeText, type RawValue } from '../../../../../shared/param-input'

/** One hyper-parameter: its input by kind, the default and limits as a hint, and the error inline. */
export function ParamField({ spec, raw, onChange }: { spec: ParamSpec; raw: RawValue; onChange: (v: RawValue) => void }) {
  const { error } = checkParam(spec, raw)
  const id = `param-${spec.key}`
  const range = rangeText(spec)
  const changed = raw !== (typeof spec.default === 'boolean' ? spec.default : String(spec.default))
  let input
  if (spec.kind === 'boolean') {
    input = <input id={id} type="checkbox" checked={raw === true} onChange={(e) => onChange(e.target.checked)} />
  } else if (spec.kind === 'choice') {
    input = (
      <select id={id} value={String(raw)} onChange={(e) => onChange(e.target.value)}>
        {spec.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    )
  } else {
    input = (
      <input
        id={id}
        type="text"
        inputMode={spec.kind === 'int' ? 'numeric' : 'decimal'}
        value={String(raw)}
        aria-invalid={error !== null}
        className={error ? 'bad' : ''}
        onChange={(e) => onChange(e.target.value)}
      />
    )
  }
  return (
    <div className={`param-field${spec.kind === 'boolean' ? ' param-bool' : ''}`} data-param={spec.key}>
      <label htmlFor={id} title={spec.help}>
        {spec.label}
        {changed && <span className="param-changed" title={`default ${String(spec.default)}`}> •</span>}
      </label>
      {input}
      <span className={error ? 'error-text small param-note' : 'muted small param-note'}>
        {error ?? (spec.kind === 'boolean' || spec.kind === 'choice' ? spec.help : `default ${String(spec.default)}${range ? ` · ${range}` : ''}`)}
      </span>
    </div>
  )
}
