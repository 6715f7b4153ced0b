import { useState } from 'react'
import type { AgreementRequest, AgreementResult } from '../../../../../shared/annotation'
import { api } from '../../../api'
import { useAsync } from '../../../lib/use-async'
import { agreementRequest, ALPHA_TOOLTIP, MEAN_R_TOOLTIP, shownReport } from './agreement-logic'
import { BlandAltmanPlot } from './BlandAltmanPlot'
import { FusionForm } from './FusionForm'
import { IccTable } from './IccTable'
import { LagTable } from './LagTable'
import { LeaveOneOutTable } from './LeaveOneOutTable'
import { PairwiseHeatmap } from './PairwiseHeatmap'
import { StatValue } from './StatValue'
import { TraceChecklist } from '../../../lib/TraceChecklist'
import './agreement.css'

type Run =
  | { readonly status: 'loading'; readonly request: AgreementRequest }
  | { readonly status: 'ready'; readonly request: AgreementRequest; readonly result: AgreementResult }
  | { readonly status: 'error'; readonly request: AgreementRequest; readonly code: string; readonly message: string }

const sameRequest = (a: AgreementRequest, b: AgreementRequest) => JSON.stringify(a) === JSON.stringify(b)

/**
 * Agreement between chosen traces of a session (annotations:agreement — the numbers of `circumplex agreement`):
 * ICC forms, Krippendorff's α, mean r, pairwise CCC heatmap, leave-one-out, Bland–Altman, lags; and gold fusion.
 */
