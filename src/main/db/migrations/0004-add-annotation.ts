import type { Migration } from '../migrate'

/**
 * Continuous annotation: annotators, projects and assignments, rating passes, the per-trace edit log
 * (provenance + undo/redo across restarts), per-segment review status and gold-standard recipes.
 *
 * - Each annotator rates into their OWN trace (kind 'annotation', source_type 'annotator', source_id = annotator):
 *   at most one live-rated trace per (session, annotator) — a partial unique index on `traces`. Merging is explicit
 *   (a gold trace made by fusion, with its recipe).
 * - trace_edits.before / .after: little-endian float32 pairs [valence, arousal] for every frame of
 *   [from_frame, to_frame] (8 bytes per frame, NaN = missing). Undo writes `before` back, redo writes `after`.
 *   Point provenance is resolved from these ranges (the last live edit that changed a frame), not stored per point.
 * - seq is per trace (1-based); `undone` marks entries undone (a new edit drops the undone tail: redo is linear).
 */
export const m0004AddAnnotation: Migration = {
  version: 4,
  name: '0004-add-annotation',
  up(db) {
    db.exec(`
      CREATE TABLE annotators (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
        created_at TEXT NOT NULL
      );

      CREATE TABLE projects (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
        blind      INTEGER NOT NULL DEFAULT 0 CHECK (blind IN (0, 1)),
        created_at TEXT NOT NULL
      );

      CREATE TABLE project_sessions (
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        position   INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (project_id, session_id)
      ) WITHOUT ROWID;
      CREATE INDEX project_sessions_by_session ON project_sessions(session_id);

      CREATE TABLE assignments (
        annotator_id TEXT NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
        session_id   TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        project_id   TEXT REFERENCES projects(id) ON DELETE CASCADE,
        created_at   TEXT NOT NULL,
        PRIMARY KEY (annotator_id, session_id)
      ) WITHOUT ROWID;
      CREATE INDEX assignments_by_session ON assignments(session_id);

      CREATE UNIQUE INDEX traces_one_live_annotation
        ON traces(session_id, source_id) WHERE kind = 'annotation' AND source_type = 'annotator';

      CREATE TABLE rating_passes (
        id           TEXT PRIMARY KEY,
        session_id   TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        annotator_id TEXT NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
        trace_id     TEXT NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
        mode         TEXT NOT NULL CHECK (mode IN ('1d-valence', '1d-arousal', '2d')),
        input_lag_s  REAL NOT NULL DEFAULT 0 CHECK (input_lag_s >= 0 AND input_lag_s <= 10),
        speed        REAL NOT NULL DEFAULT 1 CHECK (speed > 0 AND speed <= 4),
        started_at   TEXT NOT NULL,
        finished_at  TEXT
      );
      CREATE INDEX rating_passes_by_annotator ON rating_passes(annotator_id, session_id);
      CREATE INDEX rating_passes_by_trace ON rating_passes(trace_id);

      CREATE TABLE trace_edits (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        trace_id    TEXT NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
        seq         INTEGER NOT NULL CHECK (seq >= 1),
        kind        TEXT NOT NULL CHECK (kind IN ('rate', 'accept', 'reject', 'redraw', 'shift', 'smooth', 'replace', 'fuse', 'import')),
        from_frame  INTEGER NOT NULL CHECK (from_frame >= 0),
        to_frame    INTEGER NOT NULL,
        params_json TEXT NOT NULL DEFAULT '{}',
        before      BLOB NOT NULL,
        after       BLOB NOT NULL,
        author_type TEXT NOT NULL CHECK (author_type IN ('annotator', 'model_run', 'system')),
        author_id   TEXT,
        pass_id     TEXT REFERENCES rating_passes(id) ON DELETE SET NULL,
        created_at  TEXT NOT NULL,
        undone      INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
        UNIQUE (trace_id, seq),
        CHECK (to_frame >= from_frame),
        CHECK (length(before) = (to_frame - from_frame + 1) * 8),
        CHECK (length(after) = (to_frame - from_frame + 1) * 8)
      );
      CREATE INDEX trace_edits_by_range ON trace_edits(trace_id, from_frame, to_frame);

      CREATE TABLE segment_reviews (
        trace_id   TEXT NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
        from_frame INTEGER NOT NULL CHECK (from_frame >= 0),
        to_frame   INTEGER NOT NULL,
        status     TEXT NOT NULL CHECK (status IN ('accepted', 'corrected')),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (trace_id, from_frame),
        CHECK (to_frame >= from_frame)
      ) WITHOUT ROWID;

      CREATE TABLE gold_recipes (
        trace_id        TEXT PRIMARY KEY REFERENCES traces(id) ON DELETE CASCADE,
        method          TEXT NOT NULL CHECK (method IN ('mean', 'ewe', 'dba')),
        params_json     TEXT NOT NULL,
        input_trace_ids TEXT NOT NULL,
        created_at      TEXT NOT NULL
      );
    `)
  }
}
