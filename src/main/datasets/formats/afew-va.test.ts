import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { type AfewVaClip, readAfewVaJson, writeAfewVaJson } from './afew-va'
import { arbDouble, arbText, expectParseError } from './test-shared-data'

const lm68 = (k = 0): Array<[number, number]> => Array.from({ length: 68 }, (_, i) => [100 + i + k, 200 - i] as [number, number])

describe('AFEW-VA JSON', () => {
  it('reads the documented layout (zero-padded keys, 68 [x,y] landmarks)', () => {
    const text = JSON.stringify({
      actor: 'Daniel_Radcliffe',
      video_id: '001',
      frames: { '00001': { valence: -2, arousal: 4.5, landmarks: lm68(1) }, '00000': { valence: 0, arousal: 3, landmarks: lm68() } }
    })
    const clip = readAfewVaJson('\uFEFF' + text)
    expect(clip.videoId).toBe('001')
    expect(clip.actor).toBe('Daniel_Radcliffe')
    expect(clip.frames.map((f) => f.frame)).toEqual([0, 1])
    expect(clip.frames[1]).toMatchObject({ valence: -2, arousal: 4.5 })
    expect(clip.frames[0].landmarks?.[67]).toEqual([167, 133])
  })
  it('writes zero-padded 5-digit frame keys and round-trips', () => {
    const clip: AfewVaClip = { videoId: '042', frames: [{ frame: 0, valence: 1, arousal: -1, landmarks: null }] }
    expect(writeAfewVaJson(clip)).toContain('"00000"')
    fc.assert(
      fc.property(
        fc.record({
          videoId: fc.stringMatching(/^\d{3}$/),
          actor: fc.option(arbText(), { nil: undefined }),
          start: fc.nat(50),
          frames: fc.array(
            fc.record({
              valence: arbDouble(-10, 10),
              arousal: arbDouble(-10, 10),
              landmarks: fc.option(fc.array(fc.tuple(arbDouble(-1e4, 1e4), arbDouble(-1e4, 1e4)), { minLength: 68, maxLength: 68 }), { nil: null })
            }),
            { maxLength: 4 }
          )
        }),
        ({ videoId, actor, start, frames }) => {
          const clip: AfewVaClip = { videoId, frames: frames.map((f, i) => ({ frame: start + i, ...f })) }
          if (actor !== undefined) clip.actor = actor
          expect(readAfewVaJson(writeAfewVaJson(clip))).toEqual(clip)
        }
      ),
      { numRuns: 25 }
    )
  })
  it('rejects bad input with PARSE_ERROR naming the field', () => {
    const base = (frames: unknown): string => JSON.stringify({ video_id: '001', frames })
    expectParseError(() => readAfewVaJson('{"video_id": "001", "frames": {'), /invalid JSON/)
    expectParseError(() => readAfewVaJson(JSON.stringify({ frames: {} })), /'video_id' missing/)
    expectParseError(() => readAfewVaJson(base({ '00000': { valence: 11, arousal: 0 } })), /frames\['00000'\]\.valence: value 11 out of range \[-10, 10\]/)
    expectParseError(() => readAfewVaJson(base({ '00000': { valence: null, arousal: 0 } })), /valence: expected a finite number/)
    expectParseError(() => readAfewVaJson(base({ '00000': { arousal: 0 } })), /missing field 'valence'/)
    expectParseError(() => readAfewVaJson(base({ '00000': { valence: 0, arousal: 0, landmarks: lm68().slice(1) } })), /expected 68 points, found 67/)
    expectParseError(() => readAfewVaJson(base({ '00000': { valence: 0, arousal: 0 }, '00002': { valence: 0, arousal: 0 } })), /missing frame\(s\) 1\.\.1/)
    expectParseError(() => readAfewVaJson(base({ '00000': { valence: 0, arousal: 0 }, '0': { valence: 0, arousal: 0 } })), /duplicated frame 0/)
    expectParseError(
      () => readAfewVaJson('{"video_id":"001","frames":{"00000":{"valence":0,"arousal":0},"00000":{"valence":1,"arousal":1}}}'),
      /duplicated frame key/
    )
    expectParseError(() => readAfewVaJson(base({ abc: { valence: 0, arousal: 0 } })), /frames\['abc'\]: frame key is not a non-negative integer/)
  })
})
