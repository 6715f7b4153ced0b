import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../migrate'
import { MIGRATIONS } from './index'
import { m0005AddDatasetsAndRunRegistry } from './0005-add-datasets-and-run-registry'

describe('migration 0005-add-datasets-and-run-registry', () => {
  it('upgrades a version-4 database keeping its runs, checks stop reasons and cascades folds and tags', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    const before = MIGRATIONS.filter((m) => m.version < 5)
    migrate(db, before)
    db.prepare("INSERT INTO runs (id, model, preset, config_json, data_hash, status, created_at) VALUES ('r', 'anclaf', 'compact', '{}', 'h', 'done', 'now')").run()
    db.prepare("INSERT INTO run_epochs (run_id, epoch, split, metrics_json) VALUES ('r', 1, 'val', '{}')").run()
    expect(migrate(db, [...before, m0005AddDatasetsAndRunRegistry]).applied).toEqual(['0005-add-datasets-and-run-registry'])
    expect(db.pragma('user_version', { simple: true })).toBe(5)
    // The old run and its curve survive, with the new columns empty.
    expect(db.prepare("SELECT dataset_id, stop_reason, code_version, epochs_planned FROM runs WHERE id = 'r'").get()).toEqual({
      dataset_id: null,
      stop_reason: null,
      code_version: null,
      epochs_planned: null
    })
    expect(db.prepare('SELECT count(*) AS n FROM run_epochs').get()).toEqual({ n: 1 })
    expect(() => db.prepare("UPDATE runs SET stop_reason = 'bored' WHERE id = 'r'").run()).toThrow(/CHECK/)
    db.prepare("UPDATE runs SET stop_reason = 'paused', status = 'cancelled' WHERE id = 'r'").run()
    const ds = db.prepare("INSERT INTO datasets (id, name, path, format, source, data_hash, created_at, updated_at) VALUES (?, 'synth', ?, 'afew-va', ?, 'h', 'now', 'now')")
    ds.run('d', '/data/synth', 'folder')
    expect(() => ds.run('d2', '/data/synth', 'folder')).toThrow(/UNIQUE/)
    expect(() => ds.run('d3', '/data/other', 'somewhere')).toThrow(/CHECK/)
    db.prepare("INSERT INTO dataset_folds (dataset_id, name, position, split_json, updated_at) VALUES ('d', 'fold-1', 0, '{}', 'now')").run()
    db.prepare("UPDATE runs SET dataset_id = 'd' WHERE id = 'r'").run()
    db.prepare("INSERT INTO run_tags (run_id, tag) VALUES ('r', 'baseline')").run()
    expect(() => db.prepare("INSERT INTO run_tags (run_id, tag) VALUES ('r', '')").run()).toThrow(/CHECK/)
    db.prepare("DELETE FROM datasets WHERE id = 'd'").run()
    expect(db.prepare('SELECT count(*) AS n FROM dataset_folds').get()).toEqual({ n: 0 })
    expect(db.prepare("SELECT dataset_id FROM runs WHERE id = 'r'").get()).toEqual({ dataset_id: null })
    db.prepare("DELETE FROM runs WHERE id = 'r'").run()
    expect(db.prepare('SELECT count(*) AS n FROM run_tags').get()).toEqual({ n: 0 })
  })
})
