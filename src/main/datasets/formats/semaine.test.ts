import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readSemaineTrace, writeSemaineTrace } from './semaine'
import { arbDouble, expectParseError } from './test-shared-data'

describe('SEMAINE traces', () => {
  it('reads whitespace-separated time/value pairs', () => {
    expect(readSemaineTrace('0.00 0.123\r\n0.02\t-0.5\r\n\r\n 0.04   1 \n')).toEqual([
      { time: 0, value: 0.123 },
      { time: 0.02, value: -0.5 },
      { time: 0.04, value: 1 }
    ])
  })
  it('round-trips (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(arbDouble(0.001, 10), arbDouble(-1, 1)), { minLength: 1, maxLength: 20 }), (pairs) => {
        let t = 0
        const s = pairs.map(([dt, value]) => ({ time: (t += dt), value }))
        expect(readSemaineTrace(writeSemaineTrace(s))).toEqual(s)
      })
    )
  })
  it('rejects bad input', () => {
    expectParseError(() => readSemaineTrace('0.0,0.1\n'), /line 1: wrong delimiter/)
    expectParseError(() => readSemaineTrace('time value\n0 0\n'), /line 1: unexpected header/)
    expectParseError(() => readSemaineTrace('0 0\n0.1\n'), /line 2: expected 2 values/)
    expectParseError(() => readSemaineTrace('0 NaN\n'), /line 1, field 'value': NaN/)
    expectParseError(() => readSemaineTrace('0 1.5\n'), /value 1.5 out of range/)
    expectParseError(() => readSemaineTrace('0 0\n0 0.1\n'), /line 2, field 'time': duplicated time 0/)
    expectParseError(() => readSemaineTrace(''), /empty file/)
    expect(readSemaineTrace('0 50\n', { range: [0, 100] })).toEqual([{ time: 0, value: 50 }])
  })
})
