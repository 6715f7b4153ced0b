import { useState } from 'react'
import { api } from '../../api'
import { errorText } from '../../lib/error-text'

/** Shown when the session's video file moved or vanished: point the session at the file's new place (checked). */
export function Relink({ sessionId, onRelinked }: { sessionId: string; onRelinked: () => void }) {
  const [path, setPath] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async () => {
    setBusy(true)
    setError(null)
    try {
      await api().invoke('sessions:relink', { sessionId, path: path.trim() })
      onRelinked()
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="panel warn-panel" role="alert" data-testid="relink">
      <strong>The video file of this session is missing</strong> (moved, renamed or on a disk that is not mounted). Traces, faces and
      annotations are safe; give the file&apos;s new location to see the video again — it must be the same video.
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/full/path/to/the/video.mp4" aria-label="New video path" style={{ flex: 1 }} />
        <button type="submit" disabled={busy || path.trim() === ''}>
          Relink
        </button>
      </form>
      {error && <p className="error-text small">{error}</p>}
    </div>
  )
}
