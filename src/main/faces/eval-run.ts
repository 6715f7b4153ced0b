/**
 * Runs the still-image landmarker over a ground-truth folder and evaluates it (used by the
 * `eval-landmarks` CLI command and by the accuracy test).
 */
import { readImageRgb } from '../media/frame-reader'
import type { Point2 } from '../datasets/landmarks'
import { loadGroundTruth } from './ground-truth'
import type { HumanFaceDetector } from './human-detector'
import { detectMeshes, meshToLandmarks, type MappingChoice } from './face-landmarker'
import { evaluateLandmarks, matchPrediction, type EvalItem, type EvalReport, DEFAULT_THRESHOLD } from './landmark-eval'

export interface EvalRunOptions {
  readonly mappings?: readonly MappingChoice[]
  readonly noRefine?: boolean
  readonly threshold?: number
  readonly signal?: AbortSignal
  readonly onImage?: (imagePath: string, ms: number) => void
}

export interface EvalRun {
  readonly reports: Record<MappingChoice, EvalReport | undefined>
  /** Landmarking time per image (detection + refinement + mapping), ms. */
  readonly imageMs: number[]
}

export async function runLandmarkEval(det: HumanFaceDetector, gtDir: string, opts: EvalRunOptions = {}): Promise<EvalRun> {
  const mappings = opts.mappings ?? ['fitted']
  const gt = loadGroundTruth(gtDir)
  const byImage = new Map<string, typeof gt>()
  for (const g of gt) byImage.set(g.imagePath, [...(byImage.get(g.imagePath) ?? []), g])
  const items: Record<string, EvalItem[]> = {}
  for (const m of mappings) items[m] = []
  const imageMs: number[] = []
  for (const [imagePath, faces] of byImage) {
    if (opts.signal?.aborted) break
    const img = await readImageRgb(imagePath, { signal: opts.signal })
    const t0 = performance.now()
    const meshes = await detectMeshes(det, img, { noRefine: opts.noRefine })
    const preds: Record<string, Point2[][]> = {}
    for (const m of mappings) preds[m] = meshes.map((f) => meshToLandmarks(f.mesh, m))
    const ms = performance.now() - t0
    imageMs.push(ms)
    opts.onImage?.(imagePath, ms)
    for (const f of faces) {
      // Faces are paired by the plain map's centroid so both mappings are scored on the same detection.
      const plain = meshes.map((x) => meshToLandmarks(x.mesh, 'plain'))
      const match = matchPrediction(f.points, plain)
      const idx = match === null ? -1 : plain.indexOf(match as Point2[])
      for (const m of mappings) items[m].push({ id: f.id, group: f.group, gt: f.points, pred: idx < 0 ? null : preds[m][idx] })
    }
  }
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD
  return {
    reports: {
      fitted: items.fitted ? evaluateLandmarks(items.fitted, threshold) : undefined,
      plain: items.plain ? evaluateLandmarks(items.plain, threshold) : undefined
    },
    imageMs
  }
}

const pct = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '   -  ' : (100 * v).toFixed(2).padStart(6))

/** Plain-text table: per image and per group/mean, both normalisations, 68 and 51 points. */
export function formatEvalTable(report: EvalReport, title: string): string {
  const lines = [`${title}`, `${'item'.padEnd(34)} ${'IO-68'.padStart(6)} ${'IO-51'.padStart(6)} ${'BOX-68'.padStart(6)} ${'BOX-51'.padStart(6)}`]
  for (const it of report.items) {
    const n = it.nme
    lines.push(`${it.id.slice(-34).padEnd(34)} ${n ? [n.interocular.all68, n.interocular.inner51, n.box.all68, n.box.inner51].map(pct).join(' ') : '  MISS (detector found no matching face)'}`)
  }
  const sum = (name: string, s: EvalReport['summary']): string => {
    const m = s.mean
    const row = m ? [m.interocular.all68, m.interocular.inner51, m.box.all68, m.box.inner51].map(pct).join(' ') : '   (no detections)'
    return `${('mean ' + name).slice(0, 34).padEnd(34)} ${row}  | AUC@${s.threshold} IO ${s.auc.interocular.toFixed(3)} BOX ${s.auc.box.toFixed(3)} | FR IO ${pct(s.failureRate.interocular)}% BOX ${pct(s.failureRate.box)}% | misses ${s.count - s.detected}/${s.count}`
  }
  for (const [g, s] of Object.entries(report.groups)) lines.push(sum(g, s))
  lines.push(sum('ALL', report.summary))
  return lines.join('\n') + '\n'
}
