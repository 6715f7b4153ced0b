import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readAffWild2VaTxt, writeAffWild2VaTxt } from './aff-wild2'
import { arbDouble, expectParseError } from './test-shared-data'

describe('Aff-Wild2 VA txt', () => {
  it('reads frames and drops -5 (not annotated) as null, never rescaled', () => {
    const frames = readAffWild2VaTxt('\uFEFFvalence,arousal\r\n0.25,-0.1\r\n-5,-5\r\n-1,1\r\n')
    expect(frames).toEqual([{ valence: 0.25, arousal: -0.1 }, null, { valence: -1, arousal: 1 }])
  })
  it('writes null as -5,-5 and round-trips', () => {
    expect(writeAffWild2VaTxt([null])).toBe('valence,arousal\n-5,-5\n')
    fc.assert(
      fc.property(fc.array(fc.option(fc.record({ valence: arbDouble(-1, 1), arousal: arbDouble(-1, 1) }), { nil: null }), { maxLength: 30 }), (frames) => {
        expect(readAffWild2VaTxt(writeAffWild2VaTxt(frames))).toEqual(frames)
      })
    )
  })
  it('rejects bad input', () => {
    expectParseError(() => readAffWild2VaTxt('0.1,0.2\n'), /missing header/)
    expectParseError(() => readAffWild2VaTxt('valence;arousal\n0.1;0.2\n'), /wrong delimiter/)
    expectParseError(() => readAffWild2VaTxt('valence,arousal\n0.1,\n'), /line 2, field 'arousal': empty cell/)
    expectParseError(() => readAffWild2VaTxt('valence,arousal\nnan,0.1\n'), /line 2, field 'valence': NaN/)
    expectParseError(() => readAffWild2VaTxt('valence,arousal\n1.2,0.1\n'), /line 2, field 'valence': value 1.2 out of range/)
    expectParseError(() => readAffWild2VaTxt('valence,arousal\n-5,0.1\n'), /line 2, field 'valence': only one dimension marked -5/)
    expectParseError(() => readAffWild2VaTxt('valence,arousal\n0.1,0.1,0.3\n'), /line 2: expected 2 fields but found 3/)
  })
})
