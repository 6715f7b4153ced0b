import { describe, expect, it } from 'vitest'
import { parseArgs } from '../args'
import { parseConfidenceFlag, parseDelimiterFlag, withBooleanFlags } from './cli-io'
import { alignTable, fmt, fmtP } from './text-format'

describe('affect CLI helpers', () => {
  it('withBooleanFlags moves a value glued to a boolean flag back to the positionals', () => {
    expect(withBooleanFlags(parseArgs(['--json', 'a.csv', '--delimiter', ';']), ['json'])).toEqual({
      positionals: ['a.csv'],
      flags: { json: true, delimiter: ';' }
    })
    expect(withBooleanFlags(parseArgs(['x', '--json=false']), ['json']).flags.json).toBe(false)
    expect(withBooleanFlags(parseArgs(['x', '--json']), ['json']).flags.json).toBe(true)
  })

  it('parses --delimiter and --confidence', () => {
    expect(parseDelimiterFlag(undefined)).toBe(',')
    expect(parseDelimiterFlag(';')).toBe(';')
    expect(parseDelimiterFlag('tab')).toBe('\t')
    expect(() => parseDelimiterFlag('|')).toThrow(/--delimiter/)
    expect(parseConfidenceFlag(undefined)).toBe(0.95)
    expect(parseConfidenceFlag('0.9')).toBe(0.9)
    expect(parseConfidenceFlag('99%')).toBeCloseTo(0.99, 15)
    expect(() => parseConfidenceFlag('95')).toThrow(/\(0, 1\)/)
    expect(() => parseConfidenceFlag('abc')).toThrow(/\(0, 1\)/)
  })

  it('formats numbers and aligns tables', () => {
    expect(fmt(0.123456)).toBe('0.1235')
    expect(fmt(-0.00001)).toBe('0.0000')
    expect(fmt(NaN)).toBe('n/a')
    expect(fmtP(0.00013456)).toBe('1.35e-4')
    expect(fmtP(0.1647688)).toBe('0.1648')
    expect(alignTable([['name', 'v'], ['long name', '1.5'], ['x', 'n/a']])).toEqual(['name         v', 'long name  1.5', 'x          n/a'])
  })
})
