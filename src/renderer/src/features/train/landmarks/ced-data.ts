/**
 * The CED comparison's data (pure): which sets the stored evaluations share, one cumulative error distribution
 * per tracker, and the legend/table rows. Curves are drawn from the stored per-item errors; the headline numbers
 * (mean NME, AUC@threshold, failure rate) are the stored ones, so the plot shows what `eval-landmarks` reported.
 */
import type { LandmarkEvalSetView, LandmarkEvalView, LandmarkNorm } from '../../../../../shared/landmarks'

/** A set choice: the set's name and 300-VW category (null: none). */
export interface SetKey {
  readonly name: string
  readonly category: string | null
}

export const setKeyId = (k: SetKey): string => (k.category === null ? k.name : `${k.name} · cat ${k.category}`)

/** Every (set, category) any evaluation has, in first-seen order. */
export function setKeys(evals: readonly LandmarkEvalView[]): SetKey[] {
  const seen = new Map<string, SetKey>()
  for (const e of evals) for (const s of e.sets) if (!seen.has(setKeyId(s))) seen.set(setKeyId(s), { name: s.name, category: s.category })
  return [...seen.values()]
}

export function findSet(e: LandmarkEvalView, key: SetKey): LandmarkEvalSetView | null {
  return e.sets.find((s) => s.name === key.name && s.category === key.category) ?? null
}

export const errorsOf = (s: LandmarkEvalSetView, norm: LandmarkNorm): ReadonlyArray<number | null> => (norm === 'box' ? s.nmeBox : s.nmeIo)

/**
 * The CED as a step function: [x, fraction of items with NME ≤ x] at 0, at every error up to `maxX`, and at
 * `maxX`. Items without a prediction (null) count in the total but never below a threshold.
 */
export function cedSteps(errors: ReadonlyArray<number | null>, maxX: number): Array<[number, number]> {
  const n = errors.length
  if (n === 0) return [[0, 0], [maxX, 0]]
  const sorted = errors.filter((e): e is number => e !== null && e >= 0 && e <= maxX).sort((a, b) => a - b)
  const pts: Array<[number, number]> = [[0, 0]]
  let below = 0
  for (let i = 0; i < sorted.length; i++) {
    const x = sorted[i]
    pts.push([x, below / n])
    while (i + 1 < sorted.length && sorted[i + 1] === x) i++
    below = i + 1
    pts.push([x, below / n])
  }
  pts.push([maxX, below / n])
  return pts
}

/** Exact area under the step CED up to `threshold`, normalised to [0, 1] (Σ max(0, T − e) / (n·T)). */
export function aucExact(errors: ReadonlyArray<number | null>, threshold: number): number | null {
  if (errors.length === 0 || !(threshold > 0)) return null
  let a = 0
  for (const e of errors) if (e !== null && e < threshold) a += threshold - Math.max(0, e)
  return a / (errors.length * threshold)
}

/** Share of items above `threshold` or without a prediction. */
export function failureRate(errors: ReadonlyArray<number | null>, threshold: number): number | null {
  if (errors.length === 0) return null
  return errors.filter((e) => e === null || e > threshold).length / errors.length
}

export interface CedRow {
  readonly evalId: string
  readonly trackerId: string
  readonly label: string
  readonly set: string
  readonly degraded: boolean
  readonly n: number
  readonly mean: number | null
  readonly auc: number | null
  readonly failure: number | null
  readonly threshold: number
  readonly steps: Array<[number, number]>
}

/**
 * One row (and curve) per tracker that has the chosen set, from its newest evaluation (`evals` come newest
 * first); best AUC first, ties (e.g. all at 0) by the lower mean NME.
 */
export function cedRows(evals: readonly LandmarkEvalView[], key: SetKey, norm: LandmarkNorm, maxX: number): CedRow[] {
  const rows: CedRow[] = []
  const seen = new Set<string>()
  for (const e of evals) {
    const s = findSet(e, key)
    if (!s || seen.has(e.trackerId)) continue
    seen.add(e.trackerId)
    const m = s.summary
    rows.push({
      evalId: e.id,
      trackerId: e.trackerId,
      label: e.label,
      set: setKeyId(s),
      degraded: s.degraded,
      n: s.count,
      mean: norm === 'box' ? m.meanBox : m.meanIo,
      auc: norm === 'box' ? m.aucBox : m.aucIo,
      failure: norm === 'box' ? m.failureBox : m.failureIo,
      threshold: m.threshold,
      steps: cedSteps(errorsOf(s, norm), maxX)
    })
  }
  return rows.sort((a, b) => (b.auc ?? -1) - (a.auc ?? -1) || (a.mean ?? Infinity) - (b.mean ?? Infinity))
}

/** Fixed, distinguishable curve colours (colour-blind-safe Okabe-Ito order), by row. */
export const CED_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#7a5195', '#3b3b3b'] as const

export const pct = (v: number | null, digits = 2): string => (v === null ? '–' : `${(100 * v).toFixed(digits)} %`)
export const fixed = (v: number | null, digits = 3): string => (v === null ? '–' : v.toFixed(digits))

/** A ground-truth source as the picker shows it: folders by their last name ('/x/gt/300w + moving' → '300w + moving'). */
export function sourceLabel(source: string): string {
  const base = (p: string): string => p.replace(/[/\\]+$/, '').split(/[/\\]/).pop() ?? p
  return source
    .split(' + ')
    .map((part) => {
      const syn = /^synthetic:(.+?)(#.*)?$/.exec(part)
      if (syn) return `synthetic:${base(syn[1])}${syn[2] ?? ''}`
      const m = /^(.*?)( \(degraded inputs\))?$/.exec(part)
      const [path, suffix] = [m?.[1] ?? part, m?.[2] ?? '']
      return (path.includes('/') || path.includes('\\') ? base(path) : path) + suffix
    })
    .join(' + ')
}
