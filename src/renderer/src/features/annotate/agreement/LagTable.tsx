import type { RaterLag } from '../../../../../shared/annotation'
import { StatValue } from './StatValue'

/** The lag removed from each rater (cross-correlation against the mean of the others). */
export function LagTable({ lags, maxLagS }: { lags: readonly RaterLag[]; maxLagS: number | undefined }) {
  return (
    <div>
      <div className="ag-sub-head">
        <h4 title="Each rater's lag behind the mean of the others, by cross-correlation over 0 … max lag; the lag-corrected statistics shift each rater back by it">
          Estimated rater lags
        </h4>
        <span className="muted small">searched 0 – {maxLagS ?? 5} s</span>
      </div>
      <table className="ag-table" data-testid="lag-table">
        <thead>
          <tr>
            <th className="ag-left">Rater</th>
            <th>lag (frames)</th>
            <th>lag (s)</th>
            <th>r at lag</th>
          </tr>
        </thead>
        <tbody>
          {lags.map((l, i) => (
            <tr key={l.rater} data-testid={`lag-${i}`} data-lag-frames={l.lagFrames}>
              <th scope="row" className="ag-left">
                {l.rater}
              </th>
              <td>{l.lagFrames}</td>
              <td>
                <StatValue value={l.lagS} kind="lag" />
              </td>
              <td>
                <StatValue value={l.correlation} kind="lag" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
