import { useState } from 'react'
import { api } from '../../api'
import { useAsync } from '../../lib/use-async'
import { ErrorNote } from './ErrorNote'
import { toUiError, type UiError } from './exchange-logic'

/** Choose the annotator the imported trace belongs to, or add one. */
export function AnnotatorPicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const [list, reload] = useAsync(() => api().invoke('annotators:list', {}), [])
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<UiError | null>(null)
  const annotators = list.status === 'ready' ? list.data : []

  const create = async () => {
    setBusy(true)
    setError(null)
    try {
      const a = await api().invoke('annotators:create', { name: name.trim() })
      setName('')
      reload()
      onChange(a.id)
    } catch (e) {
      setError(toUiError(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="x-annotator">
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="import-annotator">
        <option value="">{list.status === 'loading' ? 'loading…' : annotators.length === 0 ? 'no annotator yet — add one' : 'choose an annotator'}</option>
        {annotators.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      <span className="muted small">or</span>
      <input
        type="text"
        value={name}
        placeholder="new annotator's name"
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            if (name.trim()) void create()
          }
        }}
        data-testid="import-new-annotator"
      />
      <button type="button" className="small-btn" disabled={busy || !name.trim()} onClick={() => void create()}>
        Add
      </button>
      {list.status === 'error' && <ErrorNote error={{ code: list.code, message: list.message }} />}
      {error && <ErrorNote error={error} />}
    </div>
  )
}
