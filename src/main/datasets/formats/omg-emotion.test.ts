import { readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { type OmgGoldRow, OMG_EMOTIONS, readOmgAnnotation, readOmgGoldCsv, writeOmgAnnotation, writeOmgGoldCsv } from './omg-emotion'
import { HAS_SHARED_DATA, SHARED_DATA_DIR, arbDouble, arbText, expectParseError, readShared } from './test-shared-data'

describe.skipIf(!HAS_SHARED_DATA)('OMG-Emotion on genuine shared files', () => {
  it('reads omg_TrainVideos.head.csv', () => {
    const rows = readOmgGoldCsv(readShared('formats', 'omg_TrainVideos.head.csv'))
    expect(rows).toHaveLength(9)
    expect(rows[0]).toEqual({
      link: 'https://www.youtube.com/watch?v=CROcsl0lIec',
      start: 15.412683808758537,
      end: 19.68286460425874,
      video: '5b44393ed',
      utterance: 'utterance_4.mp4',
      arousal: 0.17009126740299998,
      valence: -0.0236966881471,
      emotionMaxVote: 4
    })
    expect(OMG_EMOTIONS[rows[0].emotionMaxVote]).toBe('Neutral')
    expect(rows[8].utterance).toBe('utterance_2.mp4')
    expect(readOmgGoldCsv(writeOmgGoldCsv(rows))).toEqual(rows)
  })
  it('reads the DetailedAnnotation per-annotator file', () => {
    const file = readdirSync(path.join(SHARED_DATA_DIR, 'formats')).find((f) => f.startsWith('DetailedAnnotation_'))
    expect(file).toBeDefined()
    expect(readOmgAnnotation(readShared('formats', file as string))).toEqual({ arousal: 96, valence: 90.3, emotion: 'Surprise' })
  })
})

describe('OMG-Emotion writers and errors', () => {
  it('round-trips (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            link: arbText(),
            start: arbDouble(0, 100),
            len: arbDouble(0, 100),
            video: arbText(),
            arousal: arbDouble(0, 1),
            valence: arbDouble(-1, 1),
            emotionMaxVote: fc.integer({ min: 0, max: 6 })
          }),
          { maxLength: 5 }
        ),
        (raw) => {
          const rows: OmgGoldRow[] = raw.map(({ len, ...r }, i) => ({ ...r, end: r.start + len, utterance: `utterance_${i}.mp4` }))
          expect(readOmgGoldCsv(writeOmgGoldCsv(rows))).toEqual(rows)
        }
      ),
      { numRuns: 30 }
    )
    fc.assert(
      fc.property(arbDouble(0, 100), arbDouble(-100, 100), arbText(), (arousal, valence, emotion) => {
        const a = { arousal, valence, emotion }
        expect(readOmgAnnotation(writeOmgAnnotation(a))).toEqual(a)
      }),
      { numRuns: 30 }
    )
  })
  it('rejects bad input', () => {
    const H = 'link,start,end,video,utterance,arousal,valence,EmotionMaxVote\n'
    const ok = 'l,0,1,v,u1,0.5,0.1,3\n'
    expectParseError(() => readOmgGoldCsv(H.replace(/,/g, ';') + ok.replace(/,/g, ';')), /wrong delimiter/)
    expectParseError(() => readOmgGoldCsv(ok), /missing header/)
    expectParseError(() => readOmgGoldCsv(H + 'l,0,1,v,u1,1.5,0.1,3\n'), /line 2, field 'arousal': value 1.5 out of range \[0, 1\]/)
    expectParseError(() => readOmgGoldCsv(H + 'l,0,1,v,u1,0.5,,3\n'), /line 2, field 'valence': empty cell/)
    expectParseError(() => readOmgGoldCsv(H + 'l,0,1,v,u1,0.5,0.1,7\n'), /line 2, field 'EmotionMaxVote': value 7 out of range/)
    expectParseError(() => readOmgGoldCsv(H + ok + ok), /line 3, field 'utterance': duplicated utterance v\/u1/)
    expectParseError(() => readOmgGoldCsv(H + 'l,0,1,v,u1,0.5,0.1\n'), /line 2: expected 8 fields/)
    expectParseError(() => readOmgAnnotation('arousal,valence,emotion\n'), /exactly one data row/)
    expectParseError(() => readOmgAnnotation('arousal,valence,emotion\nNaN,1,Sad\n'), /field 'arousal': NaN/)
  })
})
