import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openDatabase } from './connection'
import { latestVersion } from './migrate'
import { MIGRATIONS } from './migrations'

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex')
const tmp = () => mkdtempSync(join(tmpdir(), 'cx-db-'))

describe('openDatabase', () => {
  it('creates a WAL database with foreign keys at the latest schema', () => {
    const file = join(tmp(), 'c.sqlite')
    const { db, schemaVersion, migration } = openDatabase(file)
    expect(schemaVersion).toBe(latestVersion(MIGRATIONS))
    expect(migration.from).toBe(0)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    db.close()
    const again = openDatabase(file)
    expect(again.migration.applied).toEqual([])
    again.db.close()
  })

  it('refuses a database from a future schema and leaves it byte-identical', () => {
    const file = join(tmp(), 'future.sqlite')
    const f = new Database(file)
    f.exec('CREATE TABLE from_the_future (x)')
    f.pragma(`user_version = ${latestVersion(MIGRATIONS) + 5}`)
    f.close()
    const before = sha(file)
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'DB_FUTURE_VERSION', message: expect.stringMatching(/left untouched/) }))
    expect(sha(file)).toBe(before)
  })

  it('refuses a corrupt file and leaves it byte-identical', () => {
    const file = join(tmp(), 'corrupt.sqlite')
    writeFileSync(file, Buffer.from('this is not an sqlite database, just some bytes'.repeat(200)))
    const before = sha(file)
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'DB_CORRUPT' }))
    expect(sha(file)).toBe(before)
  })

  it('reports a location that cannot be written as DATA_DIR_NOT_WRITABLE', () => {
    // A path below a regular file cannot be created, even by root (unlike a chmod-ed directory).
    const blocker = join(tmp(), 'a-file')
    writeFileSync(blocker, 'x')
    expect(() => openDatabase(join(blocker, 'x.sqlite'))).toThrow(expect.objectContaining({ code: 'DATA_DIR_NOT_WRITABLE' }))
  })
})
