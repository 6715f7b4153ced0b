import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { arbDouble, arbText, expectParseError, HAS_SHARED_DATA, readShared } from '../formats/test-shared-data'
import { type LjsonFile, readLjson, writeLjson } from './ljson'

describe.skipIf(!HAS_SHARED_DATA)('LJSON v3 on genuine sample.ljson', () => {
  it('reads groups and converts [y, x] to [x, y]', () => {
    const f = readLjson(readShared('formats', 'sample.ljson'))
    expect(Object.keys(f.groups)).toEqual(['LJSON', 'pupils'])
    const g = f.groups.LJSON
    expect(g.points).toHaveLength(68)
    expect(g.points[0]).toEqual([200.534483, 268.62069])
    expect(g.points[67]).toEqual([296.37788, 353.68754])
    expect(g.labels.map((l) => l.label)).toEqual(['jaw', 'left_eyebrow', 'right_eyebrow', 'nose', 'left_eye', 'right_eye', 'mouth'])
    expect(g.labels[0].mask).toHaveLength(17)
    expect(g.connectivity[0]).toEqual([0, 1])
    expect(f.groups.pupils.points).toEqual([
      [265, 265],
      [328, 265]
    ])
    expect(readLjson(writeLjson(f))).toEqual(f)
  })
})

describe('LJSON writer and errors', () => {
  it('round-trips with missing points (fast-check)', () => {
    fc.assert(
      fc.property(arbText(), fc.array(fc.option(fc.tuple(arbDouble(-1e4, 1e4), arbDouble(-1e4, 1e4)), { nil: null }), { minLength: 2, maxLength: 20 }), (name, points) => {
        const f: LjsonFile = { groups: { [name]: { points, connectivity: [[0, 1]], labels: [{ label: 'all', mask: points.map((_, i) => i) }] } } }
        expect(readLjson(writeLjson(f))).toEqual(f)
      }),
      { numRuns: 30 }
    )
  })
  it('rejects bad input', () => {
    const g = (landmarks: unknown, labels: unknown = []): string => JSON.stringify({ version: 3, groups: { a: { landmarks, labels } } })
    expectParseError(() => readLjson(JSON.stringify({ version: 2, groups: {} })), /only version 3/)
    expectParseError(() => readLjson(g({ points: [[1]] })), /groups\.a\.landmarks\.points\[0\]: expected \[y, x\]/)
    expectParseError(() => readLjson(g({ points: [[1, null]] })), /points\[0\]: expected two finite numbers/)
    expectParseError(() => readLjson(g({ points: [[1, 2]], connectivity: [[0, 1]] })), /connectivity\[0\]\[1\]: index 1 out of range for 1 points/)
    expectParseError(() => readLjson(g({ points: [[1, 2]] }, [{ label: 'x', mask: [3] }])), /labels\[0\]\.mask\[0\]: index 3 out of range/)
  })
})
