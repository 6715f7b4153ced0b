import { readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { arbDouble, expectParseError, HAS_SHARED_DATA, readShared, SHARED_DATA_DIR } from '../formats/test-shared-data'
import { toZeroBased, fromZeroBased } from './points'
import { PTS_ORIGIN, readPts, writePts } from './pts'

describe.skipIf(!HAS_SHARED_DATA)('.pts on genuine 300-VW files', () => {
  it('reads 300vw-001/000006.pts and 000009.pts (CRLF)', () => {
    const files = readdirSync(path.join(SHARED_DATA_DIR, 'landmarks', '300vw-001')).filter((f) => f.endsWith('.pts'))
    expect(files.sort()).toEqual(['000006.pts', '000009.pts'])
    const a = readPts(readShared('landmarks', '300vw-001', '000006.pts'))
    expect(a.version).toBe('1')
    expect(a.points).toHaveLength(68)
    expect(a.points[0]).toEqual([743.224, 197.764])
    expect(a.points[67]).toEqual([790.094, 256.132])
    const b = readPts(readShared('landmarks', '300vw-001', '000009.pts'))
    expect(b.points[0]).toEqual([742.873, 203.975])
    expect(b.points[67]).toEqual([786.04, 262.145])
    expect(toZeroBased(a.points, PTS_ORIGIN)[0]).toEqual([742.224, 196.764])
  })
})

describe('.pts header variants, writer and errors', () => {
  it('parses version 1 / 1.0 and n_points with two spaces', () => {
    const body = '{\n1 2\n3 4\n}\n'
    expect(readPts(`version: 1\nn_points: 2\n${body}`).points).toEqual([
      [1, 2],
      [3, 4]
    ])
    expect(readPts(`version: 1.0\r\nn_points:  2\r\n${body.replace(/\n/g, '\r\n')}`).version).toBe('1.0')
    expect(readPts(`\uFEFFversion:1\nn_points:\t2\n\n${body}\n\n`).points).toHaveLength(2)
  })
  it('round-trips (fast-check)', () => {
    fc.assert(
      fc.property(fc.constantFrom('1', '1.0'), fc.array(fc.tuple(arbDouble(-5000, 5000), arbDouble(-5000, 5000)), { maxLength: 68 }), (version, points) => {
        const f = { version, points }
        expect(readPts(writePts(f))).toEqual(f)
        expect(fromZeroBased(toZeroBased(points, 1), 1).length).toBe(points.length)
      }),
      { numRuns: 30 }
    )
  })
  it('rejects bad input', () => {
    expectParseError(() => readPts('{\n1 2\n}\n'), /missing header: no 'n_points:'/)
    expectParseError(() => readPts('version: 1\nn_points: 2\n1 2\n'), /line 3: expected 'key: value' header or '\{'/)
    expectParseError(() => readPts('n_points: 2\n{\n1 2\n3 4\n'), /missing closing '\}'/)
    expectParseError(() => readPts('n_points: 3\n{\n1 2\n3 4\n}\n'), /n_points is 3 but 2 point\(s\) listed \(mismatched lengths\)/)
    expectParseError(() => readPts('n_points: 1\n{\n1,2\n}\n'), /line 3: expected 'x y'.*wrong delimiter/)
    expectParseError(() => readPts('n_points: 1\n{\n1 NaN\n}\n'), /line 3, field 'y': NaN/)
    expectParseError(() => readPts('n_points: 1\n{\n1 2\n}\n3 4\n'), /line 5: unexpected content after '\}'/)
  })
})
