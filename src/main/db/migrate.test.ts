import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { assertMigrationList, migrate, type Migration } from './migrate'
import { MIGRATIONS } from './migrations'

const tableA: Migration = { version: 1, name: '0001-create-a', up: (db) => db.exec('CREATE TABLE a (x INTEGER)') }
const broken: Migration = {
  version: 2,
  name: '0002-break',
  up: (db) => {
    db.exec('CREATE TABLE b (y INTEGER)')
    db.exec('THIS IS NOT SQL')
  }
}

describe('migrate', () => {
  it('applies pending migrations once and records user_version', () => {
    const db = new Database(':memory:')
    expect(migrate(db, [tableA]).applied).toEqual(['0001-create-a'])
    expect(migrate(db, [tableA]).applied).toEqual([])
    expect(db.pragma('user_version', { simple: true })).toBe(1)
  })

  it('rolls back every pending migration and the version when one fails', () => {
    const db = new Database(':memory:')
    expect(() => migrate(db, [tableA, broken])).toThrow(/rolled back/)
    expect(db.pragma('user_version', { simple: true })).toBe(0)
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 })
  })

  it('refuses a database from the future', () => {
    const db = new Database(':memory:')
    db.pragma('user_version = 7')
    expect(() => migrate(db, [tableA])).toThrow(expect.objectContaining({ code: 'DB_FUTURE_VERSION' }))
  })

  it('requires a contiguous list, as shipped', () => {
    expect(() => assertMigrationList([{ ...tableA, version: 2 }])).toThrow(/contiguous/)
    expect(() => assertMigrationList(MIGRATIONS)).not.toThrow()
    MIGRATIONS.forEach((m) => expect(m.name).toMatch(/^\d{4}-[a-z]+(-[a-z0-9]+)+$/))
  })
})
