import type { CurriculumSpec, Stage1Choice, Stage1Modality } from '../../../../../shared/training'
import { parseCurriculum, stageNames } from './curriculum'
import './sequence.css'

const MODALITY: Readonly<Record<Stage1Modality, { label: string; input: string }>> = {
  image: { label: 'Stage-1 run (faces)', input: 'face crops' },
  audio: { label: 'Stage-1 run (audio)', input: 'spectrogram windows' }
}

const f3 = (x: number | null): string => (x === null || !Number.isFinite(x) ? '–' : x.toFixed(3))

/** The curriculum of window lengths: free text ("2, 4, 8" or "2→32"), checked inline, the stages it trains listed. */
export function CurriculumField({ spec, text, onChange }: { spec: CurriculumSpec; text: string; onChange: (t: string) => void }) {
  const { value, error } = parseCurriculum(text, spec)
  const changed = value === null || value.join(',') !== spec.default.join(',')
  return (
    <div className="param-field" data-param="curriculum">
      <label htmlFor="run-curriculum" title="Window lengths n, one stage each; each stage starts from the previous one's validation-selected weights.">
        Curriculum
        {changed && <span className="param-changed" title={`default ${spec.default.join(', ')}`}> •</span>}
      </label>
      <input id="run-curriculum" type="text" value={text} aria-invalid={error !== null} className={error ? 'bad' : ''} onChange={(e) => onChange(e.target.value)} />
      <span className={error ? 'error-text small param-note' : 'muted small param-note'} data-testid="curriculum-note">
        {error ?? (
          <>
            stages{' '}
            {stageNames(spec, value ?? []).map((s, i) => (
              <span key={s} className="stage-chip">
                {i > 0 ? '→ ' : ''}
                {s}
              </span>
            ))}
            · default {spec.default.join(', ')}
          </>
        )}
      </span>
    </div>
  )
}

/** One select per stage-1 input the variant reads, offering the finished runs on the chosen dataset. */
export function Stage1Selects({
  needs,
  runs,
  loading,
  chosen,
  onChange,
  labels
}: {
  needs: readonly Stage1Modality[]
  runs: readonly Stage1Choice[]
  loading: boolean
  chosen: Readonly<Partial<Record<Stage1Modality, string>>>
  onChange: (m: Stage1Modality, runId: string) => void
  /** Other field labels (e.g. the AP's "Backbone"). */
  labels?: Readonly<Partial<Record<Stage1Modality, string>>>
}) {
  return (
    <>
      {needs.map((m) => {
        const list = runs.filter((r) => r.modality === m)
        const id = `run-stage1-${m}`
        return (
          <div className="param-field" key={m} data-param={`stage1-${m}`}>
            <label htmlFor={id} title={`A finished ANCLaF stage-1 run trained on ${MODALITY[m].input}: its frozen encoder gives the per-frame latents.`}>
              {labels?.[m] ?? MODALITY[m].label}
            </label>
            <select id={id} value={chosen[m] ?? ''} onChange={(e) => onChange(m, e.target.value)} disabled={list.length === 0}>
              {list.map((r) => (
                <option key={r.runId} value={r.runId}>
                  {r.runId} · {r.fold ?? 'no fold'} · val CCC {f3(r.valCcc)}
                </option>
              ))}
            </select>
            <span className={list.length === 0 && !loading ? 'error-text small param-note' : 'muted small param-note'} data-testid={`stage1-note-${m}`}>
              {loading ? (
                'looking for stage-1 runs…'
              ) : list.length === 0 ? (
                `No finished stage-1 run on ${MODALITY[m].input} for this dataset: train a stage-1 run first (family ANCLaF stage 1${m === 'audio' ? ', input spectrogram windows' : ''}).`
              ) : (
                `latents of its best checkpoint (${MODALITY[m].input}), computed once and cached`
              )}
            </span>
          </div>
        )
      })}
    </>
  )
}
