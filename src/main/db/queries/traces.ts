import type { Database } from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import type { TraceData, TraceKind, TraceSourceType, TraceSummary } from '../../../shared/domain'

interface TraceRow {
  id: string
  session_id: string
  kind: TraceKind
  source_type: TraceSourceType
  source_id: string | null
  name: string
  created_at: string
  n: number
  first_frame: number | null
  last_frame: number | null
}

function toSummary(r: TraceRow): TraceSummary {
  return {
    id: r.id,
    sessionId: r.session_id,
    kind: r.kind,
    sourceType: r.source_type,
    sourceId: r.source_id,
    name: r.name,
    createdAt: r.created_at,
    frameCount: r.n,
    firstFrame: r.first_frame,
    lastFrame: r.last_frame
  }
}

const SELECT_TRACE = `
  SELECT t.id, t.session_id, t.kind, t.source_type, t.source_id, t.name, t.created_at,
         (SELECT count(*) FROM trace_points p WHERE p.trace_id = t.id) AS n,
         (SELECT min(frame) FROM trace_points p WHERE p.trace_id = t.id) AS first_frame,
         (SELECT max(frame) FROM trace_points p WHERE p.trace_id = t.id) AS last_frame
  FROM traces t`

export function listTraces(db: Database, sessionId: string): TraceSummary[] {
  return (db.prepare(`${SELECT_TRACE} WHERE t.session_id = ? ORDER BY t.created_at, t.id`).all(sessionId) as TraceRow[]).map(
    toSummary
  )
}

export function getTraceSummary(db: Database, traceId: string): TraceSummary | null {
  const row = db.prepare(`${SELECT_TRACE} WHERE t.id = ?`).get(traceId) as TraceRow | undefined
  return row ? toSummary(row) : null
}

export interface NewTrace {
  readonly sessionId: string
  readonly kind: TraceKind
  readonly sourceType: TraceSourceType
  readonly sourceId?: string | null
  readonly name: string
  readonly meta?: Record<string, unknown>
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null
}

/**
 * Inserts a trace with one point per frame (frames 0..n-1 unless `frames` is given).
 * NaN/Infinity are stored as NULL = missing. Call inside a transaction for atomicity with other writes.
 */
export function insertTrace(
  db: Database,
  t: NewTrace,
  points: { valence: ArrayLike<number>; arousal: ArrayLike<number>; frames?: ArrayLike<number> }
): string {
  if (points.valence.length !== points.arousal.length) {
    throw new Error(`valence has ${points.valence.length} points but arousal has ${points.arousal.length}`)
  }
  const id = randomUUID()
  db.prepare(
    'INSERT INTO traces (id, session_id, kind, source_type, source_id, name, created_at, meta_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
  ).run(id, t.sessionId, t.kind, t.sourceType, t.sourceId ?? null, t.name, new Date().toISOString(), JSON.stringify(t.meta ?? {}))
  const ins = db.prepare('INSERT INTO trace_points (trace_id, frame, valence, arousal) VALUES (?, ?, ?, ?)')
  for (let i = 0; i < points.valence.length; i++) {
    const frame = points.frames ? points.frames[i] : i
    ins.run(id, frame, finiteOrNull(points.valence[i]), finiteOrNull(points.arousal[i]))
  }
  return id
}

export function getTracePoints(db: Database, traceId: string, fromFrame = 0, toFrame = Number.MAX_SAFE_INTEGER): TraceData {
  const rows = db
    .prepare('SELECT frame, valence, arousal FROM trace_points WHERE trace_id = ? AND frame BETWEEN ? AND ? ORDER BY frame')
    .raw()
    .all(traceId, fromFrame, toFrame) as [number, number | null, number | null][]
  const frames = new Array<number>(rows.length)
  const valence = new Array<number | null>(rows.length)
  const arousal = new Array<number | null>(rows.length)
  rows.forEach((r, i) => {
    frames[i] = r[0]
    valence[i] = r[1]
    arousal[i] = r[2]
  })
  return { traceId, frames, valence, arousal }
}
