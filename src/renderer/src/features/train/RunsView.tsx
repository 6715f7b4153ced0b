import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { RunSummary } from '../../../../shared/runs'
import { api } from '../../api'
import { hrefOf } from '../../app/router'
import { useAsync } from '../../lib/use-async'
import { PlotlyChart } from '../../widgets/PlotlyChart'
import { ApplyRun } from './ApplyRun'
import { curvesFigure } from './run-curves'
import { HeldOutTable } from './HeldOutTable'
import { RunTags } from './RunTags'
import { RunControls } from './run-live/RunControls'
import { RunProgress } from './run-live/RunProgress'
import { SamplesStrip } from './run-live/SamplesStrip'
import { SequenceStages } from './run-live/SequenceStages'
import { sequenceInfo } from './run-live/sequence-stages'
import { useRunJob } from './run-live/use-run-job'
import './train.css'

function duration(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '–'
  return s < 90 ? `${s.toFixed(1)} s` : s < 5400 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`
}

function css(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback
}

const STOP_TEXT: Record<NonNullable<RunSummary['stopReason']>, string> = {
  paused: 'Paused — the last checkpoint is kept; Resume continues from it.',
  cancelled: 'Cancelled.',
  crashed: 'The engine crashed while training this run; Resume continues from its last checkpoint.'
}

/** The status badge, and the stop reason where a run did not finish. */
function StatusBadge({ run }: { run: RunSummary }) {
  const shown = run.stopReason === 'paused' ? 'paused' : run.stopReason === 'crashed' ? 'crashed' : run.status
  return (
    <span className={`badge status-${shown}`} data-testid="run-status" data-status={run.status} data-stop={run.stopReason ?? ''}>
      {shown}
    </span>
  )
}

/** Curves, progress, samples, config and checkpoints of one run; polled every 2 s while it trains (live curves). */
/** Sequence runs resume per curriculum stage. */
const SEQUENCE_STOP_TEXT: Record<'paused' | 'crashed', string> = {
  paused: 'Paused — the finished stages are kept; Resume continues with the next stage.',
  crashed: 'The engine crashed while training this run; Resume keeps the finished stages and continues with the next one.'
}

function RunDetailPane({ runId, onChanged }: { runId: string; onChanged: () => void }) {
  const [tick, setTick] = useState(0)
  const [detail] = useAsync(() => api().invoke('runs:get', { runId }), [runId, tick])
  const job = useRunJob(runId)
  const reload = () => {
    setTick((x) => x + 1)
    onChanged()
  }
  const jobActive = job !== null && (job.state === 'running' || job.state === 'queued')
  const running = jobActive || (detail.status === 'ready' && (detail.data.run.status === 'running' || detail.data.run.status === 'queued'))
  useEffect(() => {
    if (!running) return
    const t = setInterval(() => setTick((x) => x + 1), 2000)
    return () => clearInterval(t)
  }, [running])
  // The job's state changed (started, paused, crashed, done): the run record changed with it.
  const lastState = useRef<string | null>(null)
  useEffect(() => {
    const key = job ? `${job.jobId}:${job.state}` : null
    if (lastState.current !== null && key !== lastState.current) setTick((x) => x + 1)
    lastState.current = key
  }, [job])
  // A new epoch changes the registry row too (best validation CCC).
  const epochCount = detail.status === 'ready' ? detail.data.epochs.length : 0
  const seenEpochs = useRef(epochCount)
  useEffect(() => {
    if (epochCount !== seenEpochs.current) onChanged()
    seenEpochs.current = epochCount
  }, [epochCount, onChanged])
  const fig = useMemo(
    () =>
      detail.status === 'ready'
        ? curvesFigure(detail.data.epochs, { text: css('--text', '#222'), grid: css('--border', '#ddd'), valence: css('--valence', '#d9480f'), arousal: css('--arousal', '#1c7ed6'), accent: css('--muted', '#5f6b7a') })
        : null,
    [detail]
  )
  if (detail.status === 'loading') return <p className="muted">Loading the run…</p>
  if (detail.status === 'error') return <p className="error-text">{`${detail.code}: ${detail.message}`}</p>
  const d = detail.data
  const valEpochs = d.epochs.filter((e) => e.split === 'val').length
  const seq = sequenceInfo(d.config)
  return (
    <div className="run-detail" data-testid="run-detail" data-epochs={valEpochs} data-status={d.run.status}>
      <div className="run-detail-head">
        <h3>
          {d.run.model} · {d.run.preset} <StatusBadge run={d.run} />
        </h3>
        <RunControls run={d.run} job={job} onChanged={reload} />
      </div>
      <p className="muted small run-facts">
        {d.run.fold ?? 'no fold'} · {valEpochs}
        {d.run.epochsPlanned !== null ? ` of ${d.run.epochsPlanned}` : ''} epochs · backend {d.run.backend ?? '–'}
        {d.run.codeVersion ? ` · code ${d.run.codeVersion}` : ''} · <span title={d.run.id}>{d.run.id}</span>
      </p>
      <RunTags runId={d.run.id} tags={d.run.tags} />
      <ApplyRun runId={d.run.id} />
      {jobActive && job && <RunProgress job={job} epochsPlanned={d.run.epochsPlanned} stages={seq?.planned ?? null} />}
      {d.run.stopReason && d.run.stopReason !== 'cancelled' && !jobActive && (
        <p className={d.run.stopReason === 'crashed' ? 'error-text small' : 'small stop-note'}>{seq ? SEQUENCE_STOP_TEXT[d.run.stopReason] : STOP_TEXT[d.run.stopReason]}</p>
      )}
      {d.run.error && <p className="error-text small" data-testid="run-error">{d.run.error}</p>}
      {d.epochs.length > 0 && fig ? (
        <PlotlyChart className="run-curves" data={fig.data} layout={fig.layout} config={{ displaylogo: false, responsive: true }} />
      ) : (
        <p className="muted small">No epoch finished yet{running ? ' — the curves appear here as the run trains.' : '.'}</p>
      )}
      {!seq && <HeldOutTable epochs={d.epochs} />}
      {seq && <SequenceStages info={seq} training={jobActive} />}
      {!seq && <SamplesStrip runId={d.run.id} epochs={valEpochs} />}
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
  const refreshList = useCallback(() => setTick((t) => t + 1), [])
  useEffect(() => {
    if (runId) setSelected(runId)
  }, [runId])
  const [query, setQuery] = useState('')
  // Re-read the registry when a job changes state (not on every progress step).
  useEffect(() => {
    const states = new Map<string, string>()
    return api().on('job:progress', (j) => {
      if (states.get(j.id) !== j.state) {
        states.set(j.id, j.state)
        setTick((t) => t + 1)
      }
    })
  }, [])
  const list: readonly RunSummary[] = runs.status === 'ready' ? runs.data : []
  const q = query.trim().toLowerCase()
  const shown = list.filter((r) => !q || `${r.id} ${r.model} ${r.preset} ${r.fold ?? ''} ${r.status} ${r.backend ?? ''} ${r.tags.join(' ')}`.toLowerCase().includes(q))
  const current = selected ?? shown[shown.length - 1]?.id ?? null
  return (
    <section className="train">
      <div className="section-head">
        <h1>Train · runs</h1>
        <input className="run-search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="search runs (model, fold, status, backend, tag…)" aria-label="Search runs" />
      </div>
      {runs.status === 'error' && <p className="error-text">{`${runs.code}: ${runs.message}`}</p>}
      {runs.status === 'ready' && list.length === 0 ? (
        <div className="panel empty">
          <h2>No runs yet</h2>
          <p>
            Start one from <a href={hrefOf('train', 'new')}>New run</a>, or from the command line (the same engine, visible here live):{' '}
            <code>npx circumplex train --help</code>. Runs started on a GPU server with the browser host show up here as they train.
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
                      <StatusBadge run={r} />
                    </td>
                    <td>{r.backend ?? '–'}</td>
                    <td>{duration(r.wallS)}</td>
                    <td>{r.best ? `${r.best.cccMean.toFixed(3)} (epoch ${r.best.epoch})` : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="panel">{current ? <RunDetailPane runId={current} onChanged={refreshList} /> : <p className="muted">Choose a run.</p>}</div>
        </div>
      )}
    </section>
  )
}
