import type { AgreementReport } from '../../../../../shared/agreement'
import { StatValue } from './StatValue'

/** Each rater against the mean of the others (leave-one-out). */
export function LeaveOneOutTable({ report }: { report: AgreementReport }) {
  return (
    <div>
      <div className="ag-sub-head">
        <h4 title="Each rater against the frame-wise mean of the remaining raters">Each rater vs the mean of the others</h4>
      </div>
      <table className="ag-table" data-testid="loo-table">
        <thead>
          <tr>
            <th className="ag-left">Rater</th>
            <th>CCC</th>
            <th>r</th>
            <th>frames</th>
          </tr>
        </thead>
        <tbody>
          {report.leaveOneOut.map((l, i) => (
            <tr key={l.rater}>
              <th scope="row" className="ag-left">
                {l.rater}
              </th>
              <td>
                <StatValue value={l.ccc} kind="loo" testId={`loo-${i}-ccc`} />
              </td>
              <td>
                <StatValue value={l.pcc} kind="loo" testId={`loo-${i}-r`} />
              </td>
              <td>{l.nUsed}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
