import { useState, type FormEvent } from 'react'
import { api } from '../../api'
import { errorText } from '../../lib/error-text'
import { useAsync } from '../../lib/use-async'
import './import-form.css'

/**
 * Imports a video by its path on the machine that runs Circumplex (the browser host cannot read a picked file's
 * path): frames, face track, spectrogram, as one job. "Landmark tracker" chooses who draws the face track: the
 * default tracker or a trained one (issue #12); its id is stored with the track.
 */
export function ImportForm({ onClose }: { onClose: () => void }) {
  const [trackers] = useAsync(() => api().invoke('landmarks:trackers', {}), [])
  const [path, setPath] = useState('')
  const [name, setName] = useState('')
  const [faces, setFaces] = useState(true)
  const [tracker, setTracker] = useState('default')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setMessage(null)
    api()
      .invoke('media:import', { path: path.trim(), ...(name.trim() ? { name: name.trim() } : {}), faces, ...(faces ? { tracker } : {}) })
      .then(
        (job) => setMessage({ error: false, text: `${job.label} — follow it in the job tray; the session appears here when it is done.` }),
        (err: unknown) => setMessage({ error: true, text: errorText(err) })
      )
      .finally(() => setBusy(false))
  }

  const list = trackers.status === 'ready' ? trackers.data : []
  return (
    <form className="panel import-form" onSubmit={submit} data-testid="import-form">
      <div className="import-form-head">
        <h3>Import a video</h3>
        <button type="button" className="link" onClick={onClose}>
          Close
        </button>
      </div>
      <label className="import-wide">
        Video file (path on this machine)
        <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/data/videos/session-01.mp4" required data-testid="import-path" />
      </label>
      <label>
        <span>
          Name <span className="small">(optional)</span>
        </span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="file name" />
      </label>
      <label className="import-check">
        <input type="checkbox" checked={faces} onChange={(e) => setFaces(e.target.checked)} />
        Track the face (landmarks)
      </label>
      <label>
        Landmark tracker
        <select value={tracker} onChange={(e) => setTracker(e.target.value)} disabled={!faces} data-testid="import-tracker">
          {list.length === 0 && <option value="default">Default</option>}
          {list.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
        {trackers.status === 'error' && <span className="error-text small">{`${trackers.code}: ${trackers.message}`}</span>}
      </label>
      <div className="import-actions">
        <button type="submit" disabled={busy || path.trim() === ''}>
          {busy ? 'Starting…' : 'Import'}
        </button>
        {message && (
          <span className={message.error ? 'error-text small' : 'muted small'} role={message.error ? 'alert' : 'status'} data-testid="import-message">
            {message.text}
          </span>
        )}
      </div>
    </form>
  )
}
