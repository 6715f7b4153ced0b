import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../migrate'
import { m0001CreateCoreSchema } from './0001-create-core-schema'

function fresh() {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(db, [m0001CreateCoreSchema])
  return db
}

describe('migration 0001-create-core-schema', () => {
  it('creates the tables and sets user_version 1', () => {
    const db = fresh()
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
      (r) => r.name
    )
    expect(tables).toEqual(['app_settings', 'frame_timestamps', 'sessions', 'trace_points', 'traces', 'videos'])
    expect(db.pragma('user_version', { simple: true })).toBe(1)
  })

  it('keys trace_points by (trace, frame) without rowid', () => {
    const db = fresh()
    const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'trace_points'").get() as { sql: string }).sql
    expect(sql).toMatch(/WITHOUT ROWID/)
    expect(sql).toMatch(/PRIMARY KEY \(trace_id, frame\)/)
  })

  it('enforces trace kinds and cascades deletes from sessions', () => {
    const db = fresh()
    db.prepare("INSERT INTO sessions (id, name, created_at) VALUES ('s', 'x', 'now')").run()
    expect(() =>
      db
        .prepare("INSERT INTO traces (id, session_id, kind, source_type, name, created_at) VALUES ('t', 's', 'guess', 'import', 'n', 'now')")
        .run()
    ).toThrow(/CHECK/)
    db.prepare("INSERT INTO traces (id, session_id, kind, source_type, name, created_at) VALUES ('t', 's', 'gold', 'import', 'n', 'now')").run()
    db.prepare("INSERT INTO trace_points (trace_id, frame, valence, arousal) VALUES ('t', 0, 0.5, NULL)").run()
    expect(() => db.prepare("INSERT INTO trace_points (trace_id, frame, valence) VALUES ('t', 0, 1)").run()).toThrow(/UNIQUE|PRIMARY/)
    db.prepare("DELETE FROM sessions WHERE id = 's'").run()
    expect(db.prepare('SELECT count(*) AS n FROM trace_points').get()).toEqual({ n: 0 })
  })

  it('refuses a trace for a session that does not exist', () => {
    const db = fresh()
    expect(() =>
      db
        .prepare("INSERT INTO traces (id, session_id, kind, source_type, name, created_at) VALUES ('t', 'nope', 'gold', 'import', 'n', 'now')")
        .run()
    ).toThrow(/FOREIGN KEY/)
  })
})
