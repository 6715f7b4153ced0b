import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../migrate'
import { m0001CreateCoreSchema } from './0001-create-core-schema'
import { m0002AddFacesAndAudio } from './0002-add-faces-and-audio'
import { m0003AddModelRuns } from './0003-add-model-runs'

describe('migration 0003-add-model-runs', () => {
  it('upgrades a version-2 database, checks blob sizes, keeps one best checkpoint and cascades', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(db, [m0001CreateCoreSchema, m0002AddFacesAndAudio])
    db.prepare("INSERT INTO sessions (id, name, created_at) VALUES ('s', 'old', 'then')").run()
    db.prepare("INSERT INTO traces (id, session_id, kind, source_type, name, created_at) VALUES ('t', 's', 'prediction', 'model_run', 'p', 'now')").run()
    expect(migrate(db, [m0001CreateCoreSchema, m0002AddFacesAndAudio, m0003AddModelRuns]).applied).toEqual(['0003-add-model-runs'])
    expect(db.pragma('user_version', { simple: true })).toBe(3)
    db.prepare("INSERT INTO runs (id, model, preset, config_json, data_hash, status, created_at) VALUES ('r', 'anclaf', 'compact', '{}', 'h', 'running', 'now')").run()
    db.prepare("INSERT INTO run_epochs (run_id, epoch, split, metrics_json) VALUES ('r', 1, 'val', '{}')").run()
    expect(() => db.prepare("INSERT INTO run_epochs (run_id, epoch, split, metrics_json) VALUES ('r', 1, 'bogus', '{}')").run()).toThrow(/CHECK/)
    db.prepare("INSERT INTO run_checkpoints (run_id, epoch, path, is_best) VALUES ('r', 1, '/a', 1)").run()
    expect(() => db.prepare("INSERT INTO run_checkpoints (run_id, epoch, path, is_best) VALUES ('r', 2, '/b', 1)").run()).toThrow(/UNIQUE/)
    const ins = db.prepare("INSERT INTO trace_extras (trace_id, kind, dims, frame_count, data) VALUES ('t', 'quadrant_probs', 4, 2, ?)")
    expect(() => ins.run(Buffer.alloc(31))).toThrow(/CHECK/)
    ins.run(Buffer.alloc(32))
    db.prepare("DELETE FROM runs WHERE id = 'r'").run()
    expect(db.prepare('SELECT count(*) AS n FROM run_epochs').get()).toEqual({ n: 0 })
    db.prepare("DELETE FROM sessions WHERE id = 's'").run()
    expect(db.prepare('SELECT count(*) AS n FROM trace_extras').get()).toEqual({ n: 0 })
  })
})
