import type { ExchangeFormat, ExportedFile } from '../../../../shared/annotation'
import { downloadText } from './download'
import { byteSize, FORMAT_INFO, headLines } from './exchange-logic'

/** The exported files: name, rows, warnings, the first lines, and a download for each. */
export function ExportResults({ result }: { result: { files: ExportedFile[]; format: ExchangeFormat; allowed: boolean } | null }) {
  if (!result) {
    return (
      <div className="panel x-results">
        <h2>Files</h2>
        <p className="empty-state">Choose traces and a format, then export: each trace becomes one file to download here.</p>
      </div>
    )
  }
  const { files, format, allowed } = result
  const warned = files.filter((f) => f.warnings.length > 0).length
  return (
    <div className="panel x-results" data-testid="export-results">
      <div className="x-results-head">
        <h2>Files</h2>
        <span className="muted small">
          {files.length} {FORMAT_INFO[format].label} file{files.length === 1 ? '' : 's'}
          {warned > 0 ? ` · ${warned} with warnings` : ''}
          {allowed ? ' · length mismatch allowed' : ''}
        </span>
        {files.length > 1 && (
          <button type="button" className="small-btn" onClick={() => files.forEach((f) => downloadText(f.fileName, f.text))}>
            Download all
          </button>
        )}
      </div>
      {files.length === 0 && <p className="empty-state">Nothing was exported: the selection holds no trace.</p>}
      <ul className="x-files">
        {files.map((f) => (
          <li key={`${f.sessionId}/${f.traceId}`} className="x-file" data-testid="export-file" data-file-name={f.fileName} data-rows={f.rows} data-trace-id={f.traceId}>
            <div className="x-file-head">
              <code className="x-file-name">{f.fileName}</code>
              <span className="badge" data-testid="export-rows">
                {f.rows} rows
              </span>
              <span className="muted small">{byteSize(f.text)}</span>
              <button type="button" className="x-download" onClick={() => downloadText(f.fileName, f.text)} data-testid="export-download">
                Download
              </button>
            </div>
            {f.warnings.length > 0 && (
              <ul className="x-warnings" data-testid="export-warnings">
                {f.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            )}
            <pre className="x-head">{headLines(f.text)}</pre>
          </li>
        ))}
      </ul>
    </div>
  )
}