export function AgreementPanel({ sessionId }: { sessionId: string }) {
  const [version, setVersion] = useState(0)
  // Scope: this session, or a whole project holding it (one column per annotator across the project's sessions).
  const [projectId, setProjectId] = useState('')
  const [projects] = useAsync(async () => (await api().invoke('projects:list', {})).filter((p) => p.sessionIds.includes(sessionId)), [sessionId])
  const [traces] = useAsync(async () => {
    const c = api()
    const project = projects.status === 'ready' ? projects.data.find((p) => p.id === projectId) : undefined
    if (!project) return { projectId: null, traces: await c.invoke('traces:list', { sessionId }) }
    const per = await Promise.all(project.sessionIds.map(async (sid) => ({ session: await c.invoke('sessions:get', { sessionId: sid }), traces: await c.invoke('traces:list', { sessionId: sid }) })))
    return {
      projectId: project.id,
      traces: per.flatMap(({ session, traces }) => traces.filter((t) => t.kind === 'annotation').map((t) => ({ ...t, name: `${t.name} — ${session.name}` })))
    }
  }, [sessionId, version, projectId, projects.status])
  const [picked, setPicked] = useState<{ sessionId: string; ids: string[] } | null>(null)
  const [dimension, setDimension] = useState<'valence' | 'arousal'>('valence')
  const [lagCorrect, setLagCorrect] = useState(false)
  const [maxLagS, setMaxLagS] = useState('5')
  const [view, setView] = useState<'raw' | 'lag-corrected'>('lag-corrected')
  const [run, setRun] = useState<Run | null>(null)

  const list = traces.status === 'ready' ? traces.data.traces : []
  const scopedProject = traces.status === 'ready' ? traces.data.projectId : null
  const selected =
    picked && picked.sessionId === sessionId ? picked.ids.filter((id) => list.some((t) => t.id === id)) : list.filter((t) => t.kind === 'annotation').map((t) => t.id)
  const check = agreementRequest(scopedProject ? { projectId: scopedProject } : sessionId, { traceIds: selected, dimension, lagCorrect, maxLagS })

  const compute = async () => {
    if ('error' in check) return
    const request = check.request
    setRun({ status: 'loading', request })
    try {
      const result = await api().invoke('annotations:agreement', request)
      setRun((r) => (r && r.request === request ? { status: 'ready', request, result } : r))
    } catch (e) {
      const o = e as { code?: string; message?: string }
      setRun((r) => (r && r.request === request ? { status: 'error', request, code: o.code ?? 'INTERNAL', message: o.message ?? String(e) } : r))
    }
  }

  const stale = run !== null && 'request' in check && !sameRequest(run.request, check.request)
  const result = run?.status === 'ready' ? run.result : null
  const shown = result ? (result.lagCorrected && view === 'lag-corrected' ? 'lag-corrected' : 'raw') : null
  const report = result && shown ? shownReport(result, shown) : null

  return (
    <section className="agreement pane" data-testid="agreement-panel" aria-label="Agreement">
      <header className="pane-head">
        <h3>Agreement</h3>
        <span className="muted small">between raters — the numbers of circumplex agreement</span>
        <label className="small ag-scope">
          scope{' '}
          <select value={projectId} onChange={(e) => setProjectId(e.target.value)} aria-label="Agreement scope" data-testid="agreement-scope">
            <option value="">this session</option>
            {(projects.status === 'ready' ? projects.data : []).map((p) => (
              <option key={p.id} value={p.id}>
                project {p.name} ({p.sessionIds.length} sessions)
              </option>
            ))}
          </select>
        </label>
      </header>
      <div className="ag-controls">
        <div className="ag-control-traces">
          {traces.status === 'loading' && <p className="muted small">loading traces…</p>}
          {traces.status === 'error' && (
            <p className="ag-error" role="alert">
              <code>{traces.code}</code> {traces.message}
            </p>
          )}
          {traces.status === 'ready' && <TraceChecklist
              traces={list}
              selected={selected}
              onChange={(ids) => setPicked({ sessionId, ids })}
              testId="agreement-trace"
              presets={[{ label: 'annotations', pick: (t) => t.kind === 'annotation' }]}
              empty="This session has no traces yet."
            />}
        </div>
        <div className="ag-control-options">
          <div className="ag-row" role="radiogroup" aria-label="Dimension">
            <span className="ag-label">dimension</span>
            {(['valence', 'arousal'] as const).map((d) => (
              <label key={d} className={`ag-inline ag-dim-${d}`}>
                <input type="radio" name={`ag-dim-${sessionId}`} checked={dimension === d} onChange={() => setDimension(d)} data-testid={`agreement-dimension-${d}`} /> {d}
              </label>
            ))}
          </div>
          <div className="ag-row">
            <span className="ag-label">timing</span>
            <label className="ag-inline">
              <input type="radio" name={`ag-lag-${sessionId}`} checked={!lagCorrect} onChange={() => setLagCorrect(false)} data-testid="agreement-raw" /> raw
            </label>
            <label className="ag-inline" title="Estimate each rater's reaction lag against the others (cross-correlation) and remove it; the raw statistics are computed too">
              <input type="radio" name={`ag-lag-${sessionId}`} checked={lagCorrect} onChange={() => setLagCorrect(true)} data-testid="agreement-lag" /> lag-corrected
            </label>
            <label className="ag-inline" title="Largest lag searched, seconds (0 – 30)">
              max lag
              <input type="text" inputMode="decimal" className="ag-num-input" value={maxLagS} disabled={!lagCorrect} onChange={(e) => setMaxLagS(e.target.value)} data-testid="agreement-max-lag" />
              s
            </label>
          </div>
          <div className="ag-row">
            <button type="button" onClick={() => void compute()} disabled={'error' in check || run?.status === 'loading'} title={'error' in check ? check.error : undefined} data-testid="agreement-run">
              {run?.status === 'loading' ? 'Computing…' : 'Compute agreement'}
            </button>
            {'error' in check && <span className="muted small">{check.error}</span>}
            {stale && <span className="badge warn">settings changed — compute again</span>}
          </div>
        </div>
      </div>

      {run?.status === 'error' && (
        <p className="ag-error" role="alert" data-testid="agreement-error">
          <code>{run.code}</code> {run.message}
        </p>
      )}
      {result && report && (
        <div className={`ag-results${stale ? ' ag-stale' : ''}`} data-testid="agreement-results" data-report={shown} data-dimension={result.dimension}>
          <div className="ag-summary">
            <span>
              <b>{report.nRaters}</b> raters · <b>{result.frames}</b> frames · {result.dimension}
            </span>
            <span className="muted small" title={report.missing.policy.icc}>
              ICC on {report.icc.nUsed} complete frames{report.icc.nDropped > 0 ? ` (${report.icc.nDropped} dropped for missing ratings)` : ''}
            </span>
            {report.missing.cells > 0 && <span className="muted small">{report.missing.cells} missing cells</span>}
            {result.lagCorrected && (
              <div className="ag-seg ag-view" role="group" aria-label="Statistics shown">
                <button type="button" className={shown === 'raw' ? 'active' : ''} onClick={() => setView('raw')} data-testid="agreement-view-raw">
                  raw
                </button>
                <button type="button" className={shown === 'lag-corrected' ? 'active' : ''} onClick={() => setView('lag-corrected')} data-testid="agreement-view-lag">
                  lag-corrected
                </button>
              </div>
            )}
          </div>
          <div className="ag-cards">
            <div className="ag-card" title={ALPHA_TOOLTIP}>
              <span className="ag-card-label">Krippendorff&apos;s α (interval)</span>
              <StatValue value={report.krippendorffAlpha.alpha} kind="alpha" testId="alpha" title={`α = ${report.krippendorffAlpha.alpha}\n${ALPHA_TOOLTIP}`} />
              <span className="muted small">
                {report.krippendorffAlpha.nUnits} pairable frames
              </span>
            </div>
            <div className="ag-card" title={MEAN_R_TOOLTIP}>
              <span className="ag-card-label">Mean pairwise r</span>
              <StatValue value={report.meanPairwisePearson.mean} kind="meanR" testId="mean-r" title={`mean r = ${report.meanPairwisePearson.mean}\n${MEAN_R_TOOLTIP}`} />
              <span className="muted small">
                {report.meanPairwisePearson.nPairs} pair{report.meanPairwisePearson.nPairs === 1 ? '' : 's'}
                {report.meanPairwisePearson.nPairsUndefined > 0 ? `, ${report.meanPairwisePearson.nPairsUndefined} undefined` : ''}
              </span>
            </div>
          </div>
          <IccTable report={report} />
          <div className="ag-two">
            <PairwiseHeatmap report={report} />
            <LeaveOneOutTable report={report} />
          </div>
          {result.lagCorrected && <LagTable lags={result.lagCorrected.lags} maxLagS={run?.request.maxLagS} />}
          <BlandAltmanPlot raters={result.raters} dimension={result.dimension} />
        </div>
      )}
      {!projectId && <FusionForm traces={list.filter((t) => selected.includes(t.id))} onCreated={() => setVersion((v) => v + 1)} />}
    </section>
  )
}
