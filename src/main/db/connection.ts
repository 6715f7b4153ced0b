import Database from 'better-sqlite3'
import type { Database as Db } from 'better-sqlite3'
import { existsSync, statSync } from 'node:fs'
import { AppError } from '../../shared/ipc/errors'
import { futureVersionMessage, latestVersion, migrate, type Migration, type MigrationOutcome } from './migrate'
import { MIGRATIONS } from './migrations'

export interface OpenedDatabase {
  readonly db: Db
  readonly file: string
  readonly migration: MigrationOutcome
  readonly schemaVersion: number
}

function sqliteCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : ''
}

/** Maps SQLite failures to app error codes with a message a person can act on. */
export function toDbError(e: unknown, file: string): AppError {
  if (e instanceof AppError) return e
  const code = sqliteCode(e)
  const msg = (e as Error)?.message ?? String(e)
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new AppError('DB_CORRUPT', `${file} is not a readable Circumplex database (${msg}). It was left untouched.`)
  }
  if (code === 'SQLITE_FULL') return new AppError('DISK_FULL', `the disk holding ${file} is full; nothing was written`)
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
    return new AppError('DATA_DIR_NOT_WRITABLE', `cannot write ${file} (${msg})`)
  }
  return new AppError('INTERNAL', `database error on ${file}: ${msg}`)
}

/**
 * Reads the schema version of an existing file without writing to it (read-only handle),
 * so a corrupt or future database is refused while staying byte-identical.
 */
function inspectExisting(file: string): number {
  let ro: Db | null = null
  try {
    ro = new Database(file, { readonly: true, fileMustExist: true })
    ro.prepare('SELECT count(*) FROM sqlite_master').get()
    return ro.pragma('user_version', { simple: true }) as number
  } catch (e) {
    throw toDbError(e, file)
  } finally {
    ro?.close()
  }
}

/** Opens (creating if needed) the store: WAL, foreign keys, busy timeout, then migrations. */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): OpenedDatabase {
  const latest = latestVersion(migrations)
  if (file !== ':memory:' && existsSync(file) && statSync(file).size > 0) {
    const found = inspectExisting(file)
    if (found > latest) throw new AppError('DB_FUTURE_VERSION', futureVersionMessage(found, latest, file))
  }
  let db: Db
  try {
    db = new Database(file)
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    db.pragma('synchronous = NORMAL')
  } catch (e) {
    throw toDbError(e, file)
  }
  try {
    const migration = migrate(db, migrations, file)
    return { db, file, migration, schemaVersion: db.pragma('user_version', { simple: true }) as number }
  } catch (e) {
    db.close()
    throw e instanceof AppError ? e : toDbError(e, file)
  }
}
