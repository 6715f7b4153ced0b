import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { checkContiguousFrames, detectDelimiter, expectDelimiter, formatNumber, parseNumber, quoteField, tokenizeCsv } from './csv'
import { expectParseError } from './test-shared-data'

describe('csv tokenizer', () => {
  it('handles quotes, escaped quotes, embedded delimiters/newlines, CRLF and BOM', () => {
    const recs = tokenizeCsv('\uFEFFa,"b,1","say ""hi"""\r\n\r\n"multi\nline",,x\r\n')
    expect(recs.map((r) => r.fields)).toEqual([
      ['a', 'b,1', 'say "hi"'],
      ['multi\nline', '', 'x']
    ])
    expect(recs.map((r) => r.line)).toEqual([1, 3])
    expect(recs[0].quoted).toEqual([false, true, true])
  })
  it('reports unterminated quotes and garbage after a closing quote', () => {
    expectParseError(() => tokenizeCsv('a,"b\n'), /line 1: unterminated quoted field/)
    expectParseError(() => tokenizeCsv('a\n"b"c,d\n'), /line 2: unexpected character 'c'/)
  })
  it('detects delimiters and reports the wrong one', () => {
    expect(detectDelimiter('a;b;c\n1;2;3')).toBe(';')
    expect(detectDelimiter('"a;b",c,d')).toBe(',')
    expect(detectDelimiter('a\tb')).toBe('\t')
    expectParseError(() => expectDelimiter('a,b,c\n', ';', 'X'), /wrong delimiter on line 1: expected ';' but found ','/)
  })
  it('parses numbers strictly', () => {
    expect(parseNumber(' 1.5e3 ', 2, 'v')).toBe(1500)
    expectParseError(() => parseNumber('', 4, 'valence'), /line 4, field 'valence': empty cell/)
    expectParseError(() => parseNumber('NaN', 4, 'valence'), /NaN is not allowed/)
    expectParseError(() => parseNumber('1.2.3', 4, 'v'), /not a number/)
    expectParseError(() => parseNumber('2', 4, 'v', { max: 1 }), /out of range/)
    expectParseError(() => parseNumber('2.5', 4, 'frame', { integer: true }), /expected an integer/)
  })
  it('reports duplicated and missing frames', () => {
    expectParseError(() => checkContiguousFrames([0, 1, 1], [2, 3, 4], 'X'), /line 4, field 'frame': duplicated frame 1/)
    expectParseError(() => checkContiguousFrames([0, 1, 4], [2, 3, 4], 'X'), /missing frame\(s\) 2\.\.3/)
  })
  it('round-trips arbitrary fields and numbers', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = rows.map((r) => r.map((f) => quoteField(f, ',', true)).join(',')).join('\r\n')
        expect(tokenizeCsv(text).map((r) => r.fields)).toEqual(rows)
      })
    )
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => Object.is(Number(formatNumber(x)), x)))
  })
})
