import { describe, expect, it } from 'vitest'
import { canonicalJson, configIdentity, diffConfigs, shortHash } from './config-diff'

describe('diffConfigs', () => {
  it('lists differing leaves by nested path with both values as JSON text, and counts the equal ones', () => {
    const a = { model: 'avi-gas', lr: 1e-4, gmu: { mode: 'gate', hidden: 64 }, curriculum: [5, 10, 20], note: 'paper' }
    const b = { model: 'avi-gas', lr: 2e-4, gmu: { mode: 'concat', hidden: 64 }, curriculum: [5, 10], note: 'paper', seed: 7 }
    const d = diffConfigs(a, b)
    expect(d.entries).toEqual([
      { path: 'lr', a: '0.0001', b: '0.0002' },
      { path: 'gmu.mode', a: '"gate"', b: '"concat"' },
      { path: 'curriculum[2]', a: '20', b: null },
      { path: 'seed', a: null, b: '7' }
    ])
    expect(d.equalLeaves).toBe(5) // model, gmu.hidden, curriculum[0], curriculum[1], note
  })

  it('tells 1 from "1", a value from null, and lists every leaf of a subtree present on one side only', () => {
    const d = diffConfigs({ x: 1, y: null, opt: { a: { b: true }, c: [] } }, { x: '1', y: 0 })
    expect(d.entries).toEqual([
      { path: 'x', a: '1', b: '"1"' },
      { path: 'y', a: 'null', b: '0' },
      { path: 'opt.a.b', a: 'true', b: null },
      { path: 'opt.c', a: '[]', b: null }
    ])
  })

  it('gives one entry where the kinds differ, quotes odd keys, and diffs non-object roots', () => {
    expect(diffConfigs({ s: { k: 1 } }, { s: 3 }).entries).toEqual([{ path: 's', a: '{"k":1}', b: '3' }])
    expect(diffConfigs({ 'a b': 1 }, { 'a b': 2 }).entries).toEqual([{ path: '["a b"]', a: '1', b: '2' }])
    expect(diffConfigs('{broken', { a: 1 }).entries).toEqual([{ path: '(root)', a: '"{broken"', b: '{"a":1}' }])
    expect(diffConfigs({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual({ entries: [], equalLeaves: 2 })
  })
})

describe('configIdentity', () => {
  it('ignores key order and the fold/result fields, not the configuration', () => {
    const a = { model: 'm', lr: 1, fold: { name: 'f1' }, stages: [{ val: 0.3 }], status: 'done' }
    const b = { status: 'running', lr: 1, model: 'm', fold: { name: 'f2' } }
    expect(configIdentity(a)).toBe(configIdentity(b))
    expect(configIdentity({ ...a, lr: 2 })).not.toBe(configIdentity(a))
    expect(canonicalJson({ b: 1, a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":1}')
  })

  it('hashes to 8 hex digits, different for different text', () => {
    expect(shortHash('abc')).toMatch(/^[0-9a-f]{8}$/)
    expect(shortHash('abc')).toBe(shortHash('abc'))
    expect(shortHash('abc')).not.toBe(shortHash('abd'))
  })
})
