import type { Migration } from '../migrate'

/**
 * Media import results: per-frame face tracks, crop boxes per crop policy, the session's audio facts.
 * Per-frame arrays are little-endian float32 blobs (NaN = no face on that frame; never zeros):
 * a 1-hour 25 fps session's 68-point landmarks are 49 MB, its boxes 1.4 MB.
 */
export const m0002AddFacesAndAudio: Migration = {
  version: 2,
  name: '0002-add-faces-and-audio',
  up(db) {
    db.exec(`
      ALTER TABLE videos ADD COLUMN audio_offset_s REAL NOT NULL DEFAULT 0;
      ALTER TABLE videos ADD COLUMN audio_duration_s REAL;
      ALTER TABLE videos ADD COLUMN irregular_frames INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE videos ADD COLUMN codec TEXT;

      CREATE TABLE face_tracks (
        video_id    TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
        track       TEXT NOT NULL,
        detector    TEXT NOT NULL,
        frame_count INTEGER NOT NULL CHECK (frame_count >= 0),
        faces_found INTEGER NOT NULL CHECK (faces_found >= 0),
        landmarks   BLOB NOT NULL,
        boxes       BLOB NOT NULL,
        confidence  BLOB NOT NULL,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (video_id, track),
        CHECK (length(landmarks) = frame_count * 68 * 2 * 4),
        CHECK (length(boxes) = frame_count * 4 * 4),
        CHECK (length(confidence) = frame_count * 4)
      );

      CREATE TABLE crop_sets (
        video_id   TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
        policy     TEXT NOT NULL,
        size       INTEGER NOT NULL CHECK (size > 0),
        cache_key  TEXT NOT NULL,
        boxes      BLOB NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (video_id, policy)
      );

      CREATE TABLE spectrograms (
        video_id    TEXT PRIMARY KEY REFERENCES videos(id) ON DELETE CASCADE,
        cache_key   TEXT NOT NULL,
        sample_rate INTEGER NOT NULL,
        hop         INTEGER NOT NULL,
        n_mels      INTEGER NOT NULL,
        columns     INTEGER NOT NULL,
        params_json TEXT NOT NULL,
        created_at  TEXT NOT NULL
      );
    `)
  }
}
