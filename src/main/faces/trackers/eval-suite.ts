/**
 * Builds the evaluation suite of `circumplex eval-landmarks --tracker …` / the eval job from its sources:
 * ground-truth folders (stills, set '<folder name>-stills'), moving faces made from those stills (sets
 * 'moving' per category 1-3, moving-faces.ts) and held-out synthetic clips (the fold's test subjects, split into
 * the manifest's clean and degraded frames).
 */
import { basename, resolve } from 'node:path'
import type { SplitFold } from '../../../core/folds'
import type { Point2 } from '../../datasets/landmarks'
import { probeFrameSize, readImageRgb } from '../../media/frame-reader'
import { AppError } from '../../../shared/ipc/errors'
import { loadGroundTruth } from '../ground-truth'
import { movingFaceSequence, type MovingCategory } from './moving-faces'
import { loadSynthSubjects } from './tracker-data'
import type { EvalSequence, EvalStill, EvalSuite } from './tracker-eval'

export interface SuiteSpec {
  /** Ground-truth folders (stills). */
  readonly gt?: readonly string[]
  /** Moving faces from the ground-truth stills, categories 1-3. */
  readonly moving?: boolean
  readonly movingFrames?: number
  /** Held-out synthetic clips: a synth dataset folder and the fold whose TEST subjects are evaluated. */
  readonly synthetic?: { readonly dataDir: string; readonly fold: SplitFold; readonly maxFrames?: number }
  readonly seed?: number
}

/** The stills of a ground-truth folder (images larger than maxSide are downscaled, points with them). */
export async function loadEvalStills(dir: string, maxSide = 1024, signal?: AbortSignal): Promise<EvalStill[]> {
  const faces = loadGroundTruth(dir)
  if (faces.length === 0) throw new AppError('NOT_FOUND', `${dir}: no 68-point ground truth found`)
  const out: EvalStill[] = []
  for (const f of faces) {
    const full = await probeFrameSize(f.imagePath)
    const img = await readImageRgb(f.imagePath, { maxSide, signal })
    const kx = img.width / full.width
    const ky = img.height / full.height
    out.push({ id: f.id, image: { data: img.data, width: img.width, height: img.height }, points: f.points.map(([x, y]): Point2 => [(x + 0.5) * kx - 0.5, (y + 0.5) * ky - 0.5]) })
  }
  return out
}

/** The suite a spec describes (everything decoded into memory: keep the sources small). */
export async function buildEvalSuite(spec: SuiteSpec, signal?: AbortSignal): Promise<EvalSuite> {
  const stills: Array<{ name: string; items: EvalStill[] }> = []
  const sequences: Array<{ name: string; category: string | null; items: EvalSequence[]; splitDegraded?: boolean }> = []
  const allStills: EvalStill[] = []
  for (const d of spec.gt ?? []) {
    const items = await loadEvalStills(resolve(d), 1024, signal)
    stills.push({ name: `${basename(resolve(d))}-stills`, items })
    allStills.push(...items)
  }
  if (spec.moving) {
    if (allStills.length === 0) throw new AppError('INVALID_ARGUMENT', '--moving builds moving faces from the ground-truth stills: give --gt <dir> too')
    for (const category of [1, 2, 3] as MovingCategory[]) {
      const items = allStills.map((s, i): EvalSequence => {
        const m = movingFaceSequence(s.image, s.points, { category, seed: (spec.seed ?? 1) * 1000 + i, frames: spec.movingFrames ?? 50 })
        return { id: `${s.id}@moving-${category}`, frames: m.frames, landmarks: m.landmarks }
      })
      sequences.push({ name: 'moving', category: String(category), items })
    }
  }
  if (spec.synthetic) {
    const { dataDir, fold } = spec.synthetic
    if (fold.test.length === 0) throw new AppError('INVALID_ARGUMENT', `fold ${fold.name} has no test subjects to evaluate on`)
    const items = await loadSynthSubjects(dataDir, fold.test, { maxSide: 256, maxFrames: spec.synthetic.maxFrames ?? 100, signal })
    sequences.push({ name: 'synthetic', category: null, items, splitDegraded: true })
  }
  if (stills.length === 0 && sequences.length === 0) throw new AppError('INVALID_ARGUMENT', 'nothing to evaluate: give --gt <dir>, --moving (with --gt) or --synthetic <dir>')
  return { stills, sequences }
}
