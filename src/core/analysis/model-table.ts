/**
 * The run-comparison table of thesis 001 Tables 7.5/7.6 (L2009-2025): one row per model, columns
 * RMSE ↓ | COR ↑ | CCC ↑ | ICC ↑, each with VAL, ARO and AVG (AVG = (VAL + ARO) / 2, e.g. Vi-DeS RMSE
 * (0.232 + 0.289)/2 = 0.2605 → printed 0.260, L2011).
 *
 * Runs must have been evaluated on the same folds and the same frames; otherwise the comparison is meaningless and
 * `buildModelTable` throws `RunMismatchError` saying what differs (fold sets, frame counts per fold, frame keys,
 * or gold values). Within a fold, a frame is used only when the gold and every run's prediction are present
 * (listwise across runs), so all rows rest on identical frames; exclusions are counted.
 *
 * Fold aggregation (the thesis only says "5-fold cross validation", L1952): `per-fold-mean` (default) computes each
 * metric per fold and averages the folds where it is defined; `pooled` concatenates the folds' frames first.
 * ICC: eq. 7.18 (`paper`, default, to reproduce the thesis) or ICC(A,1)/ICC(C,1) — see `ICC_KIND_LABELS`.
 */
import { AppError } from '../../shared/ipc/errors'
import { formatTextTable, formatValue } from './text-table'
import type { VaSeries } from './types'
import { assertLength, requireArg } from './types'
import { ICC_KIND_LABELS, metricsOnFrames, type IccKind, type VaMetricName } from './va-metrics'

export const MODEL_TABLE_METRICS: readonly VaMetricName[] = ['rmse', 'cor', 'ccc', 'icc']

export interface FoldFrames {
  readonly fold: string
  readonly pred: VaSeries
  readonly gold: VaSeries
  /** Optional frame identities (e.g. "session:frame"); when every run gives them they must match. */
  readonly frameKeys?: readonly string[]
}

export interface RunEvaluation {
  readonly runId: string
  /** Row label, e.g. the model name; default the run id. */
  readonly label?: string
  readonly folds: readonly FoldFrames[]
}

export type FoldConvention = 'per-fold-mean' | 'pooled'

export interface ModelTableOptions {
  readonly convention?: FoldConvention
  readonly icc?: IccKind
  readonly title?: string
  /** Gold values of the same frame may differ by at most this much between runs (default 1e-6, fp32 storage). */
  readonly goldTolerance?: number
}

export type RunMismatchKind = 'fold-set' | 'frame-count' | 'frame-keys' | 'gold'

/** Thrown when runs were not evaluated on the same folds/frames. `code` is 'CONFLICT'. */
export class RunMismatchError extends AppError {
  readonly kind: RunMismatchKind
  constructor(kind: RunMismatchKind, message: string) {
    super('CONFLICT', message)
    this.name = 'RunMismatchError'
    this.kind = kind
  }
}

export interface MetricTriple {
  readonly v: number | null
  readonly a: number | null
  /** (v + a) / 2, null when either is null. */
  readonly mean: number | null
}

export interface ModelTableRow {
  readonly runId: string
  readonly label: string
  readonly rmse: MetricTriple
  readonly cor: MetricTriple
  readonly ccc: MetricTriple
  readonly icc: MetricTriple
  /** Reasons for null cells or for folds left out of a mean. */
  readonly notes: readonly string[]
}

export interface ModelTable {
  readonly title: string
  readonly convention: FoldConvention
  readonly icc: IccKind
  readonly iccLabel: string
  readonly folds: readonly string[]
  /** Frames per fold as given, and usable (gold + every run present). */
  readonly frames: readonly { readonly fold: string; readonly given: number; readonly usable: number }[]
  readonly rows: readonly ModelTableRow[]
}

function sameNumber(a: number, b: number, tol: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return !Number.isFinite(a) && !Number.isFinite(b)
  return Math.abs(a - b) <= tol
}

