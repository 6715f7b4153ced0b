import { useMemo, useState } from 'react'
import type { LandmarkNorm } from '../../../../../shared/landmarks'
import { api } from '../../../api'
import { useAsync } from '../../../lib/use-async'
import { CedPlot } from './CedPlot'
import { CED_COLOURS, cedRows, fixed, pct, setKeyId, setKeys, sourceLabel } from './ced-data'
import './landmarks.css'

const NORMS: readonly { norm: LandmarkNorm; label: string; axis: string }[] = [
  { norm: 'box', label: 'Box √(w·h)', axis: 'NME, box √(w·h) normalised' },
  { norm: 'io', label: 'Inter-ocular', axis: 'NME, inter-ocular normalised' }
]
const RANGES = [0.08, 0.15, 0.3] as const
/** Below this many items (frames of one sequence are not independent) a ranking is anecdotal: the view says so. */
const FEW_ITEMS = 200

function fewText(ns: readonly number[]): string {
  const most = Math.max(...ns)
  const word = most === 1 ? 'item' : 'items'
  return ns.every((n) => n === most) ? `${most} ${word}` : `at most ${most} ${word}`
}

function EmptyState() {
  return (
    <div className="panel empty" data-testid="landmarks-empty">
      <h2>No landmark evaluations yet</h2>
      <p>
        Evaluate trackers against 68-point ground truth (300-W / 300-VW <code>.pts</code>, COCO JSON, LJSON or dlib XML folders); every
        evaluation is stored and drawn here as one CED curve:
      </p>
      <pre className="config-json">circumplex eval-landmarks --tracker default --tracker &lt;run id&gt; --gt /path/to/300w</pre>
      <p className="muted small">
        Train a tracker with <code>circumplex train --model tracker …</code>: its run id is what <code>--tracker</code> takes, and{' '}
        <code>&lt;run id&gt;:no-denoise</code> evaluates a DCRT run without its denoiser (the ablation). <code>--moving</code> adds moving faces
        made from the stills (300-VW categories 1–3), <code>--degrade</code> degrades every input.
      </p>
    </div>
  )
}

/** Train → Landmarks: CED curves of the stored tracker evaluations on one ground-truth source and set (300-VW style). */
export function LandmarksView() {
  const [tick, setTick] = useState(0)
  const [source, setSource] = useState<string | null>(null)
  const [setId, setSetId] = useState<string | null>(null)
  const [norm, setNorm] = useState<LandmarkNorm>('box')
  const [maxX, setMaxX] = useState<number>(0.08)
  const [res] = useAsync(() => api().invoke('landmarks:evals', {}), [tick])
  const all = res.status === 'ready' ? res.data : null
  const current = source ?? all?.sources[0] ?? null
  const evals = useMemo(() => (all && current !== null ? all.evals.filter((e) => e.source === current) : []), [all, current])
  const keys = useMemo(() => setKeys(evals), [evals])
  const key = keys.find((k) => setKeyId(k) === setId) ?? keys[0] ?? null
  const rows = useMemo(() => (key ? cedRows(evals, key, norm, maxX) : []), [evals, key, norm, maxX])
  const axis = NORMS.find((n) => n.norm === norm)?.axis ?? ''
  const threshold = rows[0]?.threshold ?? 0.08
  return (
    <section className="train lm-page">
      <div className="section-head">
        <h1>Train · landmarks</h1>
        <span className="muted">{all ? `${all.evals.length} stored evaluation${all.evals.length === 1 ? '' : 's'}` : ''}</span>
        <button type="button" className="small-btn lm-reload" onClick={() => setTick((t) => t + 1)}>
          Reload
        </button>
      </div>
      {res.status === 'loading' && <p className="muted">Loading the evaluations…</p>}
      {res.status === 'error' && (
        <div className="panel error-panel" role="alert">
          <h2>The evaluations could not be read</h2>
          <p>{`${res.code}: ${res.message}`}</p>
        </div>
      )}
      {all && all.evals.length === 0 && <EmptyState />}
      {all && all.evals.length > 0 && (
        <>
          <div className="panel lm-controls">
            <label>
              Ground truth
              <select value={current ?? ''} onChange={(e) => (setSource(e.target.value), setSetId(null))} data-testid="lm-source">
                {all.sources.map((s) => (
                  <option key={s} value={s} title={s}>
                    {sourceLabel(s)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Set
              <select value={key ? setKeyId(key) : ''} onChange={(e) => setSetId(e.target.value)} data-testid="lm-set">
                {keys.map((k) => (
                  <option key={setKeyId(k)} value={setKeyId(k)}>
                    {setKeyId(k)}
                  </option>
                ))}
              </select>
            </label>
            <div className="lm-seg" role="radiogroup" aria-label="Normalisation">
              {NORMS.map((n) => (
                <button key={n.norm} type="button" role="radio" aria-checked={n.norm === norm} className={n.norm === norm ? 'on' : ''} onClick={() => setNorm(n.norm)}>
                  {n.label}
                </button>
              ))}
            </div>
            <label>
              x up to
              <select value={maxX} onChange={(e) => setMaxX(Number(e.target.value))} data-testid="lm-range">
                {RANGES.map((r) => (
                  <option key={r} value={r}>
                    {(100 * r).toFixed(0)} %
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="panel lm-plot-panel">
            <CedPlot rows={rows} maxX={maxX} threshold={threshold} xLabel={axis} />
            <ul className="lm-legend" data-testid="ced-legend">
              {rows.map((r, i) => (
                <li key={r.evalId} data-testid="ced-legend-row" data-tracker={r.trackerId} data-auc={r.auc ?? ''} data-failure={r.failure ?? ''}>
                  <span className="lm-swatch" style={{ borderColor: CED_COLOURS[i % CED_COLOURS.length] }} />
                  <span className="lm-legend-text">
                    <span className="lm-legend-label">{r.label}</span>
                    <span className="small muted">
                      AUC@{r.threshold} <b>{fixed(r.auc)}</b> · failure <b>{pct(r.failure, 1)}</b>
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          </div>
          {rows.length > 0 && rows.every((r) => r.n < FEW_ITEMS) && (
            <p className="note small muted" data-testid="lm-few">
              {fewText(rows.map((r) => r.n))} per tracker (frames of one sequence are not
              independent): a reduced reproduction on tiny data — the curves show how these trackers did on these items, not a ranking that would
              hold on the full 300-W / 300-VW benchmarks.
            </p>
          )}
          <div className="panel">
            <table className="runs-table lm-table" data-testid="lm-table">
              <thead>
                <tr>
                  <th>Tracker</th>
                  <th>Set</th>
                  <th className="num">n</th>
                  <th className="num">Mean NME</th>
                  <th className="num">AUC@{threshold}</th>
                  <th className="num">Failure rate</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={r.evalId} data-testid="lm-row" data-tracker={r.trackerId}>
                    <td>
                      <span className="lm-dot" style={{ background: CED_COLOURS[i % CED_COLOURS.length] }} />
                      {r.label} <span className="small muted">{r.trackerId}</span>
                    </td>
                    <td>
                      {r.set}
                      {r.degraded && <span className="badge muted-badge">degraded</span>}
                    </td>
                    <td className="num">{r.n}</td>
                    <td className="num">{pct(r.mean)}</td>
                    <td className="num">{fixed(r.auc)}</td>
                    <td className="num">{pct(r.failure, 1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  )
}
