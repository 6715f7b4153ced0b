import type { Database } from 'better-sqlite3'
import { insertTraceExtra } from '../../db/queries/runs'
import { insertTrace } from '../../db/queries/traces'

export interface PredictionExtra {
  readonly kind: string
  readonly dims: number
  readonly data: Float32Array
}

/** A model run's prediction trace and its per-frame extras, stored in one transaction; returns the trace id. */
export function storePrediction(
  db: Database,
  t: { sessionId: string; runId: string | null; name: string; meta: Record<string, unknown> },
  points: { valence: ArrayLike<number>; arousal: ArrayLike<number> },
  extras: readonly PredictionExtra[]
): string {
  return db.transaction(() => {
    const id = insertTrace(db, { sessionId: t.sessionId, kind: 'prediction', sourceType: 'model_run', sourceId: t.runId, name: t.name, meta: t.meta }, points)
    for (const e of extras) insertTraceExtra(db, id, e.kind, e.dims, e.data)
    return id
  })()
}