/** Checks that all runs share fold ids, frame counts, frame keys and gold. Throws `RunMismatchError`. */
export function assertComparableRuns(runs: readonly RunEvaluation[], goldTolerance = 1e-6): void {
  requireArg(runs.length > 0, 'at least one run is needed')
  for (const r of runs) {
    requireArg(r.folds.length > 0, `run ${r.runId} has no folds`)
    const ids = new Set(r.folds.map((f) => f.fold))
    requireArg(ids.size === r.folds.length, `run ${r.runId} lists a fold twice`)
    for (const f of r.folds) {
      const n = f.gold.valence.length
      const where = `run ${r.runId} fold ${f.fold}`
      assertLength(f.gold.arousal.length, n, `${where} gold arousal`, 'gold valence')
      assertLength(f.pred.valence.length, n, `${where} predicted valence`, 'gold')
      assertLength(f.pred.arousal.length, n, `${where} predicted arousal`, 'gold')
      if (f.frameKeys) assertLength(f.frameKeys.length, n, `${where} frame keys`, 'gold')
    }
  }
  const ref = runs[0]
  const refFolds = new Map(ref.folds.map((f) => [f.fold, f]))
  for (const r of runs.slice(1)) {
    const ids = new Set(r.folds.map((f) => f.fold))
    const missing = [...refFolds.keys()].filter((k) => !ids.has(k))
    const extra = [...ids].filter((k) => !refFolds.has(k))
    if (missing.length > 0 || extra.length > 0) {
      throw new RunMismatchError(
        'fold-set',
        `runs ${ref.runId} and ${r.runId} were evaluated on different folds` +
          (missing.length > 0 ? `; ${r.runId} lacks ${missing.join(', ')}` : '') +
          (extra.length > 0 ? `; ${r.runId} has extra ${extra.join(', ')}` : '') +
          ' — compare runs evaluated on the same fold split'
      )
    }
    for (const f of r.folds) {
      const g = refFolds.get(f.fold) as FoldFrames
      const n = g.gold.valence.length
      if (f.gold.valence.length !== n) {
        throw new RunMismatchError(
          'frame-count',
          `fold ${f.fold}: run ${ref.runId} has ${n} frames but run ${r.runId} has ${f.gold.valence.length}` +
            ' — the runs were not evaluated on the same frames'
        )
      }
      if (g.frameKeys && f.frameKeys) {
        const i = f.frameKeys.findIndex((k, j) => k !== g.frameKeys?.[j])
        if (i >= 0) {
          throw new RunMismatchError(
            'frame-keys',
            `fold ${f.fold} frame ${i}: run ${ref.runId} has "${g.frameKeys[i]}" but run ${r.runId} has "${f.frameKeys[i]}"`
          )
        }
      }
      for (const dim of ['valence', 'arousal'] as const) {
        for (let i = 0; i < n; i++) {
          if (!sameNumber(g.gold[dim][i], f.gold[dim][i], goldTolerance)) {
            throw new RunMismatchError(
              'gold',
              `fold ${f.fold} frame ${i}: gold ${dim} is ${g.gold[dim][i]} in run ${ref.runId} ` +
                `but ${f.gold[dim][i]} in run ${r.runId}` +
                ' — the runs were not evaluated on the same frames or labels'
            )
          }
        }
      }
    }
  }
}

function usableFrames(runs: readonly RunEvaluation[], foldIndex: readonly number[]): Int32Array {
  const first = runs[0].folds[foldIndex[0]]
  const out: number[] = []
  for (let i = 0; i < first.gold.valence.length; i++) {
    if (!Number.isFinite(first.gold.valence[i]) || !Number.isFinite(first.gold.arousal[i])) continue
    const allPresent = runs.every((r, k) => {
      const p = r.folds[foldIndex[k]].pred
      return Number.isFinite(p.valence[i]) && Number.isFinite(p.arousal[i])
    })
    if (allPresent) out.push(i)
  }
  return Int32Array.from(out)
}

function concat(parts: readonly ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0))
  let o = 0
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) out[o + i] = p[i]
    o += p.length
  }
  return out
}

function triple(v: number | null, a: number | null): MetricTriple {
  return { v, a, mean: v === null || a === null ? null : (v + a) / 2 }
}

function meanDefined(xs: readonly (number | null)[]): number | null {
  const d = xs.filter((x): x is number => x !== null)
  return d.length === 0 ? null : d.reduce((s, x) => s + x, 0) / d.length
}

