/**
 * The annotator's own trace and their rating passes: created on first use (rating or correcting), listed with the
 * frames each pass wrote, and replayed exactly as rated — from the pass's logged batches, so a later pass that
 * overwrote the same frames does not change what a replay shows.
 */
import type { Database } from 'better-sqlite3'
import type { OwnTrace, PassSummary, RatingPass } from '../../../shared/annotation'
import type { TraceData } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import * as q from '../../db/queries/annotation'
import { getSession } from '../../db/queries/sessions'
import { getTraceSummary, insertTrace } from '../../db/queries/traces'
import { fromBlob } from './va-blob'

/** The annotator's annotation trace on the session, created (empty) when missing. Call inside a transaction. */
export function ensureOwnTrace(db: Database, sessionId: string, annotatorId: string): string {
  if (!getSession(db, sessionId)) throw new AppError('NOT_FOUND', `no session ${sessionId}`)
  const annotator = q.getAnnotator(db, annotatorId)
  if (!annotator) throw new AppError('NOT_FOUND', `no annotator ${annotatorId}`)
  const existing = q.findAnnotatorTrace(db, sessionId, annotatorId)
  if (existing !== null) return existing
  return insertTrace(db, { sessionId, kind: 'annotation', sourceType: 'annotator', sourceId: annotatorId, name: annotator.name }, { valence: [], arousal: [] })
}

interface PassRangeRow {
  id: string
  from_frame: number | null
  to_frame: number | null
  batches: number
  last_to: number | null
}

/** Passes of an annotator on a session, newest first, with the frame span each wrote. */
export function listPasses(db: Database, sessionId: string, annotatorId: string): PassSummary[] {
  const rows = db
    .prepare(
      `SELECT p.id AS id, min(e.from_frame) AS from_frame, max(e.to_frame) AS to_frame, count(e.id) AS batches,
              (SELECT e2.to_frame FROM trace_edits e2 WHERE e2.pass_id = p.id AND e2.undone = 0 ORDER BY e2.id DESC LIMIT 1) AS last_to
         FROM rating_passes p LEFT JOIN trace_edits e ON e.pass_id = p.id AND e.undone = 0
        WHERE p.session_id = ? AND p.annotator_id = ?
        GROUP BY p.id ORDER BY p.started_at DESC, p.rowid DESC`
    )
    .all(sessionId, annotatorId) as PassRangeRow[]
  return rows.map((r) => ({ ...(q.getPass(db, r.id) as RatingPass), fromFrame: r.from_frame, toFrame: r.to_frame, batches: r.batches }))
}

function lastWrittenFrame(db: Database, passId: string): number | null {
  const r = db.prepare('SELECT to_frame FROM trace_edits WHERE pass_id = ? AND undone = 0 ORDER BY id DESC LIMIT 1').get(passId) as { to_frame: number } | undefined
  return r?.to_frame ?? null
}

/** The own trace (created when missing), the passes, and the resume frame (after the newest pass's last batch). */
export function ownTrace(db: Database, sessionId: string, annotatorId: string): OwnTrace {
  const traceId = db.transaction(() => ensureOwnTrace(db, sessionId, annotatorId)).immediate()
  const passes = listPasses(db, sessionId, annotatorId)
  const newest = passes.find((p) => p.batches > 0)
  const last = newest ? lastWrittenFrame(db, newest.id) : null
  const frameCount = getSession(db, sessionId)?.video?.frameCount ?? null
  const resumeFrame = last === null ? null : frameCount === null ? last + 1 : Math.min(last + 1, frameCount - 1)
  return { trace: getTraceSummary(db, traceId)!, passes, resumeFrame }
}

/**
 * What a pass wrote, frame by frame, replayed from its own batches in order (the newest write of a frame within
 * the pass wins). Only the dimensions the pass rated are returned; the others are null.
 */
export function passValues(db: Database, passId: string): TraceData {
  const pass = q.getPass(db, passId)
  if (!pass) throw new AppError('NOT_FOUND', `no rating pass ${passId}`)
  const rows = db.prepare('SELECT from_frame, "after" FROM trace_edits WHERE pass_id = ? AND undone = 0 ORDER BY id').raw().all(passId) as [number, Buffer][]
  const byFrame = new Map<number, [number, number]>()
  for (const [from, blob] of rows) {
    const vals = fromBlob(blob)
    for (let i = 0; i < vals.length / 2; i++) byFrame.set(from + i, [vals[2 * i], vals[2 * i + 1]])
  }
  const frames = [...byFrame.keys()].sort((a, b) => a - b)
  const keepV = pass.mode !== '1d-arousal'
  const keepA = pass.mode !== '1d-valence'
  const val = (x: number, keep: boolean) => (keep && Number.isFinite(x) ? x : null)
  return {
    traceId: pass.traceId,
    frames,
    valence: frames.map((f) => val(byFrame.get(f)![0], keepV)),
    arousal: frames.map((f) => val(byFrame.get(f)![1], keepA))
  }
}
