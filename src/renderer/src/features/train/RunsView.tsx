import { useEffect, useMemo, useState } from 'react'
import type { RunSummary } from '../../../../shared/runs'
import { api } from '../../api'
import { useAsync } from '../../lib/use-async'
import { PlotlyChart } from '../../widgets/PlotlyChart'
import { ApplyRun } from './ApplyRun'
import { curvesFigure } from './run-curves'
import { RunTags } from './RunTags'
import './train.css'

function duration(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '–'
  return s < 90 ? `${s.toFixed(1)} s` : s < 5400 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`
}

function css(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback
}

/** Curves, config and checkpoints of one run; polled every 2 s while it is running (live curves). */
function RunDetailPane({ runId }: { runId: string }) {
  const [tick, setTick] = useState(0)
  const [detail] = useAsync(() => api().invoke('runs:get', { runId }), [runId, tick])
  const running = detail.status === 'ready' && (detail.data.run.status === 'running' || detail.data.run.status === 'queued')
  useEffect(() => {
    if (!running) return
    const t = setInterval(() => setTick((x) => x + 1), 2000)
    return () => clearInterval(t)
  }, [running])
  const fig = useMemo(() => (detail.status === 'ready' ? curvesFigure(detail.data.epochs, { text: css('--text', '#222'), grid: css('--border', '#ddd') }) : null), [detail])
  if (detail.status === 'loading') return <p className="muted">Loading the run…</p>
  if (detail.status === 'error') return <p className="error-text">{`${detail.code}: ${detail.message}`}</p>
  const d = detail.data
  return (
    <div className="run-detail" data-testid="run-detail" data-epochs={d.epochs.length}>
      <h3>
        {d.run.model} · {d.run.preset} <span className={`badge status-${d.run.status}`}>{d.run.status}</span>
      </h3>
      <RunTags runId={d.run.id} tags={d.run.tags} />
      <ApplyRun runId={d.run.id} />
      {d.run.error && <p className="error-text small">{d.run.error}</p>}
      {d.epochs.length > 0 && fig ? (
        <PlotlyChart className="run-curves" data={fig.data} layout={fig.layout} config={{ displaylogo: false, responsive: true }} />
      ) : (
        <p className="muted small">No epoch finished yet{running ? ' — the curves appear here as the run trains.' : '.'}</p>
      )}
      <div className="run-meta small">
        <div>
          <strong>Checkpoints</strong>
          <ul>
            {d.checkpoints.map((c) => (
              <li key={c.path}>
                epoch {c.epoch} {c.isBest && <span className="badge">best (validation)</span>} <code>{c.path}</code>
              </li>
            ))}
            {d.checkpoints.length === 0 && <li className="muted">none</li>}
          </ul>
        </div>
        <details>
          <summary>Configuration (with the paper-vs-code choices)</summary>
          <pre className="config-json">{JSON.stringify(d.config, null, 2)}</pre>
        </details>
      </div>
    </div>
  )
}

/** Every model run: model, preset, fold, status, backend, duration, best validation CCC; pick one for its curves. */
export function RunsView({ runId }: { runId: string | null }) {
  const [tick, setTick] = useState(0)
  const [runs] = useAsync(() => api().invoke('runs:list', {}), [tick])
  const [selected, setSelected] = useState<string | null>(runId)
  const [query, setQuery] = useState('')
  useEffect(() => api().on('job:progress', () => setTick((t) => t + 1)), [])
  const list: readonly RunSummary[] = runs.status === 'ready' ? runs.data : []
  const q = query.trim().toLowerCase()
  const shown = list.filter((r) => !q || `${r.id} ${r.model} ${r.preset} ${r.fold ?? ''} ${r.status} ${r.backend ?? ''}`.toLowerCase().includes(q))
  const current = selected ?? shown[shown.length - 1]?.id ?? null
  return (
    <section className="train">
      <div className="section-head">
        <h1>Train · runs</h1>
        <input className="run-search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="search runs (model, fold, status, backend…)" aria-label="Search runs" />
      </div>
      {runs.status === 'error' && <p className="error-text">{`${runs.code}: ${runs.message}`}</p>}
      {runs.status === 'ready' && list.length === 0 ? (
        <div className="panel empty">
          <h2>No runs yet</h2>
          <p>
            Train from the command line (the same engine, visible here live): <code>npx circumplex train --help</code>. Runs started on a GPU server
            with the browser host show up here as they train.
          </p>
        </div>
      ) : (
        <div className="train-grid">
          <div className="panel">
            <table className="runs-table" data-testid="runs-table">
              <thead>
                <tr>
                  <th>run</th>
                  <th>model</th>
                  <th>fold</th>
                  <th>status</th>
                  <th>backend</th>
                  <th>time</th>
                  <th>best val CCC</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.id} className={r.id === current ? 'on' : ''} onClick={() => setSelected(r.id)} data-testid="run-row">
                    <td title={r.id}>{r.id.length > 28 ? `${r.id.slice(0, 26)}…` : r.id}</td>
                    <td>
                      {r.model} <span className="muted">{r.preset}</span>
                    </td>
                    <td>{r.fold ?? '–'}</td>
                    <td>
                      <span className={`badge status-${r.status}`}>{r.status}</span>
                    </td>
                    <td>{r.backend ?? '–'}</td>
                    <td>{duration(r.wallS)}</td>
                    <td>{r.best ? `${r.best.cccMean.toFixed(3)} (epoch ${r.best.epoch})` : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="panel">{current ? <RunDetailPane runId={current} /> : <p className="muted">Choose a run.</p>}</div>
        </div>
      )}
    </section>
  )
}
