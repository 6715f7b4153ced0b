import { useEffect, useState } from 'react'
import { compareCsv } from '../../../../core/compare/csv'
import { api } from '../../api'
import { hrefOf } from '../../app/router'
import { useAsync } from '../../lib/use-async'
import { CccPlot } from './CccPlot'
import { idsFromParam } from './compare-logic'
import { CompareTable } from './CompareTable'
import { ConfigDiffPanel } from './ConfigDiffPanel'
import { downloadBlob } from './download'
import { RunFacts } from './RunFacts'
import { RunPicker } from './RunPicker'
import './compare.css'

const FILE_STEM = 'circumplex-compare'

function Comparison({ ids }: { ids: readonly string[] }) {
  const [res] = useAsync(() => api().invoke('runs:compare', { runIds: [...ids] }), [ids.join(',')])
  if (res.status === 'loading') return <div className="panel muted">Comparing {ids.length} runs…</div>
  if (res.status === 'error') return <div className="panel error-panel error-text">{`${res.code}: ${res.message}`}</div>
  const result = res.data
  return (
    <>
      <div className="panel">
        <div className="cmp-panel-head">
          <h2>Runs side by side</h2>
          <span className="muted small">layout of thesis Tables 7.5/7.6</span>
          <div className="cmp-tools">
            <button type="button" className="small-btn" onClick={() => downloadBlob(`${FILE_STEM}.csv`, new Blob([compareCsv(result)], { type: 'text/csv;charset=utf-8' }))}>
              Export CSV
            </button>
          </div>
        </div>
        <CompareTable result={result} />
        <RunFacts result={result} />
      </div>
      <div className="cmp-lower">
        <CccPlot result={result} fileStem={FILE_STEM} />
        <ConfigDiffPanel ids={ids} />
      </div>
    </>
  )
}

/** The Compare page: choose 2-20 runs (#/compare/<id>,<id> preselects), see them in the thesis layout, plot, diff, export. */
export function CompareView({ param }: { param: string | undefined }) {
  const [runs] = useAsync(() => api().invoke('runs:list', {}), [])
  const [selected, setSelected] = useState<string[]>(() => idsFromParam(param))
  useEffect(() => setSelected(idsFromParam(param)), [param])
  const choose = (ids: string[]) => {
    setSelected(ids)
    // Keep the address shareable without adding a history entry per click.
    history.replaceState(null, '', ids.length > 0 ? hrefOf('compare', ids.join(',')) : hrefOf('compare'))
  }
  const known = runs.status === 'ready' ? new Set(runs.data.map((r) => r.id)) : null
  const ids = known ? selected.filter((id) => known.has(id)) : selected
  const missing = known ? selected.filter((id) => !known.has(id)) : []
  return (
    <section className="compare">
      <div className="section-head">
        <h1>Compare</h1>
        <span className="muted">runs side by side: metrics per fold, a plot, config differences, CSV/PNG/SVG export</span>
      </div>
      {runs.status === 'error' && <p className="error-text">{`${runs.code}: ${runs.message}`}</p>}
      <div className="cmp-grid">
        <RunPicker runs={runs.status === 'ready' ? runs.data : []} selected={ids} onChange={choose} />
        <div className="cmp-main">
          {missing.length > 0 && <p className="error-text small">No run {missing.join(', ')} in this store: left out.</p>}
          {ids.length < 2 ? (
            <div className="panel empty-state cmp-empty">
              <h2>Choose at least two runs</h2>
              <p>Tick runs on the left (filter by tag, model or status). Runs of one configuration on different folds become one row with the mean ± sd over folds.</p>
            </div>
          ) : (
            <Comparison ids={ids} />
          )}
        </div>
      </div>
    </section>
  )
}
