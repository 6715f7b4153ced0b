import '../new-run/sequence.css'
import type { SequenceInfo } from './sequence-stages'

const f3 = (x: number | null): string => (x === null ? '–' : x.toFixed(3))

/** The curriculum of a sequence run: each stage with its window, selected epoch, validation / test CCC; the rest to come. */
export function SequenceStages({ info, training }: { info: SequenceInfo; training: boolean }) {
  const left = Math.max(0, info.planned - info.finished.length)
  return (
    <div className="run-stages-block" data-testid="run-stages" data-finished={info.finished.length} data-planned={info.planned}>
      <strong>Curriculum</strong>{' '}
      <span className="muted small">
        windows {info.curriculum.join(' → ')} · {info.finished.length} of {info.planned} stages finished
        {left > 0 && !training ? ' · Resume continues with the next stage' : ''}
      </span>
      {info.finished.length > 0 && (
        <table className="run-stages small">
          <thead>
            <tr>
              <th>stage</th>
              <th>n</th>
              <th>attention</th>
              <th>best epoch</th>
              <th>val CCC</th>
              <th>test CCC</th>
              <th>wall</th>
            </tr>
          </thead>
          <tbody>
            {info.finished.map((s) => (
              <tr key={s.name}>
                <td>{s.name}</td>
                <td>{s.n}</td>
                <td>{s.attention ? 'yes' : 'no'}</td>
                <td>
                  {s.bestEpoch} of {s.epochs}
                </td>
                <td>{f3(s.valCcc)}</td>
                <td>{f3(s.testCcc)}</td>
                <td>{s.wallS === null ? '–' : `${s.wallS.toFixed(1)} s`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
