import { SUBJECT_METRIC_PREFIX } from '../../../../shared/runs'

export interface HeldOutRow {
  /** 'all frames', 'clean', 'degraded' or a subject id. */
  readonly label: string
  readonly kind: 'part' | 'subject'
  readonly n: number | null
  readonly cccV: number | null
  readonly cccA: number | null
  readonly biasV: number | null
  readonly biasA: number | null
}

const PARTS = [
  ['', 'all frames'],
  ['clean_', 'clean'],
  ['degraded_', 'degraded']
] as const

/**
 * The held-out report of a run's test row: all / clean / degraded frames (as stored by the training service), then
 * each test subject (`subject:<id>:<metric>`), worst mean CCC first, so the faces a model fails on come first.
 */
export function heldOutRows(metrics: Readonly<Record<string, number | null>>): HeldOutRow[] {
  const get = (k: string): number | null => (typeof metrics[k] === 'number' && Number.isFinite(metrics[k]) ? metrics[k] : null)
  const rows: HeldOutRow[] = []
  for (const [prefix, label] of PARTS) {
    if (get(`${prefix}ccc_v`) === null && get(`${prefix}ccc_a`) === null) continue
    rows.push({ label, kind: 'part', n: get(`${prefix}n`), cccV: get(`${prefix}ccc_v`), cccA: get(`${prefix}ccc_a`), biasV: null, biasA: null })
  }
  const subjects = new Set<string>()
  for (const k of Object.keys(metrics)) {
    if (!k.startsWith(SUBJECT_METRIC_PREFIX)) continue
    const rest = k.slice(SUBJECT_METRIC_PREFIX.length)
    const cut = rest.lastIndexOf(':')
    if (cut > 0) subjects.add(rest.slice(0, cut))
  }
  const subjectRows = [...subjects].map((s): HeldOutRow => {
    const m = (k: string) => get(`${SUBJECT_METRIC_PREFIX}${s}:${k}`)
    return { label: s, kind: 'subject', n: m('n'), cccV: m('ccc_v'), cccA: m('ccc_a'), biasV: m('bias_v'), biasA: m('bias_a') }
  })
  const mean = (r: HeldOutRow): number => ((r.cccV ?? -2) + (r.cccA ?? -2)) / 2
  subjectRows.sort((a, b) => mean(a) - mean(b) || a.label.localeCompare(b.label))
  return [...rows, ...subjectRows]
}
