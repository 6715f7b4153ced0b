import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { novaSampleTime, readNovaCsv, writeNovaCsv } from './nova'
import { arbDouble, expectParseError } from './test-shared-data'

describe('NOVA continuous CSV', () => {
  it('reads score;confidence samples at a given rate', () => {
    const a = readNovaCsv('0.5;1\r\n-0.25;0.8\r\n1e-3;0\r\n', 25)
    expect(a.sampleRate).toBe(25)
    expect(a.samples).toEqual([
      { score: 0.5, confidence: 1 },
      { score: -0.25, confidence: 0.8 },
      { score: 0.001, confidence: 0 }
    ])
    expect(novaSampleTime(2, 25)).toBe(0.08)
  })
  it('round-trips (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ score: arbDouble(-1, 1), confidence: arbDouble(0, 1) }), { minLength: 1, maxLength: 30 }), (samples) => {
        expect(readNovaCsv(writeNovaCsv(samples), 10).samples).toEqual(samples)
      })
    )
  })
  it('rejects bad input', () => {
    expectParseError(() => readNovaCsv('0.5,1\n', 25), /wrong delimiter/)
    expectParseError(() => readNovaCsv('score;confidence\n0.5;1\n', 25), /unexpected header/)
    expectParseError(() => readNovaCsv('0.5;1\nNaN;0\n', 25), /line 2, field 'score': NaN/)
    expectParseError(() => readNovaCsv('0.5;1\n0.1;\n', 25), /line 2, field 'confidence': empty cell/)
    expectParseError(() => readNovaCsv('0.5;1.5\n', 25), /field 'confidence': value 1.5 out of range/)
    expectParseError(() => readNovaCsv('0.5;1;2\n', 25), /line 1: expected 2 fields/)
    expectParseError(() => readNovaCsv('0.5;1\n', 0), /sample rate/)
    expect(readNovaCsv('7;1\n', 25, { range: [0, 10] }).samples[0].score).toBe(7)
  })
})
