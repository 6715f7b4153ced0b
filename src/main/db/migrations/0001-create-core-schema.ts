import type { Migration } from '../migrate'

/**
 * First schema: sessions with their video, per-frame presentation timestamps, traces and trace points.
 * - frame_timestamps.pts: little-endian float64 seconds, one per frame (compact; a 1-hour session is 720 KB).
 * - trace_points is keyed (trace_id, frame) WITHOUT ROWID: range reads by frame are one b-tree scan.
 * - NULL valence/arousal = missing (never stored as 0).
 */
export const m0001CreateCoreSchema: Migration = {
  version: 1,
  name: '0001-create-core-schema',
  up(db) {
    db.exec(`
      CREATE TABLE app_settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE sessions (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
        created_at TEXT NOT NULL,
        is_demo    INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1))
      );

      CREATE TABLE videos (
        id                TEXT PRIMARY KEY,
        session_id        TEXT NOT NULL UNIQUE REFERENCES sessions(id) ON DELETE CASCADE,
        path              TEXT NOT NULL,
        content_hash      TEXT,
        width             INTEGER NOT NULL CHECK (width > 0),
        height            INTEGER NOT NULL CHECK (height > 0),
        fps               REAL NOT NULL CHECK (fps > 0),
        frame_count       INTEGER NOT NULL CHECK (frame_count >= 0),
        duration_s        REAL NOT NULL CHECK (duration_s >= 0),
        is_vfr            INTEGER NOT NULL DEFAULT 0 CHECK (is_vfr IN (0, 1)),
        has_audio         INTEGER NOT NULL DEFAULT 0 CHECK (has_audio IN (0, 1)),
        audio_sample_rate INTEGER,
        audio_channels    INTEGER,
        rotation          INTEGER NOT NULL DEFAULT 0,
        probe_json        TEXT NOT NULL DEFAULT '{}'
      );

      CREATE TABLE frame_timestamps (
        video_id TEXT PRIMARY KEY REFERENCES videos(id) ON DELETE CASCADE,
        pts      BLOB NOT NULL
      );

      CREATE TABLE traces (
        id          TEXT PRIMARY KEY,
        session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        kind        TEXT NOT NULL CHECK (kind IN ('prediction', 'annotation', 'gold')),
        source_type TEXT NOT NULL CHECK (source_type IN ('model_run', 'annotator', 'import', 'synthetic', 'fusion')),
        source_id   TEXT,
        name        TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        meta_json   TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX traces_by_session ON traces(session_id);

      CREATE TABLE trace_points (
        trace_id TEXT NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
        frame    INTEGER NOT NULL CHECK (frame >= 0),
        valence  REAL,
        arousal  REAL,
        PRIMARY KEY (trace_id, frame)
      ) WITHOUT ROWID;
    `)
  }
}
