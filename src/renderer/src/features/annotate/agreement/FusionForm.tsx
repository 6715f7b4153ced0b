import { Fragment, useState } from 'react'
import type { FuseResult } from '../../../../../shared/annotation'
import { api } from '../../../api'
import { fuseRequest, readRecipe, type FuseForm, type RecipeView } from './agreement-logic'
import { StatValue } from './StatValue'

const METHODS: readonly { id: FuseForm['method']; label: string; what: string }[] = [
  { id: 'mean', label: 'Mean', what: 'frame-wise mean of the raters' },
  { id: 'ewe', label: 'EWE', what: "evaluator weighted estimator: each rater weighted by its r with the others' mean (Grimm & Kroschel 2005)" },
  { id: 'dba', label: 'DBA', what: 'DTW barycentre averaging: raters aligned in time before averaging' }
]

function Recipe({ dim, recipe }: { dim: 'valence' | 'arousal'; recipe: RecipeView | null }) {
  if (!recipe) return <p className="muted small">{dim}: no recipe</p>
  const hasR = recipe.weights.some((w) => w.correlation !== undefined)
  return (
    <div className="ag-recipe" data-testid={`fuse-recipe-${dim}`} data-method={recipe.method}>
      <h5 className={`ag-dim-${dim}`}>{dim}</h5>
      <dl className="facts">
        <dt>method</dt>
        <dd>{recipe.method}</dd>
        {recipe.raterCount !== null && (
          <>
            <dt>raters</dt>
            <dd>{recipe.raterCount}</dd>
          </>
        )}
        {recipe.params.map(([k, v]) => (
          <Fragment key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </Fragment>
        ))}
        {recipe.iterations !== null && (
          <>
            <dt>iterations</dt>
            <dd>{recipe.iterations}</dd>
          </>
        )}
        {recipe.lastChange !== null && (
          <>
            <dt>last change</dt>
            <dd>{recipe.lastChange.toExponential(2)}</dd>
          </>
        )}
      </dl>
      {recipe.weights.length > 0 && (
        <table className="ag-table">
          <thead>
            <tr>
              <th className="ag-left">input</th>
              <th>weight</th>
              {hasR && <th>r</th>}
            </tr>
          </thead>
          <tbody>
            {recipe.weights.map((w, i) => (
              <tr key={i}>
                <th scope="row" className="ag-left">
                  {w.name}
                </th>
                <td>
                  <StatValue value={w.weight} kind="pair" />
                </td>
                {hasR && (
                  <td>
                    <StatValue value={w.correlation} kind="loo" />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}

/** Gold fusion of the chosen traces (mean / EWE / DBA) → a gold trace with its recipe. */
export function FusionForm({ traces, onCreated }: { traces: readonly { id: string; name: string }[]; onCreated: (traceId: string) => void }) {
  const [form, setForm] = useState<FuseForm>({ method: 'ewe', band: '', minRaters: '', name: '' })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<{ code: string; message: string } | null>(null)
  const [result, setResult] = useState<{ result: FuseResult; names: string[] } | null>(null)
  const check = fuseRequest(
    traces.map((t) => t.id),
    form
  )
  const set = (patch: Partial<FuseForm>) => setForm({ ...form, ...patch })

  const run = async () => {
    if ('error' in check) return
    setBusy(true)
    setError(null)
    try {
      const r = await api().invoke('annotations:fuse', check.request)
      setResult({ result: r, names: traces.map((t) => t.name) })
      onCreated(r.traceId)
    } catch (e) {
      const o = e as { code?: string; message?: string }
      setError({ code: o.code ?? 'INTERNAL', message: o.message ?? String(e) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="ag-fusion" data-testid="fusion-form">
      <div className="ag-sub-head">
        <h3>Gold standard</h3>
        <span className="muted small">
          fuses the {traces.length} chosen trace{traces.length === 1 ? '' : 's'} into a new gold trace (both dimensions)
        </span>
      </div>
      <div className="ag-methods" role="radiogroup" aria-label="Fusion method">
        {METHODS.map((m) => (
          <label key={m.id} className={form.method === m.id ? 'ag-method active' : 'ag-method'}>
            <input type="radio" name="fuse-method" checked={form.method === m.id} onChange={() => set({ method: m.id })} data-testid={`fuse-method-${m.id}`} />
            <b>{m.label}</b>
            <span className="muted small">{m.what}</span>
          </label>
        ))}
      </div>
      <div className="ag-row">
        {form.method === 'dba' ? (
          <label className="ag-inline" title="Sakoe–Chiba band of the alignment, in frames (empty: the core's default)">
            band (frames)
            <input type="text" inputMode="numeric" className="ag-num-input" value={form.band} placeholder="default" onChange={(e) => set({ band: e.target.value })} data-testid="fuse-band" />
          </label>
        ) : (
          <label className="ag-inline" title="Frames with fewer raters than this stay missing (default 1)">
            min raters
            <input
              type="text"
              inputMode="numeric"
              className="ag-num-input"
              value={form.minRaters}
              placeholder="1"
              onChange={(e) => set({ minRaters: e.target.value })}
              data-testid="fuse-min-raters"
            />
          </label>
        )}
        <label className="ag-inline ag-grow">
          name
          <input type="text" value={form.name} placeholder={`gold (${form.method}, ${traces.length} raters)`} onChange={(e) => set({ name: e.target.value })} data-testid="fuse-name" />
        </label>
        <button type="button" disabled={busy || 'error' in check} title={'error' in check ? check.error : undefined} onClick={() => void run()} data-testid="fuse-run">
          {busy ? 'Fusing…' : 'Create gold trace'}
        </button>
      </div>
      {'error' in check && traces.length > 0 && <p className="muted small">{check.error}</p>}
      {error && (
        <p className="ag-error" role="alert" data-testid="fuse-error">
          <code>{error.code}</code> {error.message}
        </p>
      )}
      {result && (
        <div className="ag-fused" role="status" data-testid="fuse-result" data-trace-id={result.result.traceId}>
          <p>
            Gold trace <code>{result.result.traceId}</code> created with its recipe.
          </p>
          <div className="ag-recipes">
            <Recipe dim="valence" recipe={readRecipe(result.result.recipe.valence, result.names)} />
            <Recipe dim="arousal" recipe={readRecipe(result.result.recipe.arousal, result.names)} />
          </div>
          <details>
            <summary className="small">recipe as stored (JSON)</summary>
            <pre className="ag-json">{JSON.stringify(result.result.recipe, null, 2)}</pre>
          </details>
        </div>
      )}
    </div>
  )
}
