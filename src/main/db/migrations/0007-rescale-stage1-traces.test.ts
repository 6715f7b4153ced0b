import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../migrate'
import { MIGRATIONS } from './index'
import { m0007RescaleStage1Traces } from './0007-rescale-stage1-traces'

describe('migration 0007-rescale-stage1-traces', () => {
  it('puts native-scale stage-1 predictions on [−1, 1] and leaves every other trace as it was', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    const before = MIGRATIONS.filter((m) => m.version < 7)
    migrate(db, before)
    db.prepare("INSERT INTO sessions (id, name, created_at) VALUES ('s', 'S01', 'now')").run()
    const trace = db.prepare("INSERT INTO traces (id, session_id, kind, source_type, source_id, name, created_at, meta_json) VALUES (?, 's', ?, ?, ?, ?, 'now', ?)")
    const point = db.prepare('INSERT INTO trace_points (trace_id, frame, valence, arousal) VALUES (?, ?, ?, ?)')
    const points = (id: string) => db.prepare('SELECT frame, valence, arousal FROM trace_points WHERE trace_id = ? ORDER BY frame').all(id)
    const meta = (id: string) => JSON.parse((db.prepare('SELECT meta_json AS m FROM traces WHERE id = ?').get(id) as { m: string }).m) as Record<string, unknown>
    // An old ANCLaF trace (AFEW-VA run: ±10), a missing frame among its points.
    trace.run('old', 'prediction', 'model_run', 'anclaf-compact-1', 'ANCLaF', JSON.stringify({ epoch: 3, labelRange: 10, extras: ['quadrant_probs'] }))
    point.run('old', 0, 5, -10)
    point.run('old', 1, null, null)
    point.run('old', 2, -2.5, 7.5)
    // An old AEG trace of a SEWA run (range 1): values stay, the scale is now said.
    trace.run('old1', 'prediction', 'model_run', 'aeg-cd-sz-compact-1', 'AEG', JSON.stringify({ labelRange: 1 }))
    point.run('old1', 0, 0.25, -0.5)
    // Already on the trace scale; a gold import with its dataset's range; a prediction without a range; a bad meta.
    trace.run('new', 'prediction', 'model_run', 'anclaf-compact-2', 'ANCLaF', JSON.stringify({ labelRange: 10, scale: 'unit' }))
    point.run('new', 0, 0.5, -1)
    trace.run('gold', 'gold', 'synthetic', null, 'gold', JSON.stringify({ labelRange: 10, format: 'afew-va' }))
    point.run('gold', 0, 0.3, 0.4)
    trace.run('seq', 'prediction', 'model_run', 'seq-1', 'LSTM', JSON.stringify({ stage: 5 }))
    point.run('seq', 0, 0.6, 0.7)
    trace.run('bad', 'prediction', 'model_run', 'x', 'broken', 'not json')
    point.run('bad', 0, 3, 4)

    expect(migrate(db, [...before, m0007RescaleStage1Traces]).applied).toEqual(['0007-rescale-stage1-traces'])
    expect(db.pragma('user_version', { simple: true })).toBe(7)
    expect(points('old')).toEqual([
      { frame: 0, valence: 0.5, arousal: -1 },
      { frame: 1, valence: null, arousal: null },
      { frame: 2, valence: -0.25, arousal: 0.75 }
    ])
    expect(meta('old')).toEqual({ epoch: 3, labelRange: 10, extras: ['quadrant_probs'], scale: 'unit' })
    expect(points('old1')).toEqual([{ frame: 0, valence: 0.25, arousal: -0.5 }])
    expect(meta('old1')).toEqual({ labelRange: 1, scale: 'unit' })
    expect(points('new')).toEqual([{ frame: 0, valence: 0.5, arousal: -1 }])
    expect(points('gold')).toEqual([{ frame: 0, valence: 0.3, arousal: 0.4 }])
    expect(meta('gold')).toEqual({ labelRange: 10, format: 'afew-va' })
    expect(points('seq')).toEqual([{ frame: 0, valence: 0.6, arousal: 0.7 }])
    expect(meta('seq')).toEqual({ stage: 5 })
    expect(points('bad')).toEqual([{ frame: 0, valence: 3, arousal: 4 }])
    expect(db.prepare("SELECT name FROM sqlite_temp_master WHERE type = 'table'").all()).toEqual([])
  })
})
