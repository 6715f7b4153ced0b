import { useState } from 'react'
import type { ConfigDiffResult } from '../../../../shared/compare'
import { api } from '../../api'
import { useAsync } from '../../lib/use-async'

function Side({ label, value, differs }: { label: string; value: string; differs: boolean }) {
  return (
    <div className={`cmp-diff-fact${differs ? ' differs' : ''}`}>
      <span className="muted small">{label}</span> <code>{value}</code>
    </div>
  )
}

function DiffTable({ d }: { d: ConfigDiffResult }) {
  return (
    <>
      <div className="cmp-diff-facts">
        <Side label="A" value={`${d.a.runId} · ${d.a.label} · ${d.a.fold ?? 'no fold'}`} differs={false} />
        <Side label="B" value={`${d.b.runId} · ${d.b.label} · ${d.b.fold ?? 'no fold'}`} differs={false} />
        <Side label="data hash" value={d.dataHashDiffers ? `${d.a.dataHash.slice(0, 12)} ≠ ${d.b.dataHash.slice(0, 12)}` : `same (${d.a.dataHash.slice(0, 12)})`} differs={d.dataHashDiffers} />
        <Side label="code version" value={d.codeVersionDiffers ? `${d.a.codeVersion ?? '–'} ≠ ${d.b.codeVersion ?? '–'}` : `same (${d.a.codeVersion ?? 'unknown'})`} differs={d.codeVersionDiffers} />
      </div>
      {d.entries.length === 0 ? (
        <p className="empty-state">The two configs are identical ({d.equalLeaves} values).</p>
      ) : (
        <>
          <table className="cmp-diff-table" data-testid="config-diff">
            <colgroup>
              <col className="path" />
              <col />
              <col />
            </colgroup>
            <thead>
              <tr>
                <th>path</th>
                <th>A</th>
                <th>B</th>
              </tr>
            </thead>
            <tbody>
              {d.entries.map((e) => (
                <tr key={e.path} data-testid="config-diff-row" data-path={e.path}>
                  <td>
                    <code>{e.path}</code>
                  </td>
                  <td className={e.a === null ? 'absent' : ''}>{e.a ?? 'absent'}</td>
                  <td className={e.b === null ? 'absent' : ''}>{e.b ?? 'absent'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="small muted">
            {d.entries.length} differing, {d.equalLeaves} equal values.
          </p>
        </>
      )}
    </>
  )
}

function DiffResult({ a, b }: { a: string; b: string }) {
  const [diff] = useAsync(() => api().invoke('runs:config-diff', { a, b }), [a, b])
  if (diff.status === 'loading') return <p className="muted small">Comparing the configs…</p>
  if (diff.status === 'error') return <p className="error-text small">{`${diff.code}: ${diff.message}`}</p>
  return <DiffTable d={diff.data} />
}

/** "Diff configs": two of the chosen runs (A, B), the config leaves that differ side by side. */
export function ConfigDiffPanel({ ids }: { ids: readonly string[] }) {
  const [pickA, setA] = useState(ids[0] ?? '')
  const [pickB, setB] = useState(ids[1] ?? '')
  const [shown, setShown] = useState(false)
  // A choice that left the selection falls back to the first (other) chosen run.
  const a = ids.includes(pickA) ? pickA : (ids[0] ?? '')
  const b = ids.includes(pickB) && pickB !== a ? pickB : (ids.find((x) => x !== a) ?? '')
  const valid = a !== '' && b !== '' && a !== b
  return (
    <div className="panel cmp-diff-panel">
      <div className="cmp-panel-head">
        <h2>Configs</h2>
        <div className="cmp-tools">
          <button type="button" className="small-btn" disabled={!valid} onClick={() => setShown((s) => !s)} aria-pressed={shown}>
            {shown ? 'Hide diff' : 'Diff configs'}
          </button>
        </div>
      </div>
      {ids.length > 2 && (
        <div className="cmp-diff-pick">
          <select value={a} onChange={(e) => setA(e.target.value)} aria-label="Config A">
            {ids.map((id) => (
              <option key={id} value={id}>
                A: {id}
              </option>
            ))}
          </select>
          <select value={b} onChange={(e) => setB(e.target.value)} aria-label="Config B">
            {ids.map((id) => (
              <option key={id} value={id}>
                B: {id}
              </option>
            ))}
          </select>
        </div>
      )}
      {shown && valid ? <DiffResult a={a} b={b} /> : <p className="muted small">{valid ? 'Show the config values that differ between A and B, side by side.' : 'Choose two different runs.'}</p>}
    </div>
  )
}
