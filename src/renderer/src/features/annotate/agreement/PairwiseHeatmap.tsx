import { useState, type CSSProperties } from 'react'
import type { AgreementReport } from '../../../../../shared/agreement'
import { CCC_TOOLTIP, dataValue, divergingRgb, fmtStat, heatCell, undefinedReason } from './agreement-logic'

const LEGEND = `linear-gradient(to right, ${Array.from({ length: 11 }, (_, i) => {
  const [r, g, b] = divergingRgb(-1 + i / 5)
  return `rgb(${r},${g},${b}) ${i * 10}%`
}).join(', ')})`

/** k×k pairwise CCC (or Pearson r) as a coloured grid, values printed in the cells. */
export function PairwiseHeatmap({ report }: { report: AgreementReport }) {
  const [which, setWhich] = useState<'ccc' | 'r'>('ccc')
  const m = which === 'ccc' ? report.pairwiseCcc : report.pairwisePearson
  const k = report.raters.length
  const name = which === 'ccc' ? 'CCC' : 'r'
  return (
    <div className="ag-heatmap-box">
      <div className="ag-sub-head">
        <h4 title={which === 'ccc' ? CCC_TOOLTIP : "Pearson's r, frames where both raters have a value"}>Pairwise {which === 'ccc' ? "Lin's CCC" : "Pearson's r"}</h4>
        <div className="ag-seg" role="group" aria-label="Matrix">
          <button type="button" className={which === 'ccc' ? 'active' : ''} onClick={() => setWhich('ccc')}>
            CCC
          </button>
          <button type="button" className={which === 'r' ? 'active' : ''} onClick={() => setWhich('r')}>
            r
          </button>
        </div>
      </div>
      <div className="ag-heatmap" style={{ gridTemplateColumns: `minmax(60px, max-content) repeat(${k}, minmax(52px, 1fr))` } as CSSProperties} data-testid="ccc-heatmap" data-matrix={which}>
        <div />
        {report.raters.map((r) => (
          <div key={`c-${r}`} className="ag-hm-head ag-hm-col" title={r}>
            {r}
          </div>
        ))}
        {m.map((row, i) => [
          <div key={`r-${i}`} className="ag-hm-head ag-hm-row" title={report.raters[i]}>
            {report.raters[i]}
          </div>,
          ...row.map((v, j) => {
            const c = heatCell(v)
            return (
              <div
                key={`${i}-${j}`}
                className={c ? 'ag-hm-cell' : 'ag-hm-cell ag-undef'}
                style={c ?? undefined}
                title={c ? `${report.raters[i]} vs ${report.raters[j]}: ${name} = ${dataValue(v)}` : undefinedReason('pair')}
                data-testid={`${which}-${i}-${j}`}
                data-value={dataValue(v)}
              >
                {fmtStat(v, 2)}
              </div>
            )
          })
        ])}
      </div>
      <div className="ag-legend">
        <span>−1</span>
        <i style={{ background: LEGEND }} />
        <span>+1</span>
      </div>
    </div>
  )
}
