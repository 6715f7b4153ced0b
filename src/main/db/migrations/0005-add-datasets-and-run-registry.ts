import type { Migration } from '../migrate'

/**
 * Datasets registered in the app and a richer run registry (Train page).
 *
 * - datasets: a folder in a supported label format (registered) or one written from the app's own annotated
 *   sessions (source 'sessions'); data_hash is the hash of its clip list + labels at registration (a run compares
 *   it with the hash at training time); summary_json caches subjects / coverage / the V-A histogram.
 * - dataset_folds: the subject-grouped split, one row per fold (SplitFold JSON: train/val/test subject ids), editable.
 * - runs: which dataset a run trained on, why it stopped when it did not finish (paused by the user, cancelled, or
 *   the engine crashed: the run keeps its checkpoints and can resume), the code version that ran it, the epochs
 *   asked for. The status CHECK of 0003 is left as it is (rebuilding `runs` would cascade-delete its curves):
 *   a paused run is status 'cancelled' with stop_reason 'paused'.
 * - run_tags: free tags per run for search.
 */
export const m0005AddDatasetsAndRunRegistry: Migration = {
  version: 5,
  name: '0005-add-datasets-and-run-registry',
  up(db) {
    db.exec(`
      CREATE TABLE datasets (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        path         TEXT NOT NULL,
        format       TEXT NOT NULL,
        source       TEXT NOT NULL CHECK (source IN ('folder', 'sessions')),
        data_hash    TEXT NOT NULL,
        summary_json TEXT NOT NULL DEFAULT '{}',
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      );
      CREATE UNIQUE INDEX datasets_by_path ON datasets(path);

      CREATE TABLE dataset_folds (
        dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        position   INTEGER NOT NULL CHECK (position >= 0),
        split_json TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (dataset_id, name)
      ) WITHOUT ROWID;

      ALTER TABLE runs ADD COLUMN dataset_id TEXT REFERENCES datasets(id) ON DELETE SET NULL;
      ALTER TABLE runs ADD COLUMN stop_reason TEXT CHECK (stop_reason IN ('paused', 'cancelled', 'crashed'));
      ALTER TABLE runs ADD COLUMN code_version TEXT;
      ALTER TABLE runs ADD COLUMN epochs_planned INTEGER CHECK (epochs_planned >= 1);

      CREATE TABLE run_tags (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        tag    TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 50),
        PRIMARY KEY (run_id, tag)
      ) WITHOUT ROWID;
    `)
  }
}
