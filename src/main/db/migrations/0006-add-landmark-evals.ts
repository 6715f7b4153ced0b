import type { Migration } from '../migrate'

/**
 * Stored landmark evaluations (thesis trackers, #12): one row per (tracker, ground-truth source) evaluation, its
 * per-set errors as JSON (LandmarkEvalSet[], see faces/trackers/types.ts) so the app can draw CED curves that
 * compare trackers. run_id links a trained tracker's evaluation to its run (deleting the run deletes them).
 */
export const m0006AddLandmarkEvals: Migration = {
  version: 6,
  name: '0006-add-landmark-evals',
  up(db) {
    db.exec(`
      CREATE TABLE landmark_evals (
        id          TEXT PRIMARY KEY,
        tracker_id  TEXT NOT NULL CHECK (length(tracker_id) BETWEEN 1 AND 200),
        run_id      TEXT REFERENCES runs(id) ON DELETE CASCADE,
        label       TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
        source      TEXT NOT NULL,
        sets_json   TEXT NOT NULL CHECK (json_valid(sets_json)),
        created_at  TEXT NOT NULL
      );
      CREATE INDEX landmark_evals_by_tracker ON landmark_evals(tracker_id, created_at);
    `)
  }
}
