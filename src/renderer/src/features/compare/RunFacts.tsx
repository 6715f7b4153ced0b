import { formatDuration } from '../../../../core/compare/format-text'
import type { CompareResult } from '../../../../shared/compare'
import { sourceText } from './CompareTable'

/** Where each compared run comes from: fold, numbers, data hash, code version, backend, time, tags. */
export function RunFacts({ result }: { result: CompareResult }) {
  return (
    <details className="cmp-facts">
      <summary>
        Runs in this comparison <span className="muted small">({result.rows.reduce((s, r) => s + r.runs.length, 0)}: data hash, code version, backend, time)</span>
      </summary>
      <table className="cmp-facts-table small">
        <thead>
          <tr>
            <th>run</th>
            <th>row</th>
            <th>fold</th>
            <th>numbers from</th>
            <th>data hash</th>
            <th>code</th>
            <th>backend</th>
            <th>time</th>
            <th>tags</th>
          </tr>
        </thead>
        <tbody>
          {result.rows.flatMap((r) =>
            r.runs.map((e) => (
              <tr key={e.runId}>
                <td>
                  <a href={`#/train/runs/${encodeURIComponent(e.runId)}`}>{e.runId}</a>
                </td>
                <td>{r.label}</td>
                <td>{e.fold ?? '–'}</td>
                <td>{sourceText(e)}</td>
                <td>
                  <code title={e.dataHash}>{e.dataHash.slice(0, 12)}</code>
                </td>
                <td>{e.codeVersion ?? '–'}</td>
                <td>{e.backend ?? '–'}</td>
                <td>{formatDuration(e.wallS)}</td>
                <td>{e.tags.join(', ')}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </details>
  )
}
