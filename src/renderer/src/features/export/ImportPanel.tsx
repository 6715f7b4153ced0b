import { useEffect, useRef, useState } from 'react'
import type { ExchangeFormat, ImportPreview, ImportResult } from '../../../../shared/annotation'
import { EXCHANGE_FORMATS } from '../../../../shared/annotation'
import { api } from '../../api'
import { hrefOf } from '../../app/router'
import { useAsync } from '../../lib/use-async'
import { AnnotatorPicker } from './AnnotatorPicker'
import { ErrorNote } from './ErrorNote'
import {
  byteSize,
  DEFAULT_MAPPING,
  FORMAT_INFO,
  guessFormat,
  importMapping,
  isLengthMismatch,
  MAX_IMPORT_BYTES,
  toUiError,
  type MappingForm,
  type UiError
} from './exchange-logic'
import { ImportPreviewView } from './ImportPreviewView'
import { MappingDialog } from './MappingDialog'

interface PreviewState {
  /** Last good preview (kept while a new one loads or when the mapping is wrong, marked stale). */
  readonly data: ImportPreview | null
  readonly loading: boolean
  readonly error: UiError | null
  /** The request the data answers (to tell when it is stale). */
  readonly key: string
}

/** Import: a file of one of the exchange formats → a mapped, previewed annotation trace of an annotator. */
export function ImportPanel({ onImported }: { onImported: () => void }) {
  const [sessions] = useAsync(() => api().invoke('sessions:list', {}), [])
  const [sessionPick, setSessionId] = useState('')
  const [annotatorId, setAnnotatorId] = useState('')
  const [file, setFile] = useState<{ name: string; text: string; guessed: ExchangeFormat | null } | null>(null)
  const [fileError, setFileError] = useState<string | null>(null)
  const [format, setFormat] = useState<ExchangeFormat>('circumplex')
  const [mapping, setMapping] = useState<MappingForm>(DEFAULT_MAPPING)
  const [name, setName] = useState('')
  const [allowMismatch, setAllowMismatch] = useState(false)
  const [preview, setPreview] = useState<PreviewState>({ data: null, loading: false, error: null, key: '' })
  const [importing, setImporting] = useState(false)
  const [importError, setImportError] = useState<UiError | null>(null)
  const [result, setResult] = useState<{ result: ImportResult; sessionId: string } | null>(null)
  const seq = useRef(0)

  const list = sessions.status === 'ready' ? sessions.data : []
  const sessionId = sessionPick || list[0]?.id || ''
  const session = list.find((s) => s.id === sessionId)
  const mapped = importMapping(format, mapping)
  const requestKey = JSON.stringify([sessionId, format, file?.name, file?.text.length, 'mapping' in mapped ? mapped.mapping : null, allowMismatch])

  // Live preview: every change of file, format, session or mapping asks the backend again (debounced).
  useEffect(() => {
    if (!file || !sessionId || 'error' in mapped) {
      seq.current++
      setPreview((p) => ({ ...p, loading: false, error: null }))
      return
    }
    const my = ++seq.current
    setPreview((p) => ({ ...p, loading: true }))
    const timer = setTimeout(() => {
      api()
        .invoke('annotations:import-preview', { sessionId, format, text: file.text, mapping: mapped.mapping, ...(allowMismatch ? { allowLengthMismatch: true } : {}) })
        .then(
          (data) => my === seq.current && setPreview({ data, loading: false, error: null, key: requestKey }),
          (e: unknown) => my === seq.current && setPreview((p) => ({ ...p, loading: false, error: toUiError(e), key: requestKey }))
        )
    }, 250)
    return () => clearTimeout(timer)
  }, [requestKey]) // requestKey names every input of the request

  const onFile = async (f: File | undefined) => {
    setFileError(null)
    if (!f) return
    if (f.size > MAX_IMPORT_BYTES) {
      setFileError(`${f.name} is ${(f.size / 1024 / 1024).toFixed(1)} MiB; the import takes files up to 7 MiB.`)
      return
    }
    const text = await f.text()
    const guessed = guessFormat(f.name, text)
    setFile({ name: f.name, text, guessed })
    // Another file: the previous file's preview no longer says anything.
    setPreview({ data: null, loading: false, error: null, key: '' })
    if (guessed) setFormat(guessed)
    setResult(null)
    setImportError(null)
  }

  const changeFormat = (f: ExchangeFormat) => {
    setFormat(f)
    if (mapping.column !== '' && !FORMAT_INFO[f].valueColumns.includes(mapping.column)) setMapping({ ...mapping, column: '' })
  }

  const fresh = preview.data !== null && preview.key === requestKey && !preview.error && !preview.loading
  const canImport = !!file && !!sessionId && !!annotatorId && fresh && !importing
  const why = !file
    ? 'Choose a file first'
    : !annotatorId
      ? 'Choose the annotator the trace belongs to'
      : 'error' in mapped
        ? mapped.error
        : preview.error
          ? 'The preview shows a problem'
          : !fresh
            ? 'Waiting for the preview'
            : undefined

  const runImport = async () => {
    if (!file || 'error' in mapped) return
    setImporting(true)
    setImportError(null)
    try {
      const r = await api().invoke('annotations:import', {
        sessionId,
        annotatorId,
        format,
        text: file.text,
        mapping: mapped.mapping,
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(allowMismatch ? { allowLengthMismatch: true } : {})
      })
      setResult({ result: r, sessionId })
      onImported()
    } catch (e) {
      setImportError(toUiError(e))
    } finally {
      setImporting(false)
    }
  }

  if (sessions.status === 'loading') return <p className="muted">Loading sessions…</p>
  if (sessions.status === 'error') return <ErrorNote error={{ code: sessions.code, message: sessions.message }} />

  return (
    <div className="x-columns" data-testid="import-panel">
      <div className="panel x-form">
        <h2>Import a file as an annotation trace</h2>
        <label className="x-row">
          <span className="x-label">Session</span>
          <select value={sessionId} onChange={(e) => setSessionId(e.target.value)} data-testid="import-session">
            {list.length === 0 && <option value="">no session yet</option>}
            {list.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.video ? `${s.video.frameCount} frames` : 'no video'})
              </option>
            ))}
          </select>
        </label>
        <div className="x-row">
          <span className="x-label">Annotator</span>
          <AnnotatorPicker value={annotatorId} onChange={setAnnotatorId} />
        </div>
        <label className="x-row">
          <span className="x-label">File</span>
          <input type="file" accept=".csv,.txt,.json,text/csv,text/plain,application/json" onChange={(e) => void onFile(e.target.files?.[0])} data-testid="import-file" />
        </label>
        {file && (
          <p className="x-hint small" data-testid="import-file-info">
            <code className="x-file-name">{file.name}</code> · {byteSize(file.text)}
            {file.guessed ? ` · looks like ${FORMAT_INFO[file.guessed].label}` : ' · format not recognised: choose it below'}
          </p>
        )}
        {fileError && <ErrorNote error={{ code: '', message: fileError }} />}
        <label className="x-row">
          <span className="x-label">Format</span>
          <select value={format} onChange={(e) => changeFormat(e.target.value as ExchangeFormat)} data-testid="import-format">
            {EXCHANGE_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_INFO[f].label}
              </option>
            ))}
          </select>
        </label>
        <p className="x-hint muted small">{FORMAT_INFO[format].note}</p>
        <MappingDialog format={format} value={mapping} onChange={setMapping} fps={session?.video?.fps ?? null} />
        {'error' in mapped && <ErrorNote error={{ code: '', message: mapped.error }} />}
        <label className="x-row">
          <span className="x-label">Trace name</span>
          <input type="text" value={name} placeholder="default: annotator (format)" onChange={(e) => setName(e.target.value)} data-testid="import-name" />
        </label>
        <label className="x-row x-check">
          <input type="checkbox" checked={allowMismatch} onChange={(e) => setAllowMismatch(e.target.checked)} data-testid="import-allow-mismatch" />
          <span>Allow a file whose length differs from the video (frames outside the video are dropped, with a warning)</span>
        </label>
        <div className="x-actions">
          <button type="button" disabled={!canImport} title={why} onClick={() => void runImport()} data-testid="import-run">
            {importing ? 'Importing…' : 'Import as trace'}
          </button>
          {why && file && <span className="muted small">{why}</span>}
        </div>
        {importError && <ErrorNote error={importError} testId="import-error" />}
        {result && (
          <div className="x-note x-ok" role="status" data-testid="import-result" data-trace-id={result.result.traceId}>
            Imported as trace <code>{result.result.traceId}</code> (edit #{result.result.editId}, {result.result.preview.coveredFrames} frames with a value).{' '}
            <a href={hrefOf('review', result.sessionId)} data-testid="import-review-link">
              Open it in Review →
            </a>
          </div>
        )}
      </div>
      <div className="panel x-results">
        <div className="x-results-head">
          <h2>Preview</h2>
          {preview.loading && <span className="muted small">updating…</span>}
        </div>
        {!file ? (
          <p className="empty-state">Choose a file: its columns, first rows, value ranges and how it covers the session&apos;s frames show here before anything is written.</p>
        ) : (
          <>
            {preview.error && (
              <ErrorNote error={preview.error} testId="preview-error">
                {isLengthMismatch(preview.error) && !allowMismatch && (
                  <button type="button" onClick={() => setAllowMismatch(true)} data-testid="preview-allow-mismatch">
                    Allow the mismatch and preview
                  </button>
                )}
              </ErrorNote>
            )}
            {preview.data && <ImportPreviewView preview={preview.data} stale={!fresh} />}
          </>
        )}
      </div>
    </div>
  )
}
