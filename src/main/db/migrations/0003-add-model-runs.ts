import type { Migration } from '../migrate'

/**
 * Model training runs: one row per run (model, preset, config, data hash, fold, status, backend, timing, error),
 * per-epoch curves per split (metrics and losses as JSON), checkpoint files (one best per run), and per-frame
 * extras of prediction traces (e.g. kind 'quadrant_probs', dims 4: a little-endian float32 blob of
 * frame_count × dims values, NaN = no prediction) so the UI can read quadrant probabilities next to V/A.
 */
export const m0003AddModelRuns: Migration = {
  version: 3,
  name: '0003-add-model-runs',
  up(db) {
    db.exec(`
      CREATE TABLE runs (
        id          TEXT PRIMARY KEY,
        model       TEXT NOT NULL,
        preset      TEXT NOT NULL,
        config_json TEXT NOT NULL,
        data_hash   TEXT NOT NULL,
        fold        TEXT,
        status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        backend     TEXT,
        run_dir     TEXT,
        created_at  TEXT NOT NULL,
        started_at  TEXT,
        finished_at TEXT,
        wall_s      REAL,
        error       TEXT
      );

      CREATE TABLE run_epochs (
        run_id       TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch        INTEGER NOT NULL CHECK (epoch >= 1),
        split        TEXT NOT NULL CHECK (split IN ('train', 'val', 'test')),
        metrics_json TEXT NOT NULL,
        losses_json  TEXT NOT NULL DEFAULT '{}',
        wall_s       REAL,
        PRIMARY KEY (run_id, epoch, split)
      ) WITHOUT ROWID;

      CREATE TABLE run_checkpoints (
        run_id  TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch   INTEGER NOT NULL,
        path    TEXT NOT NULL,
        is_best INTEGER NOT NULL DEFAULT 0 CHECK (is_best IN (0, 1)),
        PRIMARY KEY (run_id, path)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX run_checkpoints_one_best ON run_checkpoints(run_id) WHERE is_best = 1;

      CREATE TABLE trace_extras (
        trace_id    TEXT NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
        kind        TEXT NOT NULL,
        dims        INTEGER NOT NULL CHECK (dims > 0),
        frame_count INTEGER NOT NULL CHECK (frame_count >= 0),
        data        BLOB NOT NULL,
        PRIMARY KEY (trace_id, kind),
        CHECK (length(data) = frame_count * dims * 4)
      ) WITHOUT ROWID;
    `)
  }
}
