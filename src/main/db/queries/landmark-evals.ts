import type { Database } from 'better-sqlite3'
import type { LandmarkEvalRecord, LandmarkEvalSet } from '../../faces/trackers/types'

interface Row {
  id: string
  tracker_id: string
  run_id: string | null
  label: string
  source: string
  sets_json: string
  created_at: string
}

function fromRow(r: Row): LandmarkEvalRecord {
  return { id: r.id, trackerId: r.tracker_id, runId: r.run_id, label: r.label, source: r.source, createdAt: r.created_at, sets: JSON.parse(r.sets_json) as LandmarkEvalSet[] }
}

/** Stores one evaluation (NaN errors are kept as null in JSON and read back as NaN). */
export function insertLandmarkEval(db: Database, rec: LandmarkEvalRecord): void {
  const sets = JSON.stringify(rec.sets, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))
  db.prepare('INSERT INTO landmark_evals (id, tracker_id, run_id, label, source, sets_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    rec.id,
    rec.trackerId,
    rec.runId,
    rec.label,
    rec.source,
    sets,
    rec.createdAt
  )
}

function restoreNaN(rec: LandmarkEvalRecord): LandmarkEvalRecord {
  const fix = (a: ReadonlyArray<number | null>): number[] => a.map((v) => (v === null ? Number.NaN : v))
  const n = (v: number | null): number => (v === null ? Number.NaN : v)
  const summary = (m: LandmarkEvalSet['summary']): LandmarkEvalSet['summary'] => ({
    ...m,
    meanBox: n(m.meanBox),
    meanIo: n(m.meanIo),
    aucBox: n(m.aucBox),
    aucIo: n(m.aucIo),
    failureBox: n(m.failureBox),
    failureIo: n(m.failureIo)
  })
  return { ...rec, sets: rec.sets.map((s) => ({ ...s, nmeBox: fix(s.nmeBox), nmeIo: fix(s.nmeIo), summary: summary(s.summary) })) }
}

/** Every stored evaluation, newest first (optionally of one ground-truth source). */
export function listLandmarkEvals(db: Database, opts: { source?: string } = {}): LandmarkEvalRecord[] {
  const rows = (
    opts.source === undefined
      ? db.prepare('SELECT * FROM landmark_evals ORDER BY created_at DESC, id').all()
      : db.prepare('SELECT * FROM landmark_evals WHERE source = ? ORDER BY created_at DESC, id').all(opts.source)
  ) as Row[]
  return rows.map((r) => restoreNaN(fromRow(r)))
}

export function getLandmarkEval(db: Database, id: string): LandmarkEvalRecord | null {
  const r = db.prepare('SELECT * FROM landmark_evals WHERE id = ?').get(id) as Row | undefined
  return r ? restoreNaN(fromRow(r)) : null
}

export function deleteLandmarkEval(db: Database, id: string): boolean {
  return db.prepare('DELETE FROM landmark_evals WHERE id = ?').run(id).changes > 0
}
