import { useEffect, useState, type KeyboardEvent } from 'react'
import { api } from '../../api'
import './run-tags.css'

const MAX_TAG = 50

/** Tags of one run, edited in place (run detail pane): chips with ×, a field that adds a tag on Enter; saved through runs:set-tags. */
export function RunTags({ runId, tags }: { runId: string; tags: readonly string[] }) {
  const [current, setCurrent] = useState<readonly string[]>(tags)
  const [draft, setDraft] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const key = `${runId}\u0000${tags.join('\u0000')}`
  useEffect(() => {
    setCurrent(tags)
    setError(null)
    setDraft('')
  }, [key])
  const save = async (next: readonly string[]): Promise<boolean> => {
    setBusy(true)
    setError(null)
    try {
      const r = await api().invoke('runs:set-tags', { runId, tags: [...next] })
      setCurrent(r.tags)
      return true
    } catch (e) {
      const x = e as { code?: string; message?: string }
      setError(`${x.code ?? 'INTERNAL'}: ${x.message ?? String(e)}`)
      return false
    } finally {
      setBusy(false)
    }
  }
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return
    e.preventDefault()
    const t = draft.trim()
    if (!t) return
    void save([...current, t]).then((ok) => ok && setDraft(''))
  }
  return (
    <div className="run-tags" data-testid="run-tags">
      {current.map((t) => (
        <span key={t} className="run-tag" data-testid="run-tag">
          {t}
          <button type="button" aria-label={`Remove tag ${t}`} title="Remove tag" disabled={busy} onClick={() => void save(current.filter((x) => x !== t))}>
            ×
          </button>
        </span>
      ))}
      <input
        className="run-tag-input"
        value={draft}
        maxLength={MAX_TAG}
        disabled={busy}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKey}
        placeholder={current.length === 0 ? 'add a tag ⏎' : '+ tag ⏎'}
        aria-label="Add a tag"
      />
      {error && <span className="error-text small">{error}</span>}
    </div>
  )
}
