import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { type SewaRow, readSewaCsv, readSewaDimensionCsv, writeSewaCsv, writeSewaDimensionCsv } from './sewa'
import { arbDouble, arbText, expectParseError } from './test-shared-data'

const SAMPLE = 'name;timestamp;arousal;valence;liking\r\nTrain_DE_01;0.0;0.01;-0.05;0.0\r\nTrain_DE_01;0.1;0.02;-0.04;\r\nTrain_DE_02;0.0;0.5;0.5;0.1\r\n'

describe('SEWA / AVEC 2019 CSV', () => {
  it('reads the documented layout (CRLF, empty liking = null, per-name 0.1 s grid)', () => {
    const rows = readSewaCsv('\uFEFF' + SAMPLE)
    expect(rows).toHaveLength(3)
    expect(rows[0]).toEqual({ name: 'Train_DE_01', timestamp: 0, arousal: 0.01, valence: -0.05, liking: 0 })
    expect(rows[1].liking).toBeNull()
    expect(rows[2].name).toBe('Train_DE_02')
  })
  it('round-trips (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ name: arbText(), start: fc.nat(1000), values: fc.array(fc.tuple(arbDouble(-1, 1), arbDouble(-1, 1), fc.option(arbDouble(-1, 1), { nil: null })), { minLength: 1, maxLength: 4 }) }),
          { maxLength: 3 }
        ),
        (seqs) => {
          const rows: SewaRow[] = []
          seqs.forEach((s, k) =>
            s.values.forEach(([arousal, valence, liking], i) => rows.push({ name: `${s.name}#${k}`, timestamp: (s.start + i) / 10, arousal, valence, liking }))
          )
          expect(readSewaCsv(writeSewaCsv(rows))).toEqual(rows)
        }
      ),
      { numRuns: 60 }
    )
  })
  it('rejects bad input', () => {
    const H = 'name;timestamp;arousal;valence;liking\n'
    expectParseError(() => readSewaCsv(SAMPLE.replace(/;/g, ',')), /wrong delimiter on line 1: expected ';' but found ','/)
    expectParseError(() => readSewaCsv('a;0.0;0.1;0.1;0\n'), /missing header/)
    expectParseError(() => readSewaCsv(H + 'a;0.0;;0.1;0\n'), /line 2, field 'arousal': empty cell/)
    expectParseError(() => readSewaCsv(H + 'a;0.0;NaN;0.1;0\n'), /line 2, field 'arousal': NaN/)
    expectParseError(() => readSewaCsv(H + 'a;0.0;1.5;0.1;0\n'), /line 2, field 'arousal': value 1.5 out of range/)
    expectParseError(() => readSewaCsv(H + 'a;0.0;0;0\n'), /line 2: expected 5 fields but found 4/)
    expectParseError(() => readSewaCsv(H + 'a;0.0;0;0;0\na;0.0;0;0;0\n'), /line 3, field 'timestamp': duplicated time 0/)
    expectParseError(() => readSewaCsv(H + 'a;0.0;0;0;0\na;0.3;0;0;0\n'), /line 3, field 'timestamp': 2 missing sample\(s\)/)
  })
})

describe('SEWA per-dimension frame;value', () => {
  it('reads with or without header and round-trips', () => {
    expect(readSewaDimensionCsv('frame;value\n1;0.5\n2;-0.25\n')).toEqual([
      { frame: 1, value: 0.5 },
      { frame: 2, value: -0.25 }
    ])
    expect(readSewaDimensionCsv('0;0\r\n1;1\r\n')).toHaveLength(2)
    fc.assert(
      fc.property(fc.nat(100), fc.array(arbDouble(-1, 1), { minLength: 1, maxLength: 20 }), (start, vals) => {
        const s = vals.map((value, i) => ({ frame: start + i, value }))
        expect(readSewaDimensionCsv(writeSewaDimensionCsv(s))).toEqual(s)
      })
    )
  })
  it('rejects duplicated/missing frames and bad cells', () => {
    expectParseError(() => readSewaDimensionCsv('0;0\n0;0\n'), /line 2, field 'frame': duplicated frame 0/)
    expectParseError(() => readSewaDimensionCsv('0;0\n3;0\n'), /missing frame\(s\) 1\.\.2/)
    expectParseError(() => readSewaDimensionCsv('0,0\n1,0\n'), /wrong delimiter/)
    expectParseError(() => readSewaDimensionCsv('0;\n'), /line 1, field 'value': empty cell/)
  })
})
