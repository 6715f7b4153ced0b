import { useEffect, useMemo, useState } from 'react'
import type { ParamSpec, ParamValue, PresetOptions } from '../../../../shared/training'
import { api } from '../../api'
import { hrefOf, navigate } from '../../app/router'
import { useAsync } from '../../lib/use-async'
import { BackendNote } from './new-run/BackendNote'
import { checkParam, cliFlags, rawOf, type RawValue } from './new-run/param-input'
import { ParamField } from './new-run/ParamField'

/** Parameter groups after the Data fieldset (whose own parameters join the dataset, fold and epochs). */
const GROUPS: readonly { id: ParamSpec['group']; label: string }[] = [
  { id: 'optimiser', label: 'Optimiser' },
  { id: 'loss', label: 'Loss' },
  { id: 'degradation', label: 'Degradations' }
]

const defaults = (p: PresetOptions | undefined): Record<string, RawValue> => Object.fromEntries((p?.params ?? []).map((s) => [s.key, rawOf(s.default)]))

/** The training form: model, preset, dataset and fold, epochs and hyper-parameters with defaults and limits; Start. */
export function NewRunView({ datasetId }: { datasetId: string | null }) {
  const [options] = useAsync(() => api().invoke('training:options', {}), [])
  const [datasets] = useAsync(() => api().invoke('datasets:list', {}), [])
  const [dsId, setDsId] = useState<string | null>(datasetId)
  const [family, setFamily] = useState('anclaf')
  const [presetId, setPresetId] = useState('compact')
  const [foldName, setFoldName] = useState<string | null>(null)
  const [epochsRaw, setEpochsRaw] = useState<string | null>(null)
  const [raw, setRaw] = useState<Record<string, RawValue> | null>(null)
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)

  const list = datasets.status === 'ready' ? datasets.data : []
  const chosenDs = dsId ?? list[0]?.id ?? null
  const [detail] = useAsync(() => (chosenDs ? api().invoke('datasets:get', { datasetId: chosenDs }) : Promise.resolve(null)), [chosenDs])
  const folds = detail.status === 'ready' && detail.data ? detail.data.folds.folds : []
  const fold = folds.find((f) => f.name === foldName) ?? folds[0] ?? null

  const opts = options.status === 'ready' ? options.data : null
  const fam = opts?.families.find((f) => f.id === family)
  const preset = fam?.presets.find((p) => p.id === presetId) ?? fam?.presets[0]
  useEffect(() => setRaw(defaults(preset)), [preset])
  const values = raw ?? defaults(preset)

  const epochsText = epochsRaw ?? String(opts?.epochs.default ?? 10)
  const epochs = Number(epochsText)
  const epochsError =
    opts && !(Number.isInteger(epochs) && epochs >= opts.epochs.min && epochs <= opts.epochs.max) ? `a whole number from ${opts.epochs.min} to ${opts.epochs.max}` : null

  const checked = useMemo(() => (preset?.params ?? []).map((s) => ({ s, ...checkParam(s, values[s.key] ?? rawOf(s.default)) })), [preset, values])
  const params: Record<string, ParamValue> = Object.fromEntries(checked.filter((c) => c.value !== null).map((c) => [c.s.key, c.value as ParamValue]))
  const invalid = checked.filter((c) => c.error !== null)
  const ready = !!preset && !!chosenDs && !!fold && !epochsError && invalid.length === 0 && fam?.available === true
  const cli = ['circumplex train', '--dataset', chosenDs ?? '<id>', '--fold', fold?.name ?? '<fold>', '--preset', preset?.id ?? 'compact', '--epochs', epochsText, ...cliFlags(preset?.params ?? [], params)].join(' ')

  const start = async () => {
    if (!ready || !preset || !chosenDs || !fold) return
    setBusy(true)
    setFailure(null)
    try {
      const r = await api().invoke('training:start', { family: 'anclaf', preset: preset.id, datasetId: chosenDs, fold: fold.name, epochs, params })
      navigate('train', 'runs', r.run.id)
    } catch (e) {
      const err = e as { code?: string; message?: string }
      setFailure(`${err.code ?? 'INTERNAL'}: ${err.message ?? String(e)}`)
      setBusy(false)
    }
  }

  if (options.status === 'error') return <p className="error-text">{`${options.code}: ${options.message}`}</p>
  if (!opts || datasets.status === 'loading') return <p className="muted">Loading the training options…</p>
  return (
    <section className="train new-run">
      <div className="section-head">
        <h1>Train · new run</h1>
      </div>
      {list.length === 0 ? (
        <div className="panel empty-state">
          <h2>No dataset yet</h2>
          <p>
            A run trains on a registered dataset and one of its subject folds. <a href={hrefOf('train', 'datasets')}>Register a dataset folder</a> or build one from annotated sessions first.
          </p>
        </div>
      ) : (
        <div className="new-run-grid">
          <form
            className="panel new-run-form"
            data-testid="new-run-form"
            onSubmit={(e) => {
              e.preventDefault()
              void start()
            }}
          >
            <fieldset>
              <legend>Model</legend>
              <div className="param-field">
                <label htmlFor="run-family">Family</label>
                <select id="run-family" value={family} onChange={(e) => setFamily(e.target.value)}>
                  {opts.families.map((f) => (
                    <option key={f.id} value={f.id} disabled={!f.available} title={f.reason ?? f.description}>
                      {f.label}
                      {f.available ? '' : ' — not here yet'}
                    </option>
                  ))}
                </select>
                <span className="muted small param-note">{fam?.description}</span>
              </div>
              <div className="param-field">
                <label htmlFor="run-preset">Preset</label>
                <select id="run-preset" value={preset?.id ?? ''} onChange={(e) => setPresetId(e.target.value)}>
                  {(fam?.presets ?? []).map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.label}
                    </option>
                  ))}
                </select>
                <span className="muted small param-note">{preset?.description}</span>
              </div>
            </fieldset>
            <fieldset>
              <legend>Data</legend>
              <div className="param-field">
                <label htmlFor="run-dataset">Dataset</label>
                <select
                  id="run-dataset"
                  value={chosenDs ?? ''}
                  onChange={(e) => {
                    setDsId(e.target.value)
                    setFoldName(null)
                  }}
                >
                  {list.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name} ({d.format}, {d.subjects} subjects)
                    </option>
                  ))}
                  {dsId !== null && !list.some((d) => d.id === dsId) && <option value={dsId}>{dsId} (not registered)</option>}
                </select>
                <span className="muted small param-note" title={list.find((d) => d.id === chosenDs)?.path}>
                  {list.find((d) => d.id === chosenDs)?.path ?? 'no such dataset'}
                </span>
              </div>
              <div className="param-field">
                <label htmlFor="run-fold">Fold</label>
                <select id="run-fold" value={fold?.name ?? ''} onChange={(e) => setFoldName(e.target.value)} disabled={folds.length === 0}>
                  {folds.map((f) => (
                    <option key={f.name} value={f.name}>
                      {f.name}
                    </option>
                  ))}
                </select>
                <span className={fold || detail.status === 'loading' ? 'muted small param-note' : 'error-text small param-note'}>
                  {fold ? (
                    <>
                      train {fold.train.length} · val <span title={fold.val.join(', ')}>{fold.val.length}</span> · test {fold.test.length} subjects
                    </>
                  ) : detail.status === 'loading' ? (
                    'reading the folds…'
                  ) : (
                    <>
                      no folds: <a href={hrefOf('train', 'datasets', chosenDs ?? '')}>make them on the Datasets tab</a>
                    </>
                  )}
                </span>
              </div>
              <div className="param-field">
                <label htmlFor="run-epochs">Epochs</label>
                <input id="run-epochs" type="text" inputMode="numeric" value={epochsText} className={epochsError ? 'bad' : ''} aria-invalid={epochsError !== null} onChange={(e) => setEpochsRaw(e.target.value)} />
                <span className={epochsError ? 'error-text small param-note' : 'muted small param-note'}>{epochsError ?? 'validation after each; the best is kept'}</span>
              </div>
              {(preset?.params ?? [])
                .filter((s) => s.group === 'data')
                .map((s) => (
                  <ParamField key={s.key} spec={s} raw={values[s.key] ?? rawOf(s.default)} onChange={(v) => setRaw({ ...values, [s.key]: v })} />
                ))}
            </fieldset>
            {GROUPS.map((g) => {
              const specs = (preset?.params ?? []).filter((s) => s.group === g.id)
              if (specs.length === 0) return null
              return (
                <fieldset key={g.id}>
                  <legend>{g.label}</legend>
                  {specs.map((s) => (
                    <ParamField key={s.key} spec={s} raw={values[s.key] ?? rawOf(s.default)} onChange={(v) => setRaw({ ...values, [s.key]: v })} />
                  ))}
                </fieldset>
              )
            })}
            <div className="new-run-actions">
              <button type="submit" disabled={!ready || busy} data-testid="start-run">
                {busy ? 'Starting…' : 'Start training'}
              </button>
              <button type="button" className="small-btn" onClick={() => setRaw(defaults(preset))}>
                Reset to the preset’s defaults
              </button>
              {invalid.length > 0 && <span className="error-text small">{invalid.length === 1 ? `${invalid[0].s.label}: ${invalid[0].error}` : `${invalid.length} fields need a fix`}</span>}
            </div>
            {failure && (
              <p className="error-text" role="alert" data-testid="start-error">
                {failure}
              </p>
            )}
          </form>
          <aside className="panel new-run-side">
            <h3>Where it runs</h3>
            <BackendNote backend={opts.backend} />
            <h3>What happens</h3>
            <ul className="small">
              <li>The run trains as a job (one at a time: a second one waits in the queue) with progress and ETA.</li>
              <li>After every epoch: validation CCC / RMSE for valence and arousal, a checkpoint, and sample reconstructions of G.</li>
              <li>Pause keeps the last checkpoint; Resume continues from it, also after a restart. The same settings started again continue the same run.</li>
            </ul>
            <h3>The same from a terminal</h3>
            <pre className="cli-line" data-testid="cli-equivalent">{cli}</pre>
            <p className="muted small">A GPU server can run it there while this page (circumplex serve on that server) watches it live.</p>
          </aside>
        </div>
      )}
    </section>
  )
}
