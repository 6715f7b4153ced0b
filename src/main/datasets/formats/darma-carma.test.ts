import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readCarmaCsv, readDarmaCsv, writeCarmaCsv, writeDarmaCsv } from './darma-carma'
import { arbDouble, expectParseError } from './test-shared-data'

describe('DARMA / CARMA CSV', () => {
  it('reads the documented layouts', () => {
    expect(readDarmaCsv('time,x,y\r\n0,10,-20\r\n0.5,12.5,-19\r\n')).toEqual([
      { time: 0, x: 10, y: -20 },
      { time: 0.5, x: 12.5, y: -19 }
    ])
    expect(readCarmaCsv('time,value\n1,3\n2,4\n', { range: [1, 9] })).toEqual([
      { time: 1, value: 3 },
      { time: 2, value: 4 }
    ])
  })
  it('round-trips (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(arbDouble(-100, 100), arbDouble(-100, 100)), { maxLength: 20 }), (xy) => {
        const d = xy.map(([x, y], i) => ({ time: i / 4, x, y }))
        expect(readDarmaCsv(writeDarmaCsv(d))).toEqual(d)
        const c = xy.map(([value], i) => ({ time: i, value }))
        expect(readCarmaCsv(writeCarmaCsv(c))).toEqual(c)
      })
    )
  })
  it('rejects bad input', () => {
    expectParseError(() => readCarmaCsv('0,1\n1,2\n'), /missing header/)
    expectParseError(() => readCarmaCsv('time;value\n0;1\n'), /wrong delimiter/)
    expectParseError(() => readDarmaCsv('time,x,y\n0,1\n'), /line 2: expected 3 fields/)
    expectParseError(() => readDarmaCsv('time,x,y\n0,1,\n'), /line 2, field 'y': empty cell/)
    expectParseError(() => readCarmaCsv('time,value\n0,200\n'), /line 2, field 'value': value 200 out of range/)
    expectParseError(() => readCarmaCsv('time,value\n0,1\n0,1\n'), /line 3, field 'time': duplicated time 0/)
    expectParseError(() => readCarmaCsv('time,value\n0,1\n1,1\n3,1\n'), /line 4, field 'time': 1 missing sample/)
  })
})
