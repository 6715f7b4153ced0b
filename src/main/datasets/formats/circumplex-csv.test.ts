import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { type CircumplexRow, readCircumplexCsv, writeCircumplexCsv } from './circumplex-csv'
import { arbDouble, expectParseError } from './test-shared-data'

describe('Circumplex wide CSV', () => {
  it('reads core and extra columns', () => {
    const rows = readCircumplexCsv('\uFEFFframe,time_s,valence,arousal,source,confidence,note\r\n0,0,0.5,-0.25,model-a,0.9,"12"\r\n2,0.08,,,model-a,,hello\r\n')
    expect(rows).toEqual([
      { frame: 0, timeS: 0, valence: 0.5, arousal: -0.25, source: 'model-a', extra: { confidence: 0.9, note: '12' } },
      { frame: 2, timeS: 0.08, valence: null, arousal: null, source: 'model-a', extra: { confidence: null, note: 'hello' } }
    ])
  })
  it('round-trips (fast-check)', () => {
    const extraValue = fc.oneof(arbDouble(-1e6, 1e6), fc.constant(null), fc.string({ maxLength: 6 }))
    fc.assert(
      fc.property(
        fc.array(fc.record({ va: fc.option(fc.tuple(arbDouble(-1, 1), arbDouble(-1, 1)), { nil: null }), source: fc.string({ maxLength: 6 }), conf: extraValue, q1: extraValue }), { maxLength: 6 }),
        (raw) => {
          const rows: CircumplexRow[] = raw.map((r, i) => ({
            frame: i * 2,
            timeS: (i * 2) / 25,
            valence: r.va === null ? null : r.va[0],
            arousal: r.va === null ? null : r.va[1],
            source: r.source,
            extra: { confidence: r.conf, p_q1: r.q1 }
          }))
          expect(readCircumplexCsv(writeCircumplexCsv(rows))).toEqual(rows)
        }
      ),
      { numRuns: 40 }
    )
  })
  it('rejects bad input', () => {
    const H = 'frame,time_s,valence,arousal,source\n'
    expectParseError(() => readCircumplexCsv('0,0,0.1,0.1,m\n'), /missing header/)
    expectParseError(() => readCircumplexCsv(H.replace(/,/g, ';') + '0;0;0;0;m\n'), /wrong delimiter/)
    expectParseError(() => readCircumplexCsv(H + '0,0,0.1,,m\n'), /line 2, field 'arousal': empty cell/)
    expectParseError(() => readCircumplexCsv(H + '0,0,NaN,0.1,m\n'), /line 2, field 'valence': NaN/)
    expectParseError(() => readCircumplexCsv(H + '0,0,2,0.1,m\n'), /line 2, field 'valence': value 2 out of range/)
    expectParseError(() => readCircumplexCsv(H + '0,0,0,0,m\n0,0.04,0,0,m\n'), /line 3, field 'frame': duplicated frame 0/)
    expectParseError(() => readCircumplexCsv(H + '0,0,0,0\n'), /line 2: expected 5 fields but found 4/)
  })
})
