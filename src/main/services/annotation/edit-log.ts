/**
 * The per-trace edit log: every change of an annotation or gold trace is one row with the values of its frame range
 * before and after (float32 pairs, see ./va-blob.ts), so undo/redo works across restarts and every point's
 * provenance can be resolved. A new edit drops the undone tail (linear history, like an editor).
 */
import type { Database } from 'better-sqlite3'
import type { EditAuthorType, EditKind, EditResult, PointProvenance, ReviewStatus, SegmentReview, TraceEdit } from '../../../shared/annotation'
import { AppError } from '../../../shared/ipc/errors'
import { restoreSegments, segmentsIn, setSegmentStatus } from './review-segments'
import { fromBlob, pairDiffers, readRange, toBlob, writeRange } from './va-blob'

export interface EditAuthor {
  readonly type: EditAuthorType
  readonly id: string | null
}

export interface NewEdit {
  readonly traceId: string
  readonly kind: EditKind
  readonly fromFrame: number
  readonly toFrame: number
  /** Interleaved float32 [valence, arousal] for every frame of the range. */
  readonly after: Float32Array
  /** Values already read for the range (saves a read when the caller has them). */
  readonly before?: Float32Array
  readonly params?: Record<string, unknown>
  readonly author: EditAuthor
  readonly passId?: string | null
  /** Review status the range gets with this edit (undone with it). */
  readonly status?: ReviewStatus
}

interface EditRow {
  id: number
  trace_id: string
  seq: number
  kind: EditKind
  from_frame: number
  to_frame: number
  params_json: string
  author_type: EditAuthorType
  author_id: string | null
  pass_id: string | null
  created_at: string
  undone: number
}

const EDIT_COLUMNS = 'id, trace_id, seq, kind, from_frame, to_frame, params_json, author_type, author_id, pass_id, created_at, undone'

function toEdit(r: EditRow): TraceEdit {
  const params = JSON.parse(r.params_json) as Record<string, unknown>
  delete params.statusBefore
  return {
    id: r.id,
    traceId: r.trace_id,
    seq: r.seq,
    kind: r.kind,
    fromFrame: r.from_frame,
    toFrame: r.to_frame,
    params,
    authorType: r.author_type,
    authorId: r.author_id,
    passId: r.pass_id,
    createdAt: r.created_at,
    undone: r.undone === 1
  }
}

