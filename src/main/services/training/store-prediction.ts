import type { Database } from 'better-sqlite3'
import { insertTraceExtra } from '../../db/queries/runs'
import { insertTrace } from '../../db/queries/traces'

export interface PredictionExtra {
  readonly kind: string
  readonly dims: number
  readonly data: Float32Array
}

/**
 * A model's native-scale predictions (labels' range ±labelRange, e.g. AFEW-VA's ±10) on the trace scale [−1, 1],
 * which every stored trace uses (the writer also records meta.scale 'unit' and meta.labelRange).
 */
export function onTraceScale(p: { readonly valence: Float32Array; readonly arousal: Float32Array }, labelRange: number): { valence: Float32Array; arousal: Float32Array } {
  return { valence: p.valence.map((v) => v / labelRange), arousal: p.arousal.map((v) => v / labelRange) }
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