/** Builds the Tables 7.5/7.6 comparison. Throws `RunMismatchError` unless the runs share folds and frames. */
export function buildModelTable(runs: readonly RunEvaluation[], options: ModelTableOptions = {}): ModelTable {
  const convention = options.convention ?? 'per-fold-mean'
  const iccKind = options.icc ?? 'paper'
  requireArg(convention === 'per-fold-mean' || convention === 'pooled', `unknown fold convention "${String(convention)}"`)
  assertComparableRuns(runs, options.goldTolerance ?? 1e-6)
  const foldIds = runs[0].folds.map((f) => f.fold)
  const idx = runs.map((r) => new Map(r.folds.map((f, i) => [f.fold, i])))
  const usable = foldIds.map((id) => usableFrames(runs, idx.map((m) => m.get(id) as number)))
  const frames = foldIds.map((fold, k) => ({ fold, given: runs[0].folds[k].gold.valence.length, usable: usable[k].length }))

  const rows = runs.map((run, r): ModelTableRow => {
    const folds = foldIds.map((id) => run.folds[idx[r].get(id) as number])
    const notes: string[] = []
    const cells: Partial<Record<VaMetricName, MetricTriple>> = {}
    if (convention === 'pooled') {
      const frameIndex: number[] = []
      let offset = 0
      folds.forEach((f, k) => {
        for (const i of usable[k]) frameIndex.push(offset + i)
        offset += f.gold.valence.length
      })
      const cat = (pick: (f: FoldFrames) => ArrayLike<number>): Float64Array => concat(folds.map(pick))
      const m = metricsOnFrames(
        { valence: cat((f) => f.pred.valence), arousal: cat((f) => f.pred.arousal) },
        { valence: cat((f) => f.gold.valence), arousal: cat((f) => f.gold.arousal) },
        Int32Array.from(frameIndex),
        MODEL_TABLE_METRICS,
        iccKind
      )
      if (m.reason) notes.push(`pooled: ${m.reason}`)
      for (const k of MODEL_TABLE_METRICS) cells[k] = triple(m.values[k]?.v ?? null, m.values[k]?.a ?? null)
    } else {
      const perFold = folds.map((f, k) => {
        const m = metricsOnFrames(f.pred, f.gold, usable[k], MODEL_TABLE_METRICS, iccKind)
        if (m.reason) notes.push(`fold ${f.fold} left out where undefined: ${m.reason}`)
        return m
      })
      for (const k of MODEL_TABLE_METRICS) {
        cells[k] = triple(
          meanDefined(perFold.map((m) => m.values[k]?.v ?? null)),
          meanDefined(perFold.map((m) => m.values[k]?.a ?? null))
        )
      }
    }
    const empty: MetricTriple = { v: null, a: null, mean: null }
    return {
      runId: run.runId,
      label: run.label ?? run.runId,
      rmse: cells.rmse ?? empty,
      cor: cells.cor ?? empty,
      ccc: cells.ccc ?? empty,
      icc: cells.icc ?? empty,
      notes
    }
  })
  return {
    title: options.title ?? 'Model comparison',
    convention,
    icc: iccKind,
    iccLabel: ICC_KIND_LABELS[iccKind],
    folds: foldIds,
    frames,
    rows
  }
}

const CONVENTION_TEXT: Readonly<Record<FoldConvention, string>> = {
  pooled: 'frames pooled over folds',
  'per-fold-mean': 'mean of per-fold values'
}

/** Tables 7.5/7.6 as aligned text, values to 3 decimals, then fold/frame counts, the ICC definition and notes. */
export function formatModelTable(table: ModelTable): string {
  const iccHead = table.icc === 'paper' ? 'ICC* ↑' : `${table.icc} ↑`
  const head1 = ['Model', 'RMSE ↓', '', '', 'COR ↑', '', '', 'CCC ↑', '', '', iccHead, '', '']
  const head2 = ['', ...Array.from({ length: 4 }, () => ['VAL', 'ARO', 'AVG']).flat()]
  const body = table.rows.map((r) => [
    r.label,
    ...[r.rmse, r.cor, r.ccc, r.icc].flatMap((t) => [formatValue(t.v), formatValue(t.a), formatValue(t.mean)])
  ])
  const given = table.frames.reduce((s, f) => s + f.given, 0)
  const used = table.frames.reduce((s, f) => s + f.usable, 0)
  const lines = [
    table.title,
    formatTextTable([head1, head2], body),
    `Folds: ${table.folds.join(', ')} (${CONVENTION_TEXT[table.convention]}); ` +
      `frames: ${used} of ${given} usable (gold and every run present)`,
    `${table.icc === 'paper' ? 'ICC*' : table.icc}: ${table.iccLabel}`
  ]
  for (const r of table.rows) for (const n of r.notes) lines.push(`${r.label}: ${n}`)
  return lines.join('\n')
}
