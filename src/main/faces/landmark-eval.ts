/**
 * 68-point landmark evaluation: NME per image and mean, CED, AUC and failure rate at a threshold.
 *
 * Both coordinate sets must be 0-based pixels: convert 1-based ground truth (.pts, 300-W COCO) with
 * `toZeroBased(points, origin)` before calling (NME is translation-invariant only if BOTH use the same
 * origin; mixing them adds a 1-px bias per axis). Normalisations:
 * - inter-ocular: distance between the outer eye corners, points 37 and 46 (1-based) = indices 36 and 45;
 * - box: √(w·h) of the ground-truth landmark bounding box (the thesis convention, T L664/L848/L1194).
 * Subsets: all 68 points, and the 51 inner points 18-68 (1-based) = indices 17..67.
 * Detector misses are kept apart (no NME), never counted as zero error; `failureRate` counts NME > threshold
 * among detected faces only, and `missRate` is reported separately.
 */
import type { Point2 } from '../datasets/landmarks'

export const OUTER_EYE_CORNERS_0: readonly [number, number] = [36, 45]
export const INNER_51_START_0 = 17
export const DEFAULT_THRESHOLD = 0.08

export type Normalisation = 'interocular' | 'box'
export type Subset = 'all68' | 'inner51'

export interface EvalItem {
  readonly id: string
  /** Ground truth, 68 points, 0-based. */
  readonly gt: readonly Point2[]
  /** Prediction, 68 points, 0-based; null for a detector miss. */
  readonly pred: readonly Point2[] | null
  /** Optional group (e.g. data set name) for per-set summaries. */
  readonly group?: string
}

export interface NmeSet {
  readonly interocular: { readonly all68: number; readonly inner51: number }
  readonly box: { readonly all68: number; readonly inner51: number }
}

export interface ItemResult {
  readonly id: string
  readonly group: string
  readonly missed: boolean
  readonly nme: NmeSet | null
}

export interface EvalSummary {
  readonly count: number
  readonly detected: number
  readonly misses: string[]
  /** Mean NME over detected items. */
  readonly mean: NmeSet | null
  /** AUC of the CED up to `threshold` (normalised to [0, 1]) per normalisation, 68 points. */
  readonly auc: { readonly interocular: number; readonly box: number }
  /** Fraction of detected items with 68-point NME > threshold. */
  readonly failureRate: { readonly interocular: number; readonly box: number }
  readonly missRate: number
  readonly threshold: number
}

export interface EvalReport {
  readonly items: ItemResult[]
  readonly summary: EvalSummary
  readonly groups: Record<string, EvalSummary>
}

export function interocularDistance(gt: readonly Point2[]): number {
  const a = gt[OUTER_EYE_CORNERS_0[0]]
  const b = gt[OUTER_EYE_CORNERS_0[1]]
  return Math.hypot(a[0] - b[0], a[1] - b[1])
}

export function boxSize(gt: readonly Point2[]): number {
  const xs = gt.map((p) => p[0])
  const ys = gt.map((p) => p[1])
  return Math.sqrt((Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys)))
}

/** Mean point-to-point distance over indices [from, 68) divided by `norm`. */
export function nme(pred: readonly Point2[], gt: readonly Point2[], norm: number, from = 0): number {
  if (pred.length !== 68 || gt.length !== 68) throw new RangeError(`NME needs 68 points (pred ${pred.length}, gt ${gt.length})`)
  if (!(norm > 0)) throw new RangeError(`NME normaliser must be > 0, got ${norm}`)
  let s = 0
  for (let i = from; i < 68; i++) s += Math.hypot(pred[i][0] - gt[i][0], pred[i][1] - gt[i][1])
  return s / (68 - from) / norm
}

export function nmeSet(pred: readonly Point2[], gt: readonly Point2[]): NmeSet {
  const io = interocularDistance(gt)
  const bs = boxSize(gt)
  return {
    interocular: { all68: nme(pred, gt, io), inner51: nme(pred, gt, io, INNER_51_START_0) },
    box: { all68: nme(pred, gt, bs), inner51: nme(pred, gt, bs, INNER_51_START_0) }
  }
}

