import { describe, expect, it } from 'vitest'
import { flagInt, flagString, parseArgs } from './args'

describe('parseArgs', () => {
  it('reads values, =values, negations, booleans and positionals', () => {
    const a = parseArgs(['import', '--json', 'clip.mp4', '--port', '80', '--host=::1', '--no-demo', '--', '--literal'])
    expect(a.positionals).toEqual(['import', 'clip.mp4', '--literal'])
    expect(a.flags).toEqual({ json: true, port: '80', host: '::1', demo: false })
  })
  it('validates integers and values', () => {
    const a = parseArgs(['--k', '5', '--bad', 'x', '--empty'])
    expect(flagInt(a, 'k', { min: 2 })).toBe(5)
    expect(() => flagInt(a, 'bad')).toThrow(/integer/)
    expect(() => flagInt(parseArgs(['--k', '1']), 'k', { min: 2 })).toThrow(/>= 2/)
    expect(() => flagString(a, 'empty')).toThrow(/needs a value/)
    expect(flagInt(a, 'absent', { def: 3 })).toBe(3)
  })
})
