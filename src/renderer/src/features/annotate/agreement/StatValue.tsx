import { dataValue, fmtStat, isDefined, undefinedReason, type Stat, type StatKind } from './agreement-logic'

/** A backend number, rounded for reading; '–' with the reason as tooltip when undefined; the full value in data-value. */
export function StatValue({ value, kind, digits = 3, title, testId }: { value: Stat; kind: StatKind; digits?: number; title?: string; testId?: string }) {
  const ok = isDefined(value)
  return (
    <span className={ok ? 'ag-num' : 'ag-num ag-undef'} title={ok ? (title ?? String(value)) : undefinedReason(kind)} data-testid={testId} data-value={dataValue(value)}>
      {fmtStat(value, digits)}
    </span>
  )
}
