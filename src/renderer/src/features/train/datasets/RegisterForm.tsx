import { useEffect, useState, type FormEvent } from 'react'
import { DATASET_FORMAT_LABELS, DATASET_FORMATS, type DatasetFormat, type DatasetJobStart } from '../../../../../shared/datasets'
import { api } from '../../../api'
import { errorText } from '../../../lib/error-text'
import { JobProgress } from './JobProgress'
import { isActive, useJob } from './use-job'

/** Registers a dataset folder: cheap checks answer at once, the reading and hashing runs as a job with progress. */
export function RegisterForm({ onCreated }: { onCreated: (datasetId: string) => void }) {
  const [path, setPath] = useState('')
  const [format, setFormat] = useState<DatasetFormat>('afew-va')
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [start, setStart] = useState<DatasetJobStart | null>(null)
  const job = useJob(start?.job ?? null)
  useEffect(() => {
    if (start && job?.state === 'done') {
      onCreated(start.datasetId)
      setStart(null)
      setPath('')
      setName('')
    }
  }, [job, start, onCreated])
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    api()
      .invoke('datasets:register', { path: path.trim(), format, ...(name.trim() ? { name: name.trim() } : {}) })
      .then(setStart, (err: unknown) => setError(errorText(err)))
  }
  const busy = isActive(job)
  return (
    <form className="ds-form" onSubmit={submit} aria-label="Register a dataset folder">
      <label>
        <span>Folder</span>
        <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/data/afew-va" spellCheck={false} aria-label="Dataset folder" required />
      </label>
      <label>
        <span>Label format</span>
        <select value={format} onChange={(e) => setFormat(e.target.value as DatasetFormat)} aria-label="Label format">
          {DATASET_FORMATS.map((f) => (
            <option key={f} value={f}>
              {DATASET_FORMAT_LABELS[f]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="(the folder's name)" aria-label="Dataset name" maxLength={200} />
      </label>
      <div className="ds-form-actions">
        <button type="submit" disabled={busy || path.trim() === ''}>
          Register
        </button>
        <span className="small muted">The folder is read, checked and hashed; nothing in it is changed.</span>
      </div>
      {error && (
        <p className="error-text small" role="alert" data-testid="register-error">
          {error}
        </p>
      )}
      <JobProgress job={job} />
    </form>
  )
}
