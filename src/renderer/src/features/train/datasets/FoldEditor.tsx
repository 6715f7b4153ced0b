import { useEffect, useMemo, useState } from 'react'
import type { DatasetDetail, DatasetFold } from '../../../../../shared/datasets'
import { DEFAULT_FOLDS } from '../../../../../shared/datasets'
import { api } from '../../../api'
import { errorText } from '../../../lib/error-text'
import { foldNotes, foldProblems, moveSubject, regenerate, sameFolds, splitOf, SPLITS, type Split } from './fold-edit'

const SPLIT_LABEL: Record<Split, string> = { train: 'train', val: 'val', test: 'test' }

/** The saved subject-grouped folds, editable: one split per subject and fold; Save checks again on main. */
export function FoldEditor({ detail, onSaved }: { detail: DatasetDetail; onSaved: (d: DatasetDetail) => void }) {
  const saved = detail.folds
  const subjects = useMemo(() => detail.summary.subjects.map((s) => s.subjectId), [detail])
  const [draft, setDraft] = useState<readonly DatasetFold[]>(saved.folds)
  const [draftSeed, setDraftSeed] = useState<number | null>(saved.seed)
  const [k, setK] = useState(saved.folds.length || Math.min(DEFAULT_FOLDS.k, subjects.length))
  const [seed, setSeed] = useState(saved.seed ?? DEFAULT_FOLDS.seed)
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null)
  const [saving, setSaving] = useState(false)
  useEffect(() => {
    setDraft(saved.folds)
    setDraftSeed(saved.seed)
  }, [saved])
  const problems = foldProblems(draft, subjects)
  const notes = foldNotes(draft, subjects)
  const dirty = !sameFolds(draft, saved.folds)

  if (subjects.length < 2) return <p className="empty-state">A subject-grouped split needs at least two subjects; this dataset has {subjects.length}.</p>

  const move = (i: number, subject: string, split: Split) => {
    setDraft((d) => moveSubject(d, i, subject, split))
    setDraftSeed(null)
    setStatus(null)
  }
  const regen = () => {
    setDraft(regenerate(detail.summary.subjects, k, seed))
    setDraftSeed(seed)
    setStatus(null)
  }
  const save = () => {
    setSaving(true)
    setStatus(null)
    api()
      .invoke('datasets:save-folds', { datasetId: detail.dataset.id, folds: draft.map((f) => ({ ...f, train: [...f.train], val: [...f.val], test: [...f.test] })), seed: draftSeed })
      .then(
        (d) => {
          onSaved(d)
          setStatus({ error: false, text: `Saved ${d.folds.folds.length} folds (${d.folds.kind === 'custom' ? 'edited by hand' : `k-fold, seed ${d.folds.seed}`}).` })
        },
        (e: unknown) => setStatus({ error: true, text: errorText(e) })
      )
      .finally(() => setSaving(false))
  }
  return (
    <div className="ds-folds" data-testid="fold-editor">
      <div className="ds-folds-tools">
        <span className="small muted">
          {saved.folds.length === 0 ? 'no saved folds' : saved.kind === 'custom' ? 'saved: edited by hand' : `saved: subject ${saved.folds.length}-fold, seed ${saved.seed}`}
          {dirty && <span className="badge warn">unsaved changes</span>}
        </span>
        <span className="ds-regen">
          <label>
            k <input type="number" min={2} max={subjects.length} value={k} onChange={(e) => setK(Number(e.target.value))} aria-label="Number of folds" />
          </label>
          <label>
            seed <input type="number" min={0} value={seed} onChange={(e) => setSeed(Math.max(0, Math.floor(Number(e.target.value) || 0)))} aria-label="Seed" />
          </label>
          <button type="button" className="secondary" onClick={regen}>
            Regenerate k-fold
          </button>
        </span>
      </div>
      <div className="ds-folds-scroll">
        <table className="ds-fold-table">
          <thead>
            <tr>
              <th>subject</th>
              {draft.map((f) => (
                <th key={f.name}>{f.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {subjects.map((s) => (
              <tr key={s}>
                <td>{s}</td>
                {draft.map((f, i) => {
                  const split = splitOf(f, s)
                  return (
                    <td key={f.name}>
                      <select className={`ds-split split-${split ?? 'none'}`} value={split ?? ''} onChange={(e) => move(i, s, e.target.value as Split)} aria-label={`${s} in ${f.name}`}>
                        {split === null && <option value="">—</option>}
                        {SPLITS.map((x) => (
                          <option key={x} value={x}>
                            {SPLIT_LABEL[x]}
                          </option>
                        ))}
                      </select>
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td className="small muted">train / val / test</td>
              {draft.map((f) => (
                <td key={f.name} className="small muted">
                  {f.train.length} / {f.val.length} / {f.test.length}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
      {problems.length > 0 && (
        <ul className="ds-problems error-text small" data-testid="fold-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {notes.length > 0 && (
        <ul className="ds-notes muted small">
          {notes.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="ds-folds-actions">
        <button type="button" onClick={save} disabled={!dirty || problems.length > 0 || saving}>
          Save folds
        </button>
        <button type="button" className="secondary" onClick={() => (setDraft(saved.folds), setDraftSeed(saved.seed), setStatus(null))} disabled={!dirty}>
          Revert
        </button>
        {status && (
          <span className={status.error ? 'error-text small' : 'small muted'} role={status.error ? 'alert' : 'status'} data-testid="fold-status">
            {status.text}
          </span>
        )}
      </div>
    </div>
  )
}
