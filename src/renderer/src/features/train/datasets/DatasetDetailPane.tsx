import { useEffect, useState } from 'react'
import type { DatasetCheck, DatasetDetail } from '../../../../../shared/datasets'
import { api } from '../../../api'
import { hrefOf } from '../../../app/router'
import { errorText } from '../../../lib/error-text'
import { useAsync } from '../../../lib/use-async'
import { FoldEditor } from './FoldEditor'
import { SubjectsTable } from './SubjectsTable'
import { VaHistogramView } from './VaHistogramView'

const pct = (x: number): string => `${(100 * x).toFixed(x === 1 ? 0 : 1)} %`

/** One dataset: facts, folder check, subjects, V-A histogram and the fold editor. */
export function DatasetDetailPane({ datasetId, onRemoved }: { datasetId: string; onRemoved: () => void }) {
  const [loaded] = useAsync(() => api().invoke('datasets:get', { datasetId }), [datasetId])
  const [detail, setDetail] = useState<DatasetDetail | null>(null)
  const [check, setCheck] = useState<DatasetCheck | 'checking' | { error: string } | null>(null)
  const [confirmRemove, setConfirmRemove] = useState(false)
  const [removeError, setRemoveError] = useState<string | null>(null)
  useEffect(() => {
    setDetail(loaded.status === 'ready' ? loaded.data : null)
    setCheck(null)
    setConfirmRemove(false)
    setRemoveError(null)
  }, [loaded])
  if (loaded.status === 'loading') return <p className="muted">Loading the dataset…</p>
  if (loaded.status === 'error') return <p className="error-text">{`${loaded.code}: ${loaded.message}`}</p>
  if (!detail) return null
  const d = detail.dataset
  const s = detail.summary
  const faces = s.clips.reduce((p, c) => p + c.withFace, 0)
  const runCheck = () => {
    setCheck('checking')
    api()
      .invoke('datasets:check', { datasetId })
      .then(setCheck, (e: unknown) => setCheck({ error: errorText(e) }))
  }
  const remove = () =>
    api()
      .invoke('datasets:remove', { datasetId })
      .then(onRemoved, (e: unknown) => setRemoveError(errorText(e)))
  return (
    <div className="ds-detail" data-testid="dataset-detail" data-dataset-id={d.id}>
      <div className="panel ds-head">
        <div className="ds-title">
          <h2>{d.name}</h2>
          <span className="badge">{d.format}</span>
          <span className="badge muted-badge">{d.source === 'sessions' ? 'from sessions' : 'folder'}</span>
          <a className="ds-train-link" href={hrefOf('train', 'new', d.id)} data-testid="train-on-dataset">
            Train on this dataset →
          </a>
        </div>
        <code className="ds-path" title={d.path}>
          {d.path}
        </code>
        <dl className="ds-facts">
          <div>
            <dt>subjects</dt>
            <dd>{d.subjects}</dd>
          </div>
          <div>
            <dt>clips</dt>
            <dd>{d.clips}</dd>
          </div>
          <div>
            <dt>frames</dt>
            <dd>{d.frames.toLocaleString()}</dd>
          </div>
          <div>
            <dt>labelled</dt>
            <dd>{pct(d.coverage)}</dd>
          </div>
          <div>
            <dt>with a face</dt>
            <dd>{pct(s.frames ? faces / s.frames : 0)}</dd>
          </div>
          <div>
            <dt>fps</dt>
            <dd>{s.fps}</dd>
          </div>
          <div>
            <dt>data hash</dt>
            <dd title={d.dataHash}>
              <code>{d.dataHash.slice(0, 12)}</code>
            </dd>
          </div>
        </dl>
        <div className="ds-actions">
          <button type="button" className="secondary" onClick={runCheck} disabled={check === 'checking'}>
            {check === 'checking' ? 'Checking…' : 'Check folder'}
          </button>
          {check && check !== 'checking' && (
            <span className={'error' in check || !check.same ? 'error-text small' : 'small ds-ok'} data-testid="dataset-check">
              {'error' in check ? check.error : check.same ? 'Unchanged since registration ✓' : check.message}
            </span>
          )}
          <span className="ds-spacer" />
          {confirmRemove ? (
            <span className="small">
              Forget this registration? The folder stays on disk.{' '}
              <button type="button" className="danger" onClick={remove}>
                Remove
              </button>{' '}
              <button type="button" className="secondary" onClick={() => setConfirmRemove(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" className="link" onClick={() => setConfirmRemove(true)}>
              Remove…
            </button>
          )}
          {removeError && <span className="error-text small">{removeError}</span>}
        </div>
        <p className="small muted ds-lengths">
          {s.frameCheck === 'manifest'
            ? 'Label lengths were checked against each video’s frame count in the manifest.'
            : s.frameCheck === 'ffprobe'
              ? 'Label lengths were checked against each video’s frame count (ffprobe).'
              : 'Label lengths could not be checked against the videos (no frame counts, no ffprobe).'}
          {s.warnings.length > 0 && ` ${s.warnings.length} warning${s.warnings.length === 1 ? '' : 's'}: ${s.warnings.slice(0, 3).join('; ')}${s.warnings.length > 3 ? '…' : ''}`}
        </p>
      </div>
      <div className="ds-grid">
        <section className="panel">
          <h3>Subjects</h3>
          <SubjectsTable summary={s} />
        </section>
        <section className="panel">
          <h3>Valence–arousal distribution</h3>
          <VaHistogramView histogram={s.histogram} />
        </section>
      </div>
      <section className="panel">
        <h3>Folds</h3>
        <p className="small muted ds-explain">
          Subject-grouped: every session of a subject stays in one split of a fold, so no face is both trained and tested on. Validation
          subjects choose the checkpoint; the test subjects are touched once.
        </p>
        <FoldEditor detail={detail} onSaved={setDetail} />
      </section>
    </div>
  )
}