/** CED: fraction of ALL items (misses count as failures at every threshold) with error ≤ each threshold. */
export function cedCurve(errors: readonly number[], total: number, maxThreshold = DEFAULT_THRESHOLD, steps = 80): Array<[number, number]> {
  const sorted = [...errors].sort((a, b) => a - b)
  const out: Array<[number, number]> = []
  for (let i = 0; i <= steps; i++) {
    const t = (maxThreshold * i) / steps
    let n = 0
    while (n < sorted.length && sorted[n] <= t) n++
    out.push([t, total > 0 ? n / total : 0])
  }
  return out
}

/** Area under the CED up to the threshold, normalised to [0, 1] (trapezoids on a fine grid). */
export function aucAt(errors: readonly number[], total: number, threshold = DEFAULT_THRESHOLD, steps = 1000): number {
  const c = cedCurve(errors, total, threshold, steps)
  let a = 0
  for (let i = 1; i < c.length; i++) a += ((c[i][1] + c[i - 1][1]) / 2) * (c[i][0] - c[i - 1][0])
  return a / threshold
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length
}

function summarise(results: readonly ItemResult[], threshold: number): EvalSummary {
  const det = results.filter((r): r is ItemResult & { nme: NmeSet } => r.nme !== null)
  const m = (f: (n: NmeSet) => number): number => mean(det.map((r) => f(r.nme)))
  const io = det.map((r) => r.nme.interocular.all68)
  const bx = det.map((r) => r.nme.box.all68)
  return {
    count: results.length,
    detected: det.length,
    misses: results.filter((r) => r.missed).map((r) => r.id),
    mean:
      det.length === 0
        ? null
        : {
            interocular: { all68: m((n) => n.interocular.all68), inner51: m((n) => n.interocular.inner51) },
            box: { all68: m((n) => n.box.all68), inner51: m((n) => n.box.inner51) }
          },
    auc: { interocular: aucAt(io, results.length, threshold), box: aucAt(bx, results.length, threshold) },
    failureRate: {
      interocular: det.length === 0 ? NaN : io.filter((e) => e > threshold).length / det.length,
      box: det.length === 0 ? NaN : bx.filter((e) => e > threshold).length / det.length
    },
    missRate: results.length === 0 ? 0 : (results.length - det.length) / results.length,
    threshold
  }
}

export function evaluateLandmarks(items: readonly EvalItem[], threshold = DEFAULT_THRESHOLD): EvalReport {
  const results: ItemResult[] = items.map((it) => ({
    id: it.id,
    group: it.group ?? '',
    missed: it.pred === null,
    nme: it.pred === null ? null : nmeSet(it.pred, it.gt)
  }))
  const groups: Record<string, EvalSummary> = {}
  for (const g of new Set(results.map((r) => r.group))) groups[g] = summarise(results.filter((r) => r.group === g), threshold)
  return { items: results, summary: summarise(results, threshold), groups }
}

/** CED as CSV (`threshold,interocular,box`), 68 points, misses counted as failures. */
export function cedCsv(report: EvalReport, maxThreshold = DEFAULT_THRESHOLD, steps = 80): string {
  const det = report.items.filter((r) => r.nme !== null)
  const io = cedCurve(det.map((r) => (r.nme as NmeSet).interocular.all68), report.items.length, maxThreshold, steps)
  const bx = cedCurve(det.map((r) => (r.nme as NmeSet).box.all68), report.items.length, maxThreshold, steps)
  const lines = ['threshold,interocular_68,box_68']
  for (let i = 0; i < io.length; i++) lines.push(`${io[i][0].toFixed(4)},${io[i][1].toFixed(4)},${bx[i][1].toFixed(4)}`)
  return lines.join('\n') + '\n'
}

/** Picks the prediction closest to the ground truth (by centroid, within one inter-ocular distance). */
export function matchPrediction(gt: readonly Point2[], preds: ReadonlyArray<readonly Point2[]>): readonly Point2[] | null {
  const c = (ps: readonly Point2[]): Point2 => [mean(ps.map((p) => p[0])), mean(ps.map((p) => p[1]))]
  const g = c(gt)
  const io = interocularDistance(gt)
  let best: readonly Point2[] | null = null
  let bestD = Infinity
  for (const p of preds) {
    const pc = c(p)
    const d = Math.hypot(pc[0] - g[0], pc[1] - g[1])
    if (d < bestD) {
      bestD = d
      best = p
    }
  }
  return bestD <= io ? best : null
}
