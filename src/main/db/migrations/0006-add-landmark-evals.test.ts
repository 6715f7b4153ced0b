import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../migrate'
import { MIGRATIONS } from './index'
import { m0006AddLandmarkEvals } from './0006-add-landmark-evals'

describe('migration 0006-add-landmark-evals', () => {
  it('upgrades a version-5 database keeping its runs, checks rows and cascades with the run', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    const before = MIGRATIONS.filter((m) => m.version < 6)
    migrate(db, before)
    db.prepare("INSERT INTO runs (id, model, preset, config_json, data_hash, status, created_at) VALUES ('r', 'tracker', 'dcrt', '{}', 'h', 'done', 'now')").run()
    expect(migrate(db, [...before, m0006AddLandmarkEvals]).applied).toEqual(['0006-add-landmark-evals'])
    expect(db.pragma('user_version', { simple: true })).toBe(6)
    expect(db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 1 })
    const ins = db.prepare('INSERT INTO landmark_evals (id, tracker_id, run_id, label, source, sets_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    ins.run('e1', 'default', null, 'default', '/gt', '[]', 'now')
    ins.run('e2', 'dcrt:r', 'r', 'DCRT', '/gt', '[{"name":"x"}]', 'now')
    expect(() => ins.run('e3', 'default', null, 'default', '/gt', 'not json', 'now')).toThrow(/CHECK/)
    expect(() => ins.run('e4', '', null, 'default', '/gt', '[]', 'now')).toThrow(/CHECK/)
    expect(() => ins.run('e5', 'dcrt:zz', 'zz', 'DCRT', '/gt', '[]', 'now')).toThrow(/FOREIGN KEY/)
    db.prepare("DELETE FROM runs WHERE id = 'r'").run()
    expect(db.prepare('SELECT id FROM landmark_evals').all()).toEqual([{ id: 'e1' }])
  })
})
