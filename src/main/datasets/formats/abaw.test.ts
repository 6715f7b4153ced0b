import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ABAW_AUS } from './abaw-common'
import { abawImageName, parseAbawImageName, readAbawMtlTxt, writeAbawMtlTxt, type AbawMtlRow } from './abaw-mtl'
import { readAbawAuTxt, readAbawExprTxt, readAbawVaTxt, writeAbawAuTxt, writeAbawExprTxt } from './abaw-video'
import { arbDouble, expectParseError, HAS_SHARED_DATA, readShared, SHARED_DATA_DIR } from './test-shared-data'

const AU_HEAD = ABAW_AUS.join(',')
const EXPR_HEAD = 'Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise,Other'
const arbAuRow = fc.option(fc.array(fc.constantFrom<0 | 1 | null>(0, 1, null), { minLength: 12, maxLength: 12 }), { nil: null }).map((r) => (r && r.every((x) => x === null) ? null : r))

describe('ABAW MTL list', () => {
  it('reads the published layout: 5 header names, 16 fields, sentinels as null', () => {
    const text = `image,valence,arousal,expression,aus\r\n1-30-1280x720/00001.jpg,-0.0925,0.3137,4,0,0,0,1,1,0,1,0,0,0,1,0\r\n1-30-1280x720/00002.jpg,-5,-5,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1\n`
    const rows = readAbawMtlTxt(text)
    expect(rows).toEqual([
      { image: '1-30-1280x720/00001.jpg', va: { valence: -0.0925, arousal: 0.3137 }, expression: 4, aus: [0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 1, 0] },
      { image: '1-30-1280x720/00002.jpg', va: null, expression: null, aus: null }
    ])
  })
  it('round-trips any rows (missing labels included)', () => {
    const row = fc.record({
      image: fc.tuple(fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), fc.integer({ min: 0, max: 99998 })).map(([v, f]) => abawImageName(v, f)),
      va: fc.option(fc.record({ valence: arbDouble(-1, 1), arousal: arbDouble(-1, 1) }), { nil: null }),
      expression: fc.option(fc.integer({ min: 0, max: 7 }), { nil: null }),
      aus: arbAuRow
    })
    fc.assert(
      fc.property(fc.uniqueArray(row, { selector: (r) => r.image, maxLength: 20 }), (rows: AbawMtlRow[]) => {
        expect(readAbawMtlTxt(writeAbawMtlTxt(rows))).toEqual(rows)
      })
    )
  })
  it('names frames as ABAW does (1-based, 5 digits) and parses them back', () => {
    expect(abawImageName('S01_T01', 0)).toBe('S01_T01/00001.jpg')
    expect(parseAbawImageName('S01_T01/00042.jpg')).toEqual({ video: 'S01_T01', frame: 41 })
    expect(parseAbawImageName('S01_T01/00000.jpg')).toBeNull()
  })
  it('rejects malformed lists with the line and field', () => {
    const h = 'image,valence,arousal,expression,aus\n'
    const ok = 'a/00001.jpg,0.1,0.2,3,0,0,0,0,0,0,0,0,0,0,0,0'
    expectParseError(() => readAbawMtlTxt(ok + '\n'), /missing header: line 1 is data/)
    expectParseError(() => readAbawMtlTxt('image,valence,arousal,expr,aus\n' + ok), /line 1: header must be/)
    expectParseError(() => readAbawMtlTxt(h + ok + ',1\n'), /line 2: expected 16 fields but found 17/)
    expectParseError(() => readAbawMtlTxt(h + ok + '\n' + ok + '\n'), /line 3, field 'image': image 'a\/00001.jpg' already listed on line 2/)
    expectParseError(() => readAbawMtlTxt(h + 'a/1.jpg,-5,0.2,3,0,0,0,0,0,0,0,0,0,0,0,0\n'), /line 2, field 'valence': only one dimension marked −5/)
    expectParseError(() => readAbawMtlTxt(h + 'a/1.jpg,1.5,0.2,3,0,0,0,0,0,0,0,0,0,0,0,0\n'), /line 2, field 'valence': value 1.5 out of range/)
    expectParseError(() => readAbawMtlTxt(h + 'a/1.jpg,0.1,0.2,8,0,0,0,0,0,0,0,0,0,0,0,0\n'), /line 2, field 'expression': expression 8 is not a class index 0..7/)
    expectParseError(() => readAbawMtlTxt(h + 'a/1.jpg,0.1,0.2,2.5,0,0,0,0,0,0,0,0,0,0,0,0\n'), /line 2, field 'expression': expected an integer/)
    expectParseError(() => readAbawMtlTxt(h + 'a/1.jpg,0.1,0.2,2,0,0,0,0,0,0,0,0,0,0,2,0\n'), /line 2, field 'AU25': AU value 2 is not 0, 1 or −1/)
    expectParseError(() => readAbawMtlTxt(h.replace(/,/g, ';') + ok.replace(/,/g, ';')), /wrong delimiter/)
  })
})

