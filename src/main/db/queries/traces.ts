import type { Database } from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import type { TraceData, TraceKind, TraceOverview, TraceSourceType, TraceSummary } from '../../../shared/domain'

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

/** Whether a trace exists (an O(log n) key lookup, unlike the summary's point count). */
export function traceExists(db: Database, traceId: string): boolean {
  return db.prepare('SELECT 1 FROM traces WHERE id = ?').get(traceId) !== undefined
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

type OverviewRow = [number, number, number | null, number | null, number | null, number | null, number | null, number | null, number]

/**
 * Min/max/mean envelope of a trace in at most `buckets` buckets of equal frame width (from frame 0 to its last
 * frame), computed by SQLite in one aggregate query over the (trace_id, frame) key: no per-frame row reaches JS.
 */
export function getTraceOverview(db: Database, traceId: string, buckets: number): TraceOverview {
  const last = (db.prepare('SELECT max(frame) AS m FROM trace_points WHERE trace_id = ?').get(traceId) as { m: number | null }).m
  const bucketSize = last === null ? 1 : Math.max(1, Math.ceil((last + 1) / Math.max(1, Math.floor(buckets))))
  const rows = db
    .prepare(
      `SELECT min(frame), max(frame), min(valence), max(valence), avg(valence), min(arousal), max(arousal), avg(arousal), frame / CAST(:size AS INTEGER) AS b
       FROM trace_points WHERE trace_id = :traceId GROUP BY b ORDER BY b`
    )
    .raw()
    .all({ traceId, size: bucketSize }) as OverviewRow[]
  const n = rows.length
  const col = <T>(k: number) => {
    const out = new Array<T>(n)
    for (let i = 0; i < n; i++) out[i] = rows[i][k] as T
    return out
  }
  return {
    traceId,
    bucketSize,
    from: col<number>(0),
    to: col<number>(1),
    valenceMin: col<number | null>(2),
    valenceMax: col<number | null>(3),
    valenceMean: col<number | null>(4),
    arousalMin: col<number | null>(5),
    arousalMax: col<number | null>(6),
    arousalMean: col<number | null>(7)
  }
}
