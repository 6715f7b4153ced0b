/**
 * 'landmarks:eval' job body (worker thread): builds the evaluation suite once (ground-truth stills, moving faces,
 * held-out synthetic clips: faces/trackers/eval-suite.ts), then runs each tracker over it (tracker-eval.ts) and
 * returns one set list per tracker; main stores them (tracker-eval-service.ts). Progress: scored items over all
 * trackers; cancel stops between items.
 */
import { AppError } from '../../../shared/ipc/errors'
import { faceJobBackend } from '../../engine/train/use-backend'
import { createMeanShapeTracker, syntheticMeanShape } from '../../faces/trackers/default-tracker'
import { buildEvalSuite, type SuiteSpec } from '../../faces/trackers/eval-suite'
import { openTracker, type TrackerSpec } from '../../faces/trackers/registry'
import { evaluateTracker, suiteSize } from '../../faces/trackers/tracker-eval'
import type { LandmarkEvalSet, SequenceTracker } from '../../faces/trackers/types'
import type { JobHandler } from '../../jobs/protocol'

/** A tracker to evaluate: a registry spec or the mean-shape floor. */
export type EvalTrackerSpec = TrackerSpec | { kind: 'mean-shape' }

export interface TrackerEvalJobArgs {
  readonly trackers: readonly EvalTrackerSpec[]
  readonly suite: SuiteSpec
  readonly degrade: boolean
  readonly seed: number
}

export interface TrackerEvalJobResult {
  /** Per tracker (in order): its SequenceTracker id and sets. */
  readonly results: Array<{ trackerId: string; sets: LandmarkEvalSet[]; wallS: number }>
  readonly backend: string
}

export async function openEvalTracker(spec: EvalTrackerSpec): Promise<SequenceTracker> {
  return spec.kind === 'mean-shape' ? createMeanShapeTracker(syntheticMeanShape()) : openTracker(spec)
}

function isArgs(a: unknown): a is TrackerEvalJobArgs {
  const o = a as Record<string, unknown> | null
  return !!o && Array.isArray(o.trackers) && typeof o.suite === 'object' && !!o.suite
}

export const trackerEvalJob: JobHandler = async (raw, ctx) => {
  if (!isArgs(raw)) throw new AppError('INVALID_ARGUMENT', 'malformed landmark evaluation job arguments')
  const a = raw
  const backend = await faceJobBackend()
  ctx.progress(0, 1, 'loading')
  const suite = await buildEvalSuite(a.suite, ctx.signal)
  const per = suiteSize(suite)
  const total = per * a.trackers.length
  let done = 0
  const results: TrackerEvalJobResult['results'] = []
  for (const spec of a.trackers) {
    const tracker = await openEvalTracker(spec)
    const t0 = Date.now()
    try {
      const sets = await evaluateTracker(tracker, suite, {
        degrade: a.degrade,
        seed: a.seed,
        signal: ctx.signal,
        onItem: () => ctx.progress(++done, total, 'evaluating')
      })
      results.push({ trackerId: tracker.id, sets, wallS: (Date.now() - t0) / 1000 })
    } catch (e) {
      if (ctx.signal.aborted) throw new AppError('CANCELLED', 'landmark evaluation cancelled')
      throw e
    } finally {
      tracker.dispose()
    }
  }
  return { results, backend } satisfies TrackerEvalJobResult
}
