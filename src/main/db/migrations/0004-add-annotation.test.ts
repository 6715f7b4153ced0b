import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../migrate'
import { m0001CreateCoreSchema } from './0001-create-core-schema'
import { m0002AddFacesAndAudio } from './0002-add-faces-and-audio'
import { m0003AddModelRuns } from './0003-add-model-runs'
import { m0004AddAnnotation } from './0004-add-annotation'

/** A version-3 database with data, upgraded to 4. */
function withData() {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(db, [m0001CreateCoreSchema, m0002AddFacesAndAudio, m0003AddModelRuns])
  db.prepare("INSERT INTO sessions (id, name, created_at) VALUES ('s', 'old', 'then')").run()
  db.prepare("INSERT INTO traces (id, session_id, kind, source_type, source_id, name, created_at) VALUES ('t', 's', 'annotation', 'annotator', 'a', 'x', 'now')").run()
  db.prepare("INSERT INTO trace_points (trace_id, frame, valence, arousal) VALUES ('t', 0, 0.5, NULL)").run()
  expect(migrate(db, [m0001CreateCoreSchema, m0002AddFacesAndAudio, m0003AddModelRuns, m0004AddAnnotation]).applied).toEqual(['0004-add-annotation'])
  expect(db.pragma('user_version', { simple: true })).toBe(4)
  return db
}

describe('migration 0004-add-annotation', () => {
  it('adds the annotation tables and keeps existing traces', () => {
    const db = withData()
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name)
    for (const t of ['annotators', 'projects', 'project_sessions', 'assignments', 'rating_passes', 'trace_edits', 'segment_reviews', 'gold_recipes']) expect(tables).toContain(t)
    expect(db.prepare("SELECT valence FROM trace_points WHERE trace_id = 't'").get()).toEqual({ valence: 0.5 })
  })

  it('allows one live annotation trace per annotator and session', () => {
    const db = withData()
    const ins = db.prepare("INSERT INTO traces (id, session_id, kind, source_type, source_id, name, created_at) VALUES (?, 's', ?, ?, 'a', 'x', 'now')")
    expect(() => ins.run('t2', 'annotation', 'annotator')).toThrow(/UNIQUE/)
    ins.run('t3', 'annotation', 'import') // imported traces of the same annotator are separate traces
  })

  it('checks edit blobs against the range, the kind and the mode; cascades with the trace', () => {
    const db = withData()
    db.prepare("INSERT INTO annotators (id, name, created_at) VALUES ('a', 'ann', 'now')").run()
    db.prepare("INSERT INTO rating_passes (id, session_id, annotator_id, trace_id, mode, started_at) VALUES ('p', 's', 'a', 't', '2d', 'now')").run()
    expect(() =>
      db.prepare("INSERT INTO rating_passes (id, session_id, annotator_id, trace_id, mode, started_at) VALUES ('q', 's', 'a', 't', '3d', 'now')").run()
    ).toThrow(/CHECK/)
    const edit = db.prepare(
      "INSERT INTO trace_edits (trace_id, seq, kind, from_frame, to_frame, before, after, author_type, author_id, pass_id, created_at) VALUES ('t', ?, ?, 0, 1, ?, ?, 'annotator', 'a', 'p', 'now')"
    )
    expect(() => edit.run(1, 'rate', Buffer.alloc(12), Buffer.alloc(16))).toThrow(/CHECK/)
    expect(() => edit.run(1, 'paint', Buffer.alloc(16), Buffer.alloc(16))).toThrow(/CHECK/)
    edit.run(1, 'rate', Buffer.alloc(16), Buffer.alloc(16))
    expect(() => edit.run(1, 'rate', Buffer.alloc(16), Buffer.alloc(16))).toThrow(/UNIQUE/)
    db.prepare("INSERT INTO segment_reviews (trace_id, from_frame, to_frame, status, updated_at) VALUES ('t', 0, 9, 'accepted', 'now')").run()
    db.prepare("DELETE FROM traces WHERE id = 't'").run()
    for (const t of ['trace_edits', 'segment_reviews', 'rating_passes']) expect(db.prepare(`SELECT count(*) AS n FROM ${t}`).get()).toEqual({ n: 0 })
  })
})
