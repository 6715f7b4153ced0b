import type { RunEpochPoint } from '../../../../shared/runs'
import { heldOutRows } from './held-out'

const f3 = (x: number | null): string => (x === null ? '–' : x.toFixed(3))
const f2 = (x: number | null): string => (x === null ? '–' : (x > 0 ? '+' : '') + x.toFixed(2))

/** The validation-selected checkpoint's held-out test report: frame groups, then each test subject, worst first. */
export function HeldOutTable({ epochs }: { epochs: readonly RunEpochPoint[] }) {
  const test = epochs.find((e) => e.split === 'test')
  if (!test) return null
  const rows = heldOutRows(test.metrics)
  if (rows.length === 0) return null
  const bySubject = rows.some((r) => r.kind === 'subject')
  return (
    <div className="held-out" data-testid="held-out">
      <strong>Held-out test subjects</strong> <span className="muted small">(the checkpoint chosen on validation, epoch {test.epoch})</span>
      <table className="held-out-table small">
        <thead>
          <tr>
            <th></th>
            <th>frames</th>
            <th>CCC V</th>
            <th>CCC A</th>
            {bySubject && <th title="mean prediction − mean label">bias V</th>}
            {bySubject && <th title="mean prediction − mean label">bias A</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.kind}:${r.label}`} className={r.kind} data-testid={r.kind === 'subject' ? 'held-out-subject' : undefined}>
              <td>{r.label}</td>
              <td>{r.n ?? '–'}</td>
              <td>{f3(r.cccV)}</td>
              <td>{f3(r.cccA)}</td>
              {bySubject && <td>{f2(r.biasV)}</td>}
              {bySubject && <td>{f2(r.biasA)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
