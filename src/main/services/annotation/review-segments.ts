/**
 * Per-segment review status of a trace: a set of disjoint frame intervals marked 'accepted' or 'corrected';
 * frames outside every interval are 'unreviewed'. Setting a status on a range trims/splits what it overlaps.
 */
import type { Database } from 'better-sqlite3'
import type { ReviewStatus, SegmentReview } from '../../../shared/annotation'

interface SegRow {
  from_frame: number
  to_frame: number
  status: 'accepted' | 'corrected'
}

function overlapping(db: Database, traceId: string, from: number, to: number): SegRow[] {
  return db
    .prepare('SELECT from_frame, to_frame, status FROM segment_reviews WHERE trace_id = ? AND from_frame <= ? AND to_frame >= ? ORDER BY from_frame')
    .all(traceId, to, from) as SegRow[]
}

/** Reviewed segments overlapping [from, to], clipped to it. */
export function segmentsIn(db: Database, traceId: string, from = 0, to = Number.MAX_SAFE_INTEGER): SegmentReview[] {
  return overlapping(db, traceId, from, to).map((s) => ({
    traceId,
    fromFrame: Math.max(s.from_frame, from),
    toFrame: Math.min(s.to_frame, to),
    status: s.status
  }))
}

/** Sets [from, to] to `status` ('unreviewed' clears). Call inside a transaction. */
export function setSegmentStatus(db: Database, traceId: string, from: number, to: number, status: ReviewStatus): void {
  const ins = db.prepare('INSERT INTO segment_reviews (trace_id, from_frame, to_frame, status, updated_at) VALUES (?, ?, ?, ?, ?)')
  const del = db.prepare('DELETE FROM segment_reviews WHERE trace_id = ? AND from_frame = ?')
  const now = new Date().toISOString()
  for (const s of overlapping(db, traceId, from, to)) {
    del.run(traceId, s.from_frame)
    if (s.from_frame < from) ins.run(traceId, s.from_frame, from - 1, s.status, now)
    if (s.to_frame > to) ins.run(traceId, to + 1, s.to_frame, s.status, now)
  }
  if (status !== 'unreviewed') ins.run(traceId, from, to, status, now)
}

/** Puts back a saved list of segments over [from, to] (what `segmentsIn` returned before a change). */
export function restoreSegments(db: Database, traceId: string, from: number, to: number, saved: readonly SegmentReview[]): void {
  setSegmentStatus(db, traceId, from, to, 'unreviewed')
  for (const s of saved) setSegmentStatus(db, traceId, s.fromFrame, s.toFrame, s.status)
}

/** Frames of the trace inside reviewed segments. */
export function reviewedFrames(db: Database, traceId: string): number {
  const r = db.prepare('SELECT coalesce(sum(to_frame - from_frame + 1), 0) AS n FROM segment_reviews WHERE trace_id = ?').get(traceId) as { n: number }
  return r.n
}
