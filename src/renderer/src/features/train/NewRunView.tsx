import { useEffect, useMemo, useState } from 'react'
import type { ParamSpec, ParamValue, PresetOptions, Stage1Modality } from '../../../../shared/training'
import { api } from '../../api'
import { hrefOf, navigate } from '../../app/router'
import { useAsync } from '../../lib/use-async'
import { BackendNote } from './new-run/BackendNote'
import { checkParam, cliFlags, rawOf, type RawValue } from '../../../../shared/param-input'
import { parseCurriculum } from './new-run/curriculum'
import { ParamField } from './new-run/ParamField'
import { CurriculumField, Stage1Selects } from './new-run/SequenceFields'

/** Parameter groups after the Data fieldset (whose own parameters join the dataset, fold and epochs). */
const GROUPS: readonly { id: ParamSpec['group']; label: string }[] = [
  { id: 'model', label: 'Network' },
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
  const [curriculumRaw, setCurriculumRaw] = useState<string | null>(null)
  const [stage1Pick, setStage1Pick] = useState<Partial<Record<Stage1Modality, string>>>({})
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
  useEffect(() => {
    setRaw(defaults(preset))
    setCurriculumRaw(null)
  }, [preset])
  const values = raw ?? defaults(preset)

  // Sequence models: the curriculum and the stage-1 runs (finished ANCLaF runs on the chosen dataset); the AP and
  // MTL read one stage-1 image run as their frozen backbone.
  const sequence = family === 'sequence'
  const backboneModel = family === 'ap' || family === 'mtl'
  const aeg = family === 'aeg-cd-sz'
  const usesStage1 = sequence || backboneModel
  const curSpec = preset?.curriculum ?? null
  const curriculumText = curriculumRaw ?? curSpec?.default.join(', ') ?? ''
  const curriculum = curSpec ? parseCurriculum(curriculumText, curSpec) : null
  const [stage1Runs] = useAsync(() => (usesStage1 && chosenDs ? api().invoke('training:stage1Runs', { datasetId: chosenDs }) : Promise.resolve([])), [usesStage1, chosenDs])
  const s1List = stage1Runs.status === 'ready' ? stage1Runs.data : []
  const needs = usesStage1 ? (preset?.stage1 ?? []) : []
  // MTL needs the dataset's ABAW AU / expression labels: refused inline with the fix.
  const [familyCheck] = useAsync(() => (family === 'mtl' && chosenDs ? api().invoke('training:check', { family: 'mtl', datasetId: chosenDs }) : Promise.resolve(null)), [family, chosenDs])
  const dataProblem = familyCheck.status === 'ready' && familyCheck.data && !familyCheck.data.ok ? familyCheck.data.problem : familyCheck.status === 'error' ? `${familyCheck.code}: ${familyCheck.message}` : null
  const stage1 = Object.fromEntries(needs.map((m) => [m, stage1Pick[m] && s1List.some((r) => r.runId === stage1Pick[m]) ? stage1Pick[m] : s1List.find((r) => r.modality === m)?.runId]).filter(([, v]) => v)) as Partial<
    Record<Stage1Modality, string>
  >
  const stage1Missing = needs.filter((m) => !stage1[m])

  const epochsText = epochsRaw ?? String((sequence ? curSpec?.epochsPerStage : opts?.epochs.default) ?? 10)
  const epochs = Number(epochsText)
  const epochsError =
    opts && !(Number.isInteger(epochs) && epochs >= opts.epochs.min && epochs <= opts.epochs.max) ? `a whole number from ${opts.epochs.min} to ${opts.epochs.max}` : null

  const checked = useMemo(() => (preset?.params ?? []).map((s) => ({ s, ...checkParam(s, values[s.key] ?? rawOf(s.default)) })), [preset, values])
  const params: Record<string, ParamValue> = Object.fromEntries(checked.filter((c) => c.value !== null).map((c) => [c.s.key, c.value as ParamValue]))
  const invalid = checked.filter((c) => c.error !== null)
  const sequenceReady = !sequence || (curriculum?.error === null && stage1Missing.length === 0)
  // The AP's one limit between two fields (its validation: hop ≤ window); each field's own limits are probed.
  const crossError =
    family === 'ap' && typeof params.hop === 'number' && typeof params.window === 'number' && params.hop > params.window ? `Window hop: must not exceed the test window (${params.window})` : null
  const backboneReady = !backboneModel || (stage1Missing.length === 0 && dataProblem === null && familyCheck.status !== 'loading' && crossError === null)
  const ready = !!preset && !!chosenDs && !!fold && !epochsError && invalid.length === 0 && fam?.available === true && sequenceReady && backboneReady
  const dsPath = list.find((d) => d.id === chosenDs)?.path ?? '<dataset dir>'
  const dsFormat = list.find((d) => d.id === chosenDs)?.format ?? '<format>'
  const modelFlags = (): string[] => {
    const flags = cliFlags(preset?.params ?? [], params)
    // The AP's CLI halves --window for the hop unless --hop is given: name the hop the form uses.
    if (family === 'ap' && flags.includes('--window') && !flags.includes('--hop') && params.hop !== undefined) flags.push('--hop', String(params.hop))
    return flags
  }
  const cli = (
    sequence
      ? [
          'circumplex train',
          '--model',
          preset?.id ?? 'vi-des',
          '--dataset',
          chosenDs ?? '<id>',
          '--fold',
          fold?.name ?? '<fold>',
          ...needs.flatMap((m) => [m === 'image' ? '--stage1' : '--stage1-audio', stage1[m] ?? '<run>']),
          '--epochs-per-stage',
          epochsText,
          ...(curriculum?.value && curSpec && curriculum.value.join(',') !== curSpec.default.join(',') ? ['--curriculum', curriculum.value.join(',')] : []),
          ...cliFlags(preset?.params ?? [], params)
        ]
      : backboneModel
        ? [
            'circumplex train',
            '--model',
            family,
            family === 'ap' ? '--backbone' : '--stage1',
            stage1.image ?? '<stage-1 run>',
            '--data',
            dsPath,
            ...(family === 'ap' ? ['--format', dsFormat] : []),
            '--folds',
            '<split.json>',
            '--fold',
            fold?.name ?? '<fold>',
            '--epochs',
            epochsText,
            ...modelFlags()
          ]
        : aeg
          ? ['circumplex train', '--model', 'aeg-cd-sz', '--preset', preset?.id ?? 'compact', '--data', dsPath, '--format', dsFormat, '--folds', '<split.json>', '--fold', fold?.name ?? '<fold>', '--epochs', epochsText, ...cliFlags(preset?.params ?? [], params)]
          : ['circumplex train', '--dataset', chosenDs ?? '<id>', '--fold', fold?.name ?? '<fold>', '--preset', preset?.id ?? 'compact', '--epochs', epochsText, ...cliFlags(preset?.params ?? [], params)]
  ).join(' ')

  const start = async () => {
    if (!ready || !preset || !chosenDs || !fold) return
    setBusy(true)
    setFailure(null)
    try {
      const r = await api().invoke(
        'training:start',
        sequence
          ? { family: 'sequence', preset: preset.id, datasetId: chosenDs, fold: fold.name, epochs, params, curriculum: curriculum?.value ?? [], stage1 }
          : family === 'ap' || family === 'mtl'
            ? { family, preset: preset.id, datasetId: chosenDs, fold: fold.name, epochs, params, stage1: { image: stage1.image } }
            : { family: aeg ? 'aeg-cd-sz' : 'anclaf', preset: preset.id, datasetId: chosenDs, fold: fold.name, epochs, params }
      )
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
                <label htmlFor="run-preset">{sequence ? 'Model' : 'Preset'}</label>
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
                <label htmlFor="run-epochs">{sequence ? 'Epochs per stage' : family === 'mtl' ? 'Epochs per task' : aeg ? 'Epochs (all phases)' : 'Epochs'}</label>
                <input id="run-epochs" type="text" inputMode="numeric" value={epochsText} className={epochsError ? 'bad' : ''} aria-invalid={epochsError !== null} onChange={(e) => setEpochsRaw(e.target.value)} />
                <span className={epochsError ? 'error-text small param-note' : 'muted small param-note'}>
                  {epochsError ??
                    (sequence
                      ? 'validation after each; each stage keeps its best'
                      : family === 'mtl'
                        ? 'for each task (AU, expression, V/A); each selected on validation by its own metric'
                        : aeg
                          ? 'split 1:2:2 over Disc, AEG-CD and AEG-CD-SZ; the best of the last phase is kept'
                          : 'validation after each; the best is kept')}
                </span>
              </div>
              {(preset?.params ?? [])
                .filter((s) => s.group === 'data')
                .map((s) => (
                  <ParamField key={s.key} spec={s} raw={values[s.key] ?? rawOf(s.default)} onChange={(v) => setRaw({ ...values, [s.key]: v })} />
                ))}
            </fieldset>
            {sequence && curSpec && (
              <fieldset data-testid="sequence-fields">
                <legend>Curriculum and stage-1 latents</legend>
                <CurriculumField spec={curSpec} text={curriculumText} onChange={setCurriculumRaw} />
                <Stage1Selects needs={needs} runs={s1List} loading={stage1Runs.status === 'loading'} chosen={stage1} onChange={(m, id) => setStage1Pick({ ...stage1Pick, [m]: id })} />
              </fieldset>
            )}
            {backboneModel && (
              <fieldset data-testid="backbone-fields">
                <legend>Backbone</legend>
                <Stage1Selects
                  needs={needs}
                  runs={s1List}
                  loading={stage1Runs.status === 'loading'}
                  chosen={stage1}
                  onChange={(m, id) => setStage1Pick({ ...stage1Pick, [m]: id })}
                  labels={{ image: 'Backbone (stage-1 run, faces)' }}
                />
                {dataProblem && (
                  <p className="error-text small family-check" role="alert" data-testid="family-check">
                    {dataProblem}
                  </p>
                )}
              </fieldset>
            )}
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
              <button
                type="button"
                className="small-btn"
                onClick={() => {
                  setRaw(defaults(preset))
                  setCurriculumRaw(null)
                }}
              >
                Reset to the preset’s defaults
              </button>
              {invalid.length > 0 && <span className="error-text small">{invalid.length === 1 ? `${invalid[0].s.label}: ${invalid[0].error}` : `${invalid.length} fields need a fix`}</span>}
              {invalid.length === 0 && curriculum?.error && <span className="error-text small">Curriculum: {curriculum.error}</span>}
              {invalid.length === 0 && crossError && (
                <span className="error-text small" data-testid="cross-error">
                  {crossError}
                </span>
              )}
              {invalid.length === 0 && !curriculum?.error && stage1Missing.length > 0 && stage1Runs.status === 'ready' && <span className="error-text small">train a stage-1 run first</span>}
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
            {backboneModel ? (
              <ul className="small">
                <li>The backbone’s frozen encoder turns every frame into features once (cached, shared with the sequence models), then the {family === 'ap' ? 'AP' : 'multi-task model'} trains on them as a job with progress and ETA.</li>
                {family === 'ap' ? (
                  <li>After every epoch: validation CCC (beside the backbone’s own), the loss terms and the best checkpoint; at the end the held-out test report with the predicted σ on clean vs degraded frames.</li>
                ) : (
                  <li>AU, then expression, then V/A (or one joint loss), each selected on validation by P_AU, P_EX, P_VA; at the end P_MTL on the test subjects and the learned AU graph.</li>
                )}
                <li>No pause: this model restarts when resumed. Cancel stops it; Train again on the run starts it over with the same settings.</li>
              </ul>
            ) : aeg ? (
              <ul className="small">
                <li>Every frame’s face crop and its 50 eGeMAPS audio values are read once, then the progressive schedule trains as a job with progress and ETA: CD alone, then AEG + CD, then AEG + CD with z and audio.</li>
                <li>After every epoch: validation CCC / RMSE and a checkpoint; the best epoch of the last phase is kept; at the end the test subjects on all, video-degraded, clean and audio-degraded frames.</li>
                <li>Pause keeps the last checkpoint; Resume continues from it, also after a restart. Audio off trains the ablation without audio (another run).</li>
              </ul>
            ) : sequence ? (
              <ul className="small">
                <li>The stage-1 runs’ frozen encoders turn every frame into a latent once (cached), then the curriculum trains as a job with progress and ETA.</li>
                <li>Each stage starts from the previous one’s best weights, is selected on validation and saved as its own checkpoint; at the end every stage is scored on the test subjects.</li>
                <li>Pause stops after saving; Resume keeps the finished stages and continues with the next one (a stage cut short trains again from its start), also after a restart.</li>
              </ul>
            ) : (
              <ul className="small">
                <li>The run trains as a job (one at a time: a second one waits in the queue) with progress and ETA.</li>
                <li>After every epoch: validation CCC / RMSE for valence and arousal, a checkpoint, and sample reconstructions of G.</li>
                <li>Pause keeps the last checkpoint; Resume continues from it, also after a restart. The same settings started again continue the same run.</li>
              </ul>
            )}
            <h3>The same from a terminal</h3>
            <pre className="cli-line" data-testid="cli-equivalent">{cli}</pre>
            <p className="muted small">A GPU server can run it there while this page (circumplex serve on that server) watches it live.</p>
          </aside>
        </div>
      )}
    </section>
  )
}
