import type { AgreementReport } from '../../../../../shared/agreement'
import { dataValue, fmtP, iccTooltip, isDefined, undefinedReason } from './agreement-logic'
import { StatValue } from './StatValue'

/** The six ICC forms: McGraw–Wong and Shrout–Fleiss names (formula tooltips), value, CI, F test. */
export function IccTable({ report }: { report: AgreementReport }) {
  const level = Math.round(report.icc.confidence * 1000) / 10
  return (
    <table className="ag-table ag-icc" data-testid="icc-table">
      <thead>
        <tr>
          <th className="ag-left">Form</th>
          <th className="ag-left">Shrout–Fleiss</th>
          <th className="ag-left">Model</th>
          <th>ICC</th>
          <th>{level} % CI</th>
          <th>F (df₁, df₂)</th>
          <th>p</th>
        </tr>
      </thead>
      <tbody>
        {report.icc.forms.map((r) => {
          const tip = iccTooltip(r.form, r.shroutFleiss, r.label, report)
          const ciOk = isDefined(r.ci.lower) && isDefined(r.ci.upper)
          return (
            <tr key={r.form}>
              <th scope="row" className="ag-left ag-form" title={tip}>
                {r.form} <span className="ag-info" aria-hidden="true">
                  i
                </span>
              </th>
              <td className="ag-left" title={tip}>
                {r.shroutFleiss}
              </td>
              <td className="ag-left ag-model">
                {r.model === 'one-way random' ? 'one-way random' : `two-way, ${r.type}`}, {r.unit === 'single' ? 'single rater' : `mean of ${report.nRaters} raters`}
              </td>
              <td className="ag-value" data-testid={`icc-${r.form}`} data-value={dataValue(r.value)}>
                <StatValue value={r.value} kind="icc" title={`${r.form} = ${dataValue(r.value)}`} />
              </td>
              <td
                data-testid={`icc-ci-${r.form}`}
                data-lower={dataValue(r.ci.lower)}
                data-upper={dataValue(r.ci.upper)}
                title={ciOk ? `[${r.ci.lower}, ${r.ci.upper}] — F-based interval (McGraw & Wong 1996)` : undefinedReason('ci')}
              >
                [<StatValue value={r.ci.lower} kind="ci" />, <StatValue value={r.ci.upper} kind="ci" />]
              </td>
              <td>
                <StatValue value={r.fValue} kind="f" digits={2} /> <span className="muted small">({r.df1}, {r.df2})</span>
              </td>
              <td title={isDefined(r.pValue) ? `p = ${r.pValue} (H₀: ρ = 0)` : undefinedReason('p')} data-value={dataValue(r.pValue)}>
                {fmtP(r.pValue)}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