/** Appends an edit: writes `after` onto the trace and logs before/after. Call inside a (short) transaction. */
export function recordEdit(db: Database, e: NewEdit): TraceEdit {
  const n = e.toFrame - e.fromFrame + 1
  if (!(n >= 1) || e.after.length !== 2 * n) throw new AppError('INVALID_ARGUMENT', `edit range ${e.fromFrame}..${e.toFrame} does not match ${e.after.length / 2} values`)
  const before = e.before ?? readRange(db, e.traceId, e.fromFrame, e.toFrame)
  db.prepare('DELETE FROM trace_edits WHERE trace_id = ? AND undone = 1').run(e.traceId)
  const seq = ((db.prepare('SELECT max(seq) AS s FROM trace_edits WHERE trace_id = ?').get(e.traceId) as { s: number | null }).s ?? 0) + 1
  const params: Record<string, unknown> = { ...(e.params ?? {}) }
  if (e.status !== undefined) {
    params.status = e.status
    params.statusBefore = segmentsIn(db, e.traceId, e.fromFrame, e.toFrame)
    setSegmentStatus(db, e.traceId, e.fromFrame, e.toFrame, e.status)
  }
  writeRange(db, e.traceId, e.fromFrame, e.after, before)
  const info = db
    .prepare(
      `INSERT INTO trace_edits (trace_id, seq, kind, from_frame, to_frame, params_json, before, after, author_type, author_id, pass_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    .run(e.traceId, seq, e.kind, e.fromFrame, e.toFrame, JSON.stringify(params), toBlob(before), toBlob(e.after), e.author.type, e.author.id, e.passId ?? null, new Date().toISOString())
  return getEdit(db, Number(info.lastInsertRowid)) as TraceEdit
}

export function getEdit(db: Database, id: number): TraceEdit | null {
  const r = db.prepare(`SELECT ${EDIT_COLUMNS} FROM trace_edits WHERE id = ?`).get(id) as EditRow | undefined
  return r ? toEdit(r) : null
}

export function listEdits(db: Database, traceId: string, limit = 200): TraceEdit[] {
  const rows = db.prepare(`SELECT ${EDIT_COLUMNS} FROM trace_edits WHERE trace_id = ? ORDER BY seq DESC LIMIT ?`).all(traceId, limit) as EditRow[]
  return rows.map(toEdit)
}

function availability(db: Database, traceId: string): { canUndo: boolean; canRedo: boolean } {
  const r = db
    .prepare('SELECT sum(undone = 0) AS live, sum(undone = 1) AS undone FROM trace_edits WHERE trace_id = ?')
    .get(traceId) as { live: number | null; undone: number | null }
  return { canUndo: (r.live ?? 0) > 0, canRedo: (r.undone ?? 0) > 0 }
}

function blobsOf(db: Database, id: number): { before: Buffer; after: Buffer; params: Record<string, unknown> } {
  const r = db.prepare('SELECT before, after, params_json FROM trace_edits WHERE id = ?').get(id) as { before: Buffer; after: Buffer; params_json: string }
  return { before: r.before, after: r.after, params: JSON.parse(r.params_json) as Record<string, unknown> }
}

/** Undoes the last live edit of a trace (writes its `before` back). Call inside a transaction. */
export function undoLast(db: Database, traceId: string): EditResult {
  const r = db.prepare(`SELECT ${EDIT_COLUMNS} FROM trace_edits WHERE trace_id = ? AND undone = 0 ORDER BY seq DESC LIMIT 1`).get(traceId) as EditRow | undefined
  if (!r) return { traceId, edit: null, ...availability(db, traceId) }
  const { before, after, params } = blobsOf(db, r.id)
  writeRange(db, traceId, r.from_frame, fromBlob(before), fromBlob(after))
  if (params.status !== undefined) restoreSegments(db, traceId, r.from_frame, r.to_frame, (params.statusBefore ?? []) as SegmentReview[])
  db.prepare('UPDATE trace_edits SET undone = 1 WHERE id = ?').run(r.id)
  return { traceId, edit: getEdit(db, r.id), ...availability(db, traceId) }
}

/** Redoes the first undone edit of a trace (writes its `after` again). Call inside a transaction. */
export function redoNext(db: Database, traceId: string): EditResult {
  const r = db.prepare(`SELECT ${EDIT_COLUMNS} FROM trace_edits WHERE trace_id = ? AND undone = 1 ORDER BY seq ASC LIMIT 1`).get(traceId) as EditRow | undefined
  if (!r) return { traceId, edit: null, ...availability(db, traceId) }
  const { before, after, params } = blobsOf(db, r.id)
  writeRange(db, traceId, r.from_frame, fromBlob(after), fromBlob(before))
  if (params.status !== undefined) setSegmentStatus(db, traceId, r.from_frame, r.to_frame, params.status as ReviewStatus)
  db.prepare('UPDATE trace_edits SET undone = 0 WHERE id = ?').run(r.id)
  return { traceId, edit: getEdit(db, r.id), ...availability(db, traceId) }
}

export function editAvailability(db: Database, traceId: string): { canUndo: boolean; canRedo: boolean } {
  return availability(db, traceId)
}

/**
 * Which live edit last changed each frame of [from, to]: the live edit with the highest seq whose range covers the
 * frame and whose before/after differ there. Resolved from the logged ranges (no per-point column to keep in sync).
 */
export function resolveProvenance(db: Database, traceId: string, from: number, to: number): PointProvenance {
  const ids: (number | null)[] = new Array(to - from + 1).fill(null)
  let open = ids.length
  const rows = db
    .prepare(
      `SELECT id, from_frame, before, after FROM trace_edits
       WHERE trace_id = ? AND undone = 0 AND from_frame <= ? AND to_frame >= ? ORDER BY seq DESC`
    )
    .iterate(traceId, to, from) as IterableIterator<{ id: number; from_frame: number; before: Buffer; after: Buffer }>
  for (const r of rows) {
    const before = fromBlob(r.before)
    const after = fromBlob(r.after)
    const n = after.length / 2
    for (let i = 0; i < n; i++) {
      const f = r.from_frame + i
      if (f < from || f > to || ids[f - from] !== null) continue
      if (pairDiffers(before, after, i)) {
        ids[f - from] = r.id
        open--
      }
    }
    if (open === 0) break
  }
  return { traceId, fromFrame: from, editIds: ids }
}
