import { useCallback, useEffect, useState } from 'react'
import { api } from '../../api'
import { hrefOf, navigate } from '../../app/router'
import { useAsync } from '../../lib/use-async'
import { DatasetDetailPane } from './datasets/DatasetDetailPane'
import { FromSessionsForm } from './datasets/FromSessionsForm'
import { RegisterForm } from './datasets/RegisterForm'
import './datasets/datasets.css'

const pct = (x: number): string => `${Math.round(100 * x)} %`

/** Datasets: register a folder or build one from annotated sessions; subjects, coverage, V-A histogram, editable folds. */
export function DatasetsView({ datasetId }: { datasetId: string | null }) {
  const [tick, setTick] = useState(0)
  const [datasets] = useAsync(() => api().invoke('datasets:list', {}), [tick])
  const [form, setForm] = useState<'folder' | 'sessions'>('folder')
  const list = datasets.status === 'ready' ? datasets.data : []
  const current = datasetId ?? list[0]?.id ?? null
  const refresh = useCallback(() => setTick((t) => t + 1), [])
  const created = useCallback(
    (id: string) => {
      refresh()
      navigate('train', 'datasets', id)
    },
    [refresh]
  )
  useEffect(() => api().on('job:progress', (j) => j.kind === 'datasets:scan' && j.state === 'done' && refresh()), [refresh])
  return (
    <section className="train ds-page">
      <div className="section-head">
        <h1>Train · datasets</h1>
        <span className="muted">{list.length === 1 ? '1 dataset' : `${list.length} datasets`}</span>
      </div>
      <div className="ds-layout">
        <aside className="ds-side">
          <div className="panel ds-list-panel">
            <h3>Registered</h3>
            {datasets.status === 'error' && <p className="error-text small">{`${datasets.code}: ${datasets.message}`}</p>}
            {datasets.status === 'ready' && list.length === 0 && <p className="empty-state">No datasets yet: register a folder or build one from your sessions below.</p>}
            <ul className="ds-list" data-testid="dataset-list">
              {list.map((d) => (
                <li key={d.id}>
                  <a href={hrefOf('train', 'datasets', d.id)} className={d.id === current ? 'on' : ''} aria-current={d.id === current ? 'true' : undefined} data-testid="dataset-item">
                    <span className="ds-item-name">{d.name}</span>
                    <span className="ds-item-meta small muted">
                      {d.format} · {d.subjects} subj · {d.clips} clips · {pct(d.coverage)} labelled
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          </div>
          <div className="panel">
            <div className="ds-form-tabs" role="tablist">
              <button type="button" role="tab" aria-selected={form === 'folder'} className={form === 'folder' ? 'on' : ''} onClick={() => setForm('folder')}>
                Register folder
              </button>
              <button type="button" role="tab" aria-selected={form === 'sessions'} className={form === 'sessions' ? 'on' : ''} onClick={() => setForm('sessions')}>
                Build from sessions
              </button>
            </div>
            {form === 'folder' ? <RegisterForm onCreated={created} /> : <FromSessionsForm onCreated={created} />}
          </div>
        </aside>
        <div className="ds-main">
          {current ? (
            <DatasetDetailPane
              key={current}
              datasetId={current}
              onRemoved={() => {
                refresh()
                navigate('train', 'datasets')
              }}
            />
          ) : (
            datasets.status === 'ready' && (
              <div className="panel empty">
                <h2>No dataset selected</h2>
                <p>
                  A dataset is a folder of videos with valence–arousal labels in a supported format (AFEW-VA, SEWA/AVEC, Aff-Wild2 — the layout{' '}
                  <code>circumplex synth</code> writes), or one built from sessions you annotated here. Registering reads it once: subjects, label
                  coverage, the distribution over the circumplex, and subject-grouped folds you can edit.
                </p>
              </div>
            )
          )}
        </div>
      </div>
    </section>
  )
}
