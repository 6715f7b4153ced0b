import { useState } from 'react'
import type { ExchangeFormat, ExportedFile } from '../../../../shared/annotation'
import { EXCHANGE_FORMATS } from '../../../../shared/annotation'
import type { SessionSummary } from '../../../../shared/domain'
import { api } from '../../api'
import { useAsync } from '../../lib/use-async'
import { ErrorNote } from './ErrorNote'
import { exportArgs, FORMAT_INFO, isLengthMismatch, toUiError, type Dimension, type ExportForm, type UiError } from './exchange-logic'
import { ExportResults } from './ExportResults'
import { TraceChecklist, type TraceItem } from '../../lib/TraceChecklist'

/** Traces of a session, or of every session of a project (with the session's name). */
async function loadTraces(scope: 'session' | 'project', id: string, sessions: readonly SessionSummary[], projectSessions: readonly string[]): Promise<TraceItem[]> {
  if (!id) return []
  const ids = scope === 'session' ? [id] : projectSessions
  const lists = await Promise.all(ids.map((sessionId) => api().invoke('traces:list', { sessionId })))
  return lists.flatMap((list, i) =>
    list.map((t) => ({
      id: t.id,
      name: t.name,
      kind: t.kind,
      frameCount: t.frameCount,
      sessionName: scope === 'project' ? (sessions.find((s) => s.id === ids[i])?.name ?? ids[i]) : undefined
    }))
  )
}

