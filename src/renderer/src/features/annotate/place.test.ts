import { describe, expect, it } from 'vitest'
import { parsePlace } from './place'
import { createValueStore } from './own-trace-store'

describe('annotate place and value store', () => {
  it('parses a stored place field by field, ignoring malformed values', () => {
    expect(parsePlace(null)).toMatchObject({ annotatorId: null, mode: '2d', tab: 'rate' })
    expect(parsePlace('{not json')).toMatchObject({ annotatorId: null })
    expect(parsePlace('[1,2]')).toMatchObject({ annotatorId: null, mode: '2d' })
    expect(parsePlace(JSON.stringify({ annotatorId: 'a1', sessionId: 's', mode: '1d-arousal', tab: 'correct', lagS: 0.5, blind: true }))).toEqual({
      annotatorId: 'a1',
      sessionId: 's',
      mode: '1d-arousal',
      tab: 'correct',
      lagS: 0.5,
      blind: true
    })
    expect(parsePlace(JSON.stringify({ mode: 'bogus', tab: 7, lagS: 99, annotatorId: '' }))).toMatchObject({ mode: '2d', tab: 'rate', lagS: 0, annotatorId: null })
  })
  it('value store applies live samples per dimension and reloads ranges', () => {
    const s = createValueStore(5)
    s.applySamples([[1, 0.5, null], [2, null, -0.5], [9, 1, 1]])
    expect([...s.valence].map((x) => (Number.isNaN(x) ? null : x))).toEqual([null, 0.5, null, null, null])
    expect(s.arousal[2]).toBe(-0.5)
    s.load({ traceId: 't', frames: [2], valence: [0.25], arousal: [null] }, 1, 3)
    expect(Number.isNaN(s.valence[1])).toBe(true)
    expect(s.valence[2]).toBe(0.25)
    expect(Number.isNaN(s.arousal[2])).toBe(true)
    expect(s.version()).toBe(2)
  })
})
