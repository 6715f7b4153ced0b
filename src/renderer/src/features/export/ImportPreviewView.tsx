import type { ImportPreview } from '../../../../shared/annotation'
import { coverageText, fmt } from './exchange-logic'

type DimStats = ImportPreview['stats']['valence']

function StatsRow({ name, s }: { name: 'valence' | 'arousal'; s: DimStats }) {
  if (!s) {
    return (
      <tr>
        <th scope="row" className={`x-dim x-dim-${name}`}>{name}</th>
        <td colSpan={4} className="muted">
          not in the file (left missing)
        </td>
      </tr>
    )
  }
  return (
    <tr data-testid={`preview-stats-${name}`} data-min={s.min} data-max={s.max} data-mean={s.mean} data-missing={s.missing}>
      <th scope="row" className={`x-dim x-dim-${name}`}>{name}</th>
      <td>{fmt(s.min)}</td>
      <td>{fmt(s.max)}</td>
      <td>{fmt(s.mean)}</td>
      <td>{s.missing}</td>
    </tr>
  )
}

/** What the import would write: the file as read, and how it maps onto the session's frames. */
export function ImportPreviewView({ preview, stale }: { preview: ImportPreview; stale: boolean }) {
  const p = preview
  const full = p.coveredFrames === p.sessionFrames
  return (
    <div className={`x-preview${stale ? ' x-stale' : ''}`} data-testid="import-preview" data-row-count={p.rowCount} data-covered={p.coveredFrames} data-session-frames={p.sessionFrames}>
      <dl className="facts x-preview-facts">
        <dt>Rows</dt>
        <dd data-testid="preview-rows">{p.rowCount}</dd>
        <dt>Time span</dt>
        <dd>
          {fmt(p.startS)} s → {fmt(p.endS)} s
        </dd>
        <dt>Source rate</dt>
        <dd>{fmt(p.rateHz, 3)} Hz</dd>
        <dt>Covers</dt>
        <dd className={full ? '' : 'x-warn-text'} data-testid="preview-coverage">
          {coverageText(p.coveredFrames, p.sessionFrames)}
        </dd>
        <dt>Columns</dt>
        <dd>
          {p.columns.map((c) => (
            <code key={c} className="x-col">
              {c}
            </code>
          ))}
        </dd>
      </dl>
      <table className="x-table x-stats">
        <caption>Values after mapping onto [-1, 1]</caption>
        <thead>
          <tr>
            <th />
            <th>min</th>
            <th>max</th>
            <th>mean</th>
            <th>missing</th>
          </tr>
        </thead>
        <tbody>
          <StatsRow name="valence" s={p.stats.valence} />
          <StatsRow name="arousal" s={p.stats.arousal} />
        </tbody>
      </table>
      {p.warnings.length > 0 && (
        <ul className="x-warnings" data-testid="preview-warnings">
          {p.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {p.firstRows.length > 0 && (
        <div className="x-rows-box">
          <table className="x-table x-first-rows" data-testid="preview-first-rows">
            <caption>First rows of the file</caption>
            <thead>
              <tr>
                {p.columns.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {p.firstRows.map((row, i) => (
                <tr key={i}>
                  {p.columns.map((_, j) => (
                    <td key={j}>{row[j] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
