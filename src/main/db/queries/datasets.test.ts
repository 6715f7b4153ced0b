import { describe, expect, it } from 'vitest'
import { openDatabase } from '../connection'
import { deleteDataset, foldCounts, getDataset, getDatasetByPath, getFolds, insertDataset, listDatasets, replaceFolds } from './datasets'

const row = (id: string, path: string) => ({ id, name: `name ${id}`, path, format: 'afew-va', source: 'folder' as const, dataHash: `h-${id}`, summaryJson: '{}' })

describe('dataset queries', () => {
  it('stores datasets with unique paths, replaces folds in order, and cascades folds on delete', () => {
    const { db } = openDatabase(':memory:')
    const a = insertDataset(db, row('a', '/d/a'))
    expect(a).toMatchObject({ id: 'a', path: '/d/a', dataHash: 'h-a', source: 'folder' })
    expect(a.createdAt).toBe(a.updatedAt)
    insertDataset(db, row('b', '/d/b'))
    expect(() => insertDataset(db, row('c', '/d/a'))).toThrow(/UNIQUE/)
    expect(getDatasetByPath(db, '/d/b')?.id).toBe('b')
    expect(listDatasets(db).map((d) => d.id).sort()).toEqual(['a', 'b'])
    replaceFolds(db, 'a', [
      { name: 'z-first', splitJson: '{"train":["x"],"val":[],"test":["y"]}' },
      { name: 'a-second', splitJson: '{}' }
    ])
    expect(getFolds(db, 'a').map((f) => [f.name, f.position])).toEqual([
      ['z-first', 0],
      ['a-second', 1]
    ])
    replaceFolds(db, 'a', [{ name: 'only', splitJson: '{}' }])
    expect(getFolds(db, 'a').map((f) => f.name)).toEqual(['only'])
    expect(foldCounts(db)).toEqual(new Map([['a', 1]]))
    // A failing replacement leaves the saved folds as they were (one transaction).
    expect(() => replaceFolds(db, 'a', [{ name: 'dup', splitJson: '{}' }, { name: 'dup', splitJson: '{}' }])).toThrow()
    expect(getFolds(db, 'a').map((f) => f.name)).toEqual(['only'])
    expect(deleteDataset(db, 'a')).toBe(true)
    expect(deleteDataset(db, 'a')).toBe(false)
    expect(getDataset(db, 'a')).toBeNull()
    expect(getFolds(db, 'a')).toEqual([])
  })
})
