import type { Database } from 'better-sqlite3'

/** Replaces the tags of a run (already normalised; see core/compare/tags.ts) in one transaction. */
export function replaceRunTags(db: Database, runId: string, tags: readonly string[]): void {
  db.transaction(() => {
    db.prepare('DELETE FROM run_tags WHERE run_id = ?').run(runId)
    const ins = db.prepare('INSERT INTO run_tags (run_id, tag) VALUES (?, ?)')
    for (const t of tags) ins.run(runId, t)
  })()
}

/** Ids of the runs that carry `tag` (stored form), oldest run first. */
export function listRunIdsWithTag(db: Database, tag: string): string[] {
  return (
    db.prepare('SELECT t.run_id AS id FROM run_tags t JOIN runs r ON r.id = t.run_id WHERE t.tag = ? ORDER BY r.created_at, r.id').all(tag) as { id: string }[]
  ).map((r) => r.id)
}
