import type { DatasetSummary } from '../../../../../shared/datasets'

const signed = (x: number | null): string => (x === null ? '–' : `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`)

/** Subjects with their clips, frames, label coverage and mean valence / arousal. */
export function SubjectsTable({ summary }: { summary: DatasetSummary }) {
  return (
    <div className="ds-subjects-wrap">
      <table className="runs-table ds-subjects" data-testid="subjects-table">
        <thead>
          <tr>
            <th>subject</th>
            <th className="num">clips</th>
            <th className="num">frames</th>
            <th>labelled</th>
            <th className="num" title="mean valence of the labelled frames, on [−1, 1]">
              mean V
            </th>
            <th className="num" title="mean arousal of the labelled frames, on [−1, 1]">
              mean A
            </th>
          </tr>
        </thead>
        <tbody>
          {summary.subjects.map((s) => {
            const cover = s.frames > 0 ? s.labelled / s.frames : 0
            return (
              <tr key={s.subjectId} data-testid="subject-row">
                <td title={s.clipIds.join(', ')}>{s.subjectId}</td>
                <td className="num">{s.clipIds.length}</td>
                <td className="num">{s.frames.toLocaleString()}</td>
                <td>
                  <span className="ds-cover" title={`${s.labelled} of ${s.frames} frames labelled`}>
                    <span className="ds-cover-bar">
                      <span style={{ width: `${100 * cover}%` }} />
                    </span>
                    {(100 * cover).toFixed(cover === 1 ? 0 : 1)} %
                  </span>
                </td>
                <td className="num">{signed(s.meanValence)}</td>
                <td className="num">{signed(s.meanArousal)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