/** Export: a session or a project, its traces, a format (and its dimension/rate) → files to download. */
export function ExportPanel({ version }: { version: number }) {
  const [lists] = useAsync(async () => {
    const [sessions, projects] = await Promise.all([api().invoke('sessions:list', {}), api().invoke('projects:list', {})])
    return { sessions, projects }
  }, [version])
  const [scope, setScope] = useState<'session' | 'project'>('session')
  const [sessionPick, setSessionId] = useState('')
  const [projectPick, setProjectId] = useState('')
  const [selection, setSelection] = useState<{ key: string; ids: string[] } | null>(null)
  const [format, setFormat] = useState<ExchangeFormat>('circumplex')
  const [dimension, setDimension] = useState<Dimension>('valence')
  const [rateHz, setRateHz] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<UiError | null>(null)
  const [files, setFiles] = useState<{ files: ExportedFile[]; format: ExchangeFormat; allowed: boolean } | null>(null)

  const sessions = lists.status === 'ready' ? lists.data.sessions : []
  const projects = lists.status === 'ready' ? lists.data.projects : []
  const sessionId = sessionPick || sessions[0]?.id || ''
  const projectId = projectPick || projects[0]?.id || ''
  const project = projects.find((p) => p.id === projectId)
  const targetId = scope === 'session' ? sessionId : projectId
  const [traces] = useAsync(
    () => (lists.status === 'ready' ? loadTraces(scope, targetId, sessions, project?.sessionIds ?? []) : Promise.resolve([])),
    [lists.status, scope, targetId, version]
  )
  const traceList = traces.status === 'ready' ? traces.data : []
  const key = `${scope}:${targetId}`
  const selected = selection && selection.key === key ? selection.ids.filter((id) => traceList.some((t) => t.id === id)) : traceList.map((t) => t.id)
  const info = FORMAT_INFO[format]
  const fps = scope === 'session' ? sessions.find((s) => s.id === sessionId)?.video?.fps : undefined
  const form: ExportForm = { scope, sessionId, projectId, traceIds: selected, format, dimension, rateHz }
  const check = exportArgs(form)

  const run = async (allowLengthMismatch: boolean) => {
    const r = exportArgs(form, allowLengthMismatch)
    if ('error' in r) return setError({ code: '', message: r.error })
    setBusy(true)
    setError(null)
    try {
      const out = await api().invoke('annotations:export', r.args)
      setFiles({ files: out, format, allowed: allowLengthMismatch })
    } catch (e) {
      setError(toUiError(e))
      setFiles(null) // the files listed would not be this export's
    } finally {
      setBusy(false)
    }
  }

  if (lists.status === 'loading') return <p className="muted">Loading sessions…</p>
  if (lists.status === 'error') {
    return <ErrorNote error={{ code: lists.code, message: `sessions and projects could not be listed: ${lists.message}` }} />
  }

  return (
    <div className="x-columns" data-testid="export-panel">
      <form
        className="panel x-form"
        onSubmit={(e) => {
          e.preventDefault()
          void run(false)
        }}
      >
        <h2>What to export</h2>
        <div className="x-row">
          <span className="x-label">From</span>
          <label className="x-inline">
            <input type="radio" name="export-scope" checked={scope === 'session'} onChange={() => setScope('session')} /> a session
          </label>
          <label className="x-inline" title={projects.length === 0 ? 'No project yet (circumplex project create, or the annotate page)' : undefined}>
            <input type="radio" name="export-scope" checked={scope === 'project'} disabled={projects.length === 0} onChange={() => setScope('project')} data-testid="export-scope-project" /> a
            whole project
          </label>
        </div>
        {scope === 'session' ? (
          <label className="x-row">
            <span className="x-label">Session</span>
            <select value={sessionId} onChange={(e) => setSessionId(e.target.value)} data-testid="export-session">
              {sessions.length === 0 && <option value="">no session yet</option>}
              {sessions.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.video ? `${s.video.frameCount} frames` : 'no video'})
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label className="x-row">
            <span className="x-label">Project</span>
            <select value={projectId} onChange={(e) => setProjectId(e.target.value)} data-testid="export-project">
              {projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.sessionIds.length} session{p.sessionIds.length === 1 ? '' : 's'})
                </option>
              ))}
            </select>
          </label>
        )}
        <div className="x-row x-row-top">
          <span className="x-label">Traces</span>
          {traces.status === 'loading' ? (
            <span className="muted small">loading…</span>
          ) : traces.status === 'error' ? (
            <ErrorNote error={{ code: traces.code, message: traces.message }} />
          ) : (
            <TraceChecklist traces={traceList} selected={selected} onChange={(ids) => setSelection({ key, ids })} testId="trace-check" />
          )}
        </div>
        <label className="x-row">
          <span className="x-label">Format</span>
          <select value={format} onChange={(e) => setFormat(e.target.value as ExchangeFormat)} data-testid="export-format">
            {EXCHANGE_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_INFO[f].label}
              </option>
            ))}
          </select>
        </label>
        <p className="x-hint muted small">{info.note}</p>
        {info.single && (
          <div className="x-row">
            <span className="x-label">Dimension</span>
            {(['valence', 'arousal'] as const).map((d) => (
              <label key={d} className="x-inline">
                <input type="radio" name="export-dimension" checked={dimension === d} onChange={() => setDimension(d)} data-testid={`export-dimension-${d}`} /> {d}
              </label>
            ))}
            <span className="muted small">(one value per row)</span>
          </div>
        )}
        {info.exportRate && (
          <label className="x-row">
            <span className="x-label">Rate</span>
            <input
              type="text"
              inputMode="decimal"
              className="x-num"
              value={rateHz}
              placeholder={fps ? String(Number(fps.toFixed(3))) : 'video fps'}
              onChange={(e) => setRateHz(e.target.value)}
              data-testid="export-rate"
            />
            <span className="muted small">Hz — the grid the trace is resampled onto (empty: the video&apos;s frame rate)</span>
          </label>
        )}
        <div className="x-actions">
          <button type="submit" disabled={busy || 'error' in check} title={'error' in check ? check.error : undefined} data-testid="export-run">
            {busy ? 'Exporting…' : `Export ${selected.length} trace${selected.length === 1 ? '' : 's'}`}
          </button>
          {'error' in check && <span className="muted small">{check.error}</span>}
        </div>
        {error && (
          <ErrorNote error={error} testId="export-error">
            {isLengthMismatch(error) && (
              <>
                <p className="small">
                  A trace and its video disagree in length. Exporting anyway writes the frames the video has: frames past its end are dropped, missing ones are
                  written as missing (the files then carry a warning).
                </p>
                <button type="button" onClick={() => void run(true)} disabled={busy} data-testid="export-anyway">
                  Export anyway
                </button>
                <button type="button" className="small-btn" onClick={() => setError(null)}>
                  Cancel
                </button>
              </>
            )}
          </ErrorNote>
        )}
      </form>
      <ExportResults result={files} />
    </div>
  )
}
