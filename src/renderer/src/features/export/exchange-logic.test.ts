import { describe, expect, it } from 'vitest'
import { EXCHANGE_FORMATS } from '../../../../shared/annotation'
import {
  DEFAULT_MAPPING,
  exportArgs,
  FORMAT_INFO,
  fmt,
  coverageText,
  guessFormat,
  headLines,
  importMapping,
  isLengthMismatch,
  mimeOf,
  parseOptionalNumber,
  toUiError,
  type ExportForm
} from './exchange-logic'

const form: ExportForm = { scope: 'session', sessionId: 's1', projectId: '', traceIds: ['t1', 't2'], format: 'circumplex', dimension: 'valence', rateHz: '' }

describe('format facts', () => {
  it('describe every exchange format', () => {
    for (const f of EXCHANGE_FORMATS) expect(FORMAT_INFO[f].format).toBe(f)
    expect(FORMAT_INFO['afew-va'].nativeScale).toBe('-10,10')
    expect(EXCHANGE_FORMATS.filter((f) => FORMAT_INFO[f].single)).toEqual(['nova', 'carma'])
  })
})

describe('export arguments', () => {
  it('name the session and the chosen traces, and only the options the format takes', () => {
    expect(exportArgs(form)).toEqual({ args: { format: 'circumplex', sessionId: 's1', traceIds: ['t1', 't2'] } })
    expect(exportArgs({ ...form, format: 'nova', dimension: 'arousal', rateHz: ' 10 ' })).toEqual({
      args: { format: 'nova', sessionId: 's1', traceIds: ['t1', 't2'], dimension: 'arousal', rateHz: 10 }
    })
    // SEWA's grid is fixed at 0.1 s: no rate is sent even when typed.
    expect(exportArgs({ ...form, format: 'sewa', rateHz: '5' })).toEqual({ args: { format: 'sewa', sessionId: 's1', traceIds: ['t1', 't2'] } })
    expect(exportArgs({ ...form, format: 'darma' }, true)).toEqual({ args: { format: 'darma', sessionId: 's1', traceIds: ['t1', 't2'], allowLengthMismatch: true } })
    expect(exportArgs({ ...form, scope: 'project', projectId: 'p1' })).toEqual({ args: { format: 'circumplex', projectId: 'p1', traceIds: ['t1', 't2'] } })
  })
  it('say what is missing or wrong', () => {
    expect(exportArgs({ ...form, traceIds: [] })).toEqual({ error: 'Choose at least one trace.' })
    expect(exportArgs({ ...form, scope: 'project' })).toEqual({ error: 'Choose a project.' })
    expect(exportArgs({ ...form, format: 'carma', rateHz: 'fast' })).toHaveProperty('error', expect.stringMatching(/rate/))
    expect(exportArgs({ ...form, format: 'carma', rateHz: '-5' })).toHaveProperty('error')
  })
})

describe('import mapping', () => {
  it('defaults to nothing (the format decides)', () => {
    expect(importMapping('circumplex', DEFAULT_MAPPING)).toEqual({ mapping: {} })
  })
  it('sends the dimension for single-value formats and the rate only where the format has no times', () => {
    expect(importMapping('nova', { ...DEFAULT_MAPPING, dimension: 'arousal', rateHz: '10', offsetS: '1.5', scale: '0,1' })).toEqual({
      mapping: { scale: '0,1', dimension: 'arousal', rateHz: 10, offsetS: 1.5 }
    })
    expect(importMapping('carma', { ...DEFAULT_MAPPING, rateHz: '10' })).toEqual({ mapping: { dimension: 'valence' } })
  })
  it('maps one column of a 2-D file onto a chosen dimension', () => {
    expect(importMapping('darma', { ...DEFAULT_MAPPING, column: 'y', dimension: 'valence' })).toEqual({ mapping: { column: 'y', dimension: 'valence' } })
    expect(importMapping('circumplex', { ...DEFAULT_MAPPING, column: 'x' })).toHaveProperty('error', expect.stringMatching(/no value column 'x'/))
  })
  it('refuses numbers that are not numbers', () => {
    expect(importMapping('circumplex', { ...DEFAULT_MAPPING, offsetS: '1,5' })).toHaveProperty('error', expect.stringMatching(/offset/))
    expect(importMapping('nova', { ...DEFAULT_MAPPING, rateHz: '0' })).toHaveProperty('error', expect.stringMatching(/rate/))
    expect(importMapping('circumplex', { ...DEFAULT_MAPPING, offsetS: '0' })).toEqual({ mapping: {} })
    expect(importMapping('circumplex', { ...DEFAULT_MAPPING, offsetS: '-0.04' })).toEqual({ mapping: { offsetS: -0.04 } })
  })
  it('parses optional numbers strictly', () => {
    expect(parseOptionalNumber('')).toBeUndefined()
    expect(parseOptionalNumber(' 2.5 ')).toBe(2.5)
    expect(parseOptionalNumber('.5')).toBe(0.5)
    expect(parseOptionalNumber('1e3')).toBe(1000)
    expect(parseOptionalNumber('12abc')).toBeNaN()
    expect(parseOptionalNumber('Infinity')).toBeNaN()
  })
})

describe('format guessing', () => {
  it('recognises each format by its first line or extension', () => {
    expect(guessFormat('a.csv', 'frame,time_s,valence,arousal,source\n0,0,0.1,0.2,x\n')).toBe('circumplex')
    expect(guessFormat('a.txt', 'valence,arousal\n0.1,0.2\n')).toBe('aff-wild2')
    expect(guessFormat('a.csv', 'name;timestamp;arousal;valence;liking\n')).toBe('sewa')
    expect(guessFormat('a.csv', '0.25;1\n0;0\n')).toBe('nova')
    expect(guessFormat('a.csv', 'time,x,y\n0,0.1,0.2\n')).toBe('darma')
    expect(guessFormat('a.csv', '\ufefftime,value\n0,0.1\n')).toBe('carma')
    expect(guessFormat('a.json', '{"video_id":"x"}')).toBe('afew-va')
    expect(guessFormat('a.csv', 'something,else\n')).toBeNull()
  })
})

describe('small helpers', () => {
  it('format numbers and undefined values', () => {
    expect(fmt(0.12345)).toBe('0.123')
    expect(fmt(null)).toBe('–')
    expect(fmt(NaN)).toBe('–')
    expect(coverageText(150, 300)).toBe('150 of 300 frames (50.0 %)')
    expect(mimeOf('x.json')).toBe('application/json')
    expect(mimeOf('x.txt')).toBe('text/plain')
    expect(mimeOf('x.csv')).toBe('text/csv')
    expect(headLines('a\nb\nc\nd\ne\nf', 2)).toBe('a\nb\n…')
    expect(headLines('a\nb\n', 2)).toBe('a\nb')
  })
  it('keep the backend error code', () => {
    const e = Object.assign(new Error('trace spans 250 frames'), { code: 'LENGTH_MISMATCH' })
    expect(toUiError(e)).toEqual({ code: 'LENGTH_MISMATCH', message: 'trace spans 250 frames' })
    expect(isLengthMismatch(toUiError(e))).toBe(true)
    expect(toUiError('boom')).toEqual({ code: 'INTERNAL', message: 'boom' })
  })
})
