/**
 * Landmark evaluation of trackers (main side): resolves the tracker ids ('default', 'mean-shape', tracker runs,
 * '<run>:no-denoise'), refuses a ground-truth folder a trained tracker was trained on, starts the 'landmarks:eval' job
 * and stores each tracker's result as a LandmarkEvalRecord (landmark_evals) unless `save` is false.
 * `source` names what was evaluated (the same for every tracker of one evaluation, so the app's CED view compares
 * them): the ground-truth folders, '+ moving', '+ synthetic:<dir>#<fold>', and ' (degraded inputs)'.
 */
import { randomUUID } from 'node:crypto'
import { resolve } from 'node:path'
import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import { insertLandmarkEval } from '../../db/queries/landmark-evals'
import { getRun } from '../../db/queries/runs'
import type { SuiteSpec } from '../../faces/trackers/eval-suite'
import { resolveTracker, trackerIdOf, trackerLabel } from '../../faces/trackers/registry'
import { assertNotTrainedOn } from '../../faces/trackers/tracker-data'
import type { LandmarkEvalRecord } from '../../faces/trackers/types'
import type { AppContext } from '../app-context'
import type { EvalTrackerSpec, TrackerEvalJobArgs, TrackerEvalJobResult } from './tracker-eval-job'

export interface TrackerEvalRequest {
  readonly trackers: readonly string[]
  readonly suite: SuiteSpec
  readonly degrade?: boolean
  readonly seed?: number
  /** Store the results (default true). */
  readonly save?: boolean
}

export const MEAN_SHAPE_ID = 'mean-shape'

/** One evaluation's source text. */
export function evalSource(s: SuiteSpec, degrade: boolean): string {
  const parts = (s.gt ?? []).map((d) => resolve(d))
  if (s.moving) parts.push('moving')
  if (s.synthetic) parts.push(`synthetic:${resolve(s.synthetic.dataDir)}#${s.synthetic.fold.name}`)
  return parts.join(' + ') + (degrade ? ' (degraded inputs)' : '')
}

/** Tracker ids → specs (with the mean-shape floor), refusing evaluation folders a tracker was trained on. */
export function resolveEvalTrackers(ctx: AppContext, ids: readonly string[], suite: SuiteSpec): EvalTrackerSpec[] {
  if (ids.length === 0) throw new AppError('INVALID_ARGUMENT', 'name at least one tracker (default, mean-shape or a tracker run id)')
  return ids.map((id): EvalTrackerSpec => {
    if (id === MEAN_SHAPE_ID) return { kind: 'mean-shape' }
    const spec = resolveTracker(ctx.db, id)
    if (spec.kind === 'trained') {
      const cfg = JSON.parse(getRun(ctx.db, spec.runId)?.configJson ?? '{}') as { gtSources?: string[]; data?: { gt?: string[] } }
      const sources = cfg.gtSources ?? (cfg.data?.gt ?? []).map((d) => resolve(d))
      for (const d of suite.gt ?? []) assertNotTrainedOn(d, sources)
    }
    return spec
  })
}

const labelOf = (s: EvalTrackerSpec): string => (s.kind === 'mean-shape' ? 'mean shape (floor: synthetic mean face in the box)' : trackerLabel(s))

export function trackerEvalService(ctx: AppContext) {
  function start(req: TrackerEvalRequest, onDone?: (records: LandmarkEvalRecord[], end: JobInfo) => void): JobInfo {
    const specs = resolveEvalTrackers(ctx, req.trackers, req.suite)
    const degrade = req.degrade === true
    const source = evalSource(req.suite, degrade)
    const args: TrackerEvalJobArgs = { trackers: specs, suite: req.suite, degrade, seed: req.seed ?? 1 }
    let records: LandmarkEvalRecord[] = []
    const job = ctx.jobs.start({
      kind: 'landmarks:eval',
      label: `Evaluating landmarks: ${specs.map((s) => (s.kind === 'mean-shape' ? MEAN_SHAPE_ID : trackerIdOf(s))).join(', ')}`,
      args,
      onResult: (raw) => {
        const r = raw as TrackerEvalJobResult
        const createdAt = new Date().toISOString()
        records = r.results.map((x, i) => ({
          id: randomUUID(),
          trackerId: x.trackerId,
          runId: specs[i].kind === 'trained' ? (specs[i] as { runId: string }).runId : null,
          label: labelOf(specs[i]),
          source,
          createdAt,
          sets: x.sets
        }))
        if (req.save !== false) for (const rec of records) insertLandmarkEval(ctx.db, rec)
      }
    })
    void ctx.jobs.wait(job.id).then((end) => onDone?.(records, end))
    return job
  }
  return { start }
}
