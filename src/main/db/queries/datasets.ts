import type { Database } from 'better-sqlite3'

/**
 * The `datasets` and `dataset_folds` tables (migration 0005). summary_json holds a DatasetSummary; split_json of a
 * fold row holds `{ train, val, test, kind, seed }` (the fold's name is its key column).
 */
export interface DatasetRow {
  readonly id: string
  readonly name: string
  readonly path: string
  readonly format: string
  readonly source: 'folder' | 'sessions'
  readonly dataHash: string
  readonly summaryJson: string
  readonly createdAt: string
  readonly updatedAt: string
}

export interface FoldRow {
  readonly name: string
  readonly position: number
  readonly splitJson: string
  readonly updatedAt: string
}

interface Raw {
  id: string
  name: string
  path: string
  format: string
  source: 'folder' | 'sessions'
  data_hash: string
  summary_json: string
  created_at: string
  updated_at: string
}

const toRow = (r: Raw): DatasetRow => ({
  id: r.id,
  name: r.name,
  path: r.path,
  format: r.format,
  source: r.source,
  dataHash: r.data_hash,
  summaryJson: r.summary_json,
  createdAt: r.created_at,
  updatedAt: r.updated_at
})

export function insertDataset(db: Database, d: Omit<DatasetRow, 'createdAt' | 'updatedAt'>): DatasetRow {
  const now = new Date().toISOString()
  db.prepare(
    `INSERT INTO datasets (id, name, path, format, source, data_hash, summary_json, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
  ).run(d.id, d.name, d.path, d.format, d.source, d.dataHash, d.summaryJson, now, now)
  return getDataset(db, d.id)!
}

export function getDataset(db: Database, id: string): DatasetRow | null {
  const r = db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as Raw | undefined
  return r ? toRow(r) : null
}

export function getDatasetByPath(db: Database, path: string): DatasetRow | null {
  const r = db.prepare('SELECT * FROM datasets WHERE path = ?').get(path) as Raw | undefined
  return r ? toRow(r) : null
}

/** Every dataset, newest first. */
export function listDatasets(db: Database): DatasetRow[] {
  return (db.prepare('SELECT * FROM datasets ORDER BY created_at DESC, id').all() as Raw[]).map(toRow)
}

/** Deletes the registration (its folds cascade; runs keep their row with dataset_id set to NULL). */
export function deleteDataset(db: Database, id: string): boolean {
  return db.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes > 0
}

export function getFolds(db: Database, datasetId: string): FoldRow[] {
  return (
    db
      .prepare('SELECT name, position, split_json AS splitJson, updated_at AS updatedAt FROM dataset_folds WHERE dataset_id = ? ORDER BY position, name')
      .all(datasetId) as FoldRow[]
  ).map((r) => ({ ...r }))
}

/** Replaces every fold of a dataset in one transaction and touches the dataset's updated_at. */
export function replaceFolds(db: Database, datasetId: string, folds: ReadonlyArray<{ name: string; splitJson: string }>): void {
  const now = new Date().toISOString()
  db.transaction(() => {
    db.prepare('DELETE FROM dataset_folds WHERE dataset_id = ?').run(datasetId)
    const ins = db.prepare('INSERT INTO dataset_folds (dataset_id, name, position, split_json, updated_at) VALUES (?, ?, ?, ?, ?)')
    folds.forEach((f, i) => ins.run(datasetId, f.name, i, f.splitJson, now))
    db.prepare('UPDATE datasets SET updated_at = ? WHERE id = ?').run(now, datasetId)
  })()
}

/** Number of folds per dataset. */
export function foldCounts(db: Database): Map<string, number> {
  const rows = db.prepare('SELECT dataset_id AS id, count(*) AS n FROM dataset_folds GROUP BY dataset_id').all() as { id: string; n: number }[]
  return new Map(rows.map((r) => [r.id, r.n]))
}
