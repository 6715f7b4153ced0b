import type { Database } from 'better-sqlite3'
import type { InvokeArgs, InvokeResult } from '../../shared/ipc/contract'
import type { LandmarksInvokeMap } from '../../shared/ipc/contract-landmarks'
import type { LandmarkEvalSetView, LandmarkEvalView, TrackerOption } from '../../shared/landmarks'
import { listLandmarkEvals } from '../db/queries/landmark-evals'
import { listTrackers, resolveTracker, type TrackerSpec } from '../faces/trackers/registry'
import type { LandmarkEvalRecord, LandmarkEvalSet } from '../faces/trackers/types'
import type { AppContext } from '../services/app-context'

/** NaN and ±Infinity do not survive JSON: they cross IPC as null. */
const num = (v: number): number | null => (Number.isFinite(v) ? v : null)

function setView(s: LandmarkEvalSet): LandmarkEvalSetView {
  const m = s.summary
  return {
    name: s.name,
    category: s.category,
    degraded: s.degraded,
    count: s.count,
    nmeBox: s.nmeBox.map(num),
    nmeIo: s.nmeIo.map(num),
    summary: {
      meanBox: num(m.meanBox),
      meanIo: num(m.meanIo),
      aucBox: num(m.aucBox),
      aucIo: num(m.aucIo),
      failureBox: num(m.failureBox),
      failureIo: num(m.failureIo),
      threshold: m.threshold
    }
  }
}

/** Main's stored record as the renderer's plain data. */
export function evalView(r: LandmarkEvalRecord): LandmarkEvalView {
  return { id: r.id, trackerId: r.trackerId, runId: r.runId, label: r.label, source: r.source, createdAt: r.createdAt, sets: r.sets.map(setView) }
}

/** A registry entry as an import option. */
export function trackerOption(s: TrackerSpec): TrackerOption {
  return s.kind === 'default'
    ? { id: 'default', kind: 'default', label: 'Default (Human FaceMesh + ROI tracking)', runId: null, denoise: false }
    : { id: s.id, kind: 'trained', label: s.label, runId: s.runId, denoise: s.denoise }
}

export interface LandmarksHandlerDeps {
  readonly listTrackers: (db: Database) => TrackerSpec[]
  readonly resolveTracker: (db: Database, id: string) => TrackerSpec
}

/** DCRT runs are offered twice: with their denoiser and without it (the ablation, '<id>:no-denoise'). */
function withAblations(db: Database, deps: LandmarksHandlerDeps, specs: readonly TrackerSpec[]): TrackerSpec[] {
  return specs.flatMap((s) => (s.kind === 'trained' && s.denoise && s.id.startsWith('dcrt:') ? [s, deps.resolveTracker(db, `${s.id}:no-denoise`)] : [s]))
}

/** Binds the landmark channels (spread into createHandlers). */
export function createLandmarksHandlers(
  ctx: AppContext,
  deps: LandmarksHandlerDeps = { listTrackers, resolveTracker }
): { readonly [K in keyof LandmarksInvokeMap]: (args: InvokeArgs<K>) => InvokeResult<K> | Promise<InvokeResult<K>> } {
  return {
    'landmarks:evals': ({ source }) => {
      const all = listLandmarkEvals(ctx.db)
      const sources = [...new Set(all.map((r) => r.source))]
      const evals = source === undefined ? all : all.filter((r) => r.source === source)
      return { sources, evals: evals.map(evalView) }
    },
    'landmarks:trackers': () => withAblations(ctx.db, deps, deps.listTrackers(ctx.db)).map(trackerOption)
  }
}
