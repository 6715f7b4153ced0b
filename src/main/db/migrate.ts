import type { Database } from 'better-sqlite3'
import { AppError } from '../../shared/ipc/errors'

export interface Migration {
  /** 1-based, contiguous. Stored in `PRAGMA user_version` once applied. */
  readonly version: number
  /** kebab-case verb-noun, same as the file name (`0001-create-core-schema`). */
  readonly name: string
  up(db: Database): void
}

export interface MigrationOutcome {
  readonly from: number
  readonly to: number
  readonly applied: readonly string[]
}

export function assertMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`migration list is not contiguous: position ${i} has version ${m.version} (${m.name})`)
    }
  })
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1].version
}

export function futureVersionMessage(found: number, latest: number, file: string): string {
  return (
    `The database ${file} has schema version ${found}, written by a newer Circumplex ` +
    `(this build knows versions up to ${latest}). It was left untouched. ` +
    `Update Circumplex, or choose another data directory with --data-dir / CIRCUMPLEX_DATA_DIR.`
  )
}

/**
 * Applies every pending migration in ONE transaction (all or nothing), tracking the schema version
 * in `user_version` (which SQLite writes inside the transaction, so a failure rolls it back too).
 * A database from the future is refused before anything is written.
 */
export function migrate(db: Database, migrations: readonly Migration[], file = db.name): MigrationOutcome {
  assertMigrationList(migrations)
  const latest = latestVersion(migrations)
  const from = db.pragma('user_version', { simple: true }) as number
  if (from > latest) throw new AppError('DB_FUTURE_VERSION', futureVersionMessage(from, latest, file))
  const pending = migrations.filter((m) => m.version > from)
  if (pending.length === 0) return { from, to: from, applied: [] }
  const run = db.transaction(() => {
    for (const m of pending) {
      m.up(db)
      db.pragma(`user_version = ${m.version}`)
    }
  })
  try {
    run.immediate()
  } catch (e) {
    const name = pending.map((m) => m.name).join(', ')
    throw new AppError('DB_MIGRATION_FAILED', `migrating ${file} (${name}) failed and was rolled back: ${(e as Error).message}`, {
      cause: e
    })
  }
  return { from, to: latest, applied: pending.map((m) => m.name) }
}