describe('ABAW per-video EXPR / AU / VA txt', () => {
  it('EXPR: reads 8-class and 7-class headers, −1 = null, round-trips', () => {
    expect(readAbawExprTxt(`${EXPR_HEAD}\n0\n-1\n7\n`)).toEqual({ classes: EXPR_HEAD.split(','), frames: [0, null, 7] })
    expect(readAbawExprTxt('Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise\n6\n').classes.length).toBe(7)
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 7 }), { nil: null }), { maxLength: 40 }), (frames) => {
        expect(readAbawExprTxt(writeAbawExprTxt(frames)).frames).toEqual(frames)
      })
    )
  })
  it('EXPR: rejects a missing header, a class outside the header, extra fields', () => {
    expectParseError(() => readAbawExprTxt('3\n4\n'), /missing header: line 1 is data/)
    expectParseError(() => readAbawExprTxt('Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise\n7\n'), /line 2, field 'expression': expression 7 is not a class index 0..6/)
    expectParseError(() => readAbawExprTxt(`${EXPR_HEAD}\n1\n2,3\n`), /line 3: expected 1 fields but found 2/)
    expectParseError(() => readAbawExprTxt('Happy,Sad\n1\n'), /line 1: header must be/)
  })
  it('AU: 12 columns of 0/1, a row of −1 = null, round-trips', () => {
    const rows = readAbawAuTxt(`${AU_HEAD}\n1,0,0,0,0,0,1,0,0,0,1,1\n-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1\n`)
    expect(rows).toEqual([[1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1], null])
    fc.assert(
      fc.property(fc.array(arbAuRow, { maxLength: 30 }), (frames) => {
        expect(readAbawAuTxt(writeAbawAuTxt(frames))).toEqual(frames)
      })
    )
  })
  it('AU: rejects a wrong header, short rows and values other than 0/1/−1', () => {
    expectParseError(() => readAbawAuTxt('1,0,0,0,0,0,1,0,0,0,1,1\n'), /missing header: line 1 is data/)
    expectParseError(() => readAbawAuTxt('AU1,AU2\n1,0\n'), /line 1: header must be 'AU1,AU2,AU4/)
    expectParseError(() => readAbawAuTxt(`${AU_HEAD}\n1,0,0\n`), /line 2: expected 12 fields but found 3/)
    expectParseError(() => readAbawAuTxt(`${AU_HEAD}\n0,0,0,0,0,0,0,0,0,0,0,0\n0,0,0,0,0,0,0.5,0,0,0,0,0\n`), /line 3, field 'AU12': expected an integer/)
  })
  it('VA: the Aff-Wild2 VA file, −5 = null', () => {
    expect(readAbawVaTxt('valence,arousal\n0.5,-0.25\n-5,-5\n')).toEqual([{ valence: 0.5, arousal: -0.25 }, null])
  })
})

/** Genuine ABAW label files, when someone puts them in ../shared/data/formats/abaw/ (none ship today). */
const ABAW_DIR = path.join(SHARED_DATA_DIR, 'formats', 'abaw')
const HAS_ABAW = HAS_SHARED_DATA && existsSync(ABAW_DIR)
if (!HAS_ABAW) console.warn(`skipped: no genuine ABAW label files (looked in ${ABAW_DIR}); the readers are tested on files written in the documented layout`)

describe.skipIf(!HAS_ABAW)('genuine ABAW label files (../shared/data/formats/abaw)', () => {
  it('every .txt parses with the reader its header names', () => {
    const files = readdirSync(ABAW_DIR).filter((f) => f.endsWith('.txt'))
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) {
      const text = readShared('formats', 'abaw', f)
      const head = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].trim()
      const n = head.startsWith('image,') ? readAbawMtlTxt(text).length : head.startsWith('AU1,') ? readAbawAuTxt(text).length : head.startsWith('valence,') ? readAbawVaTxt(text).length : readAbawExprTxt(text).frames.length
      expect(n, f).toBeGreaterThan(0)
    }
  })
})
