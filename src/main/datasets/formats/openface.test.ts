import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { type OpenFaceFrame, readOpenFaceCsv, writeOpenFaceCsv } from './openface'
import { HAS_SHARED_DATA, arbDouble, expectParseError, readShared } from './test-shared-data'

describe.skipIf(!HAS_SHARED_DATA)('OpenFace on the genuine shared file', () => {
  it('reads OpenFace_Test.csv (space-prefixed header, CRLF, no final newline)', () => {
    const frames = readOpenFaceCsv(readShared('formats', 'OpenFace_Test.csv'))
    expect(frames).toHaveLength(100)
    const f = frames[0]
    expect(f).toMatchObject({ frame: 1, faceId: null, timestamp: 0, confidence: 0.883333, success: true })
    expect(f.landmarks).toHaveLength(68)
    expect(f.landmarks?.[0]).toEqual([277.276, 181.19])
    expect(f.landmarks?.[67]).toEqual([329.36, 236.823])
    expect(Object.keys(f.auIntensity)).toHaveLength(17)
    expect(Object.keys(f.auPresence)).toHaveLength(18)
    expect(f.auIntensity.AU01).toBe(0.6773)
    expect(f.auPresence.AU28).toBe(0)
    expect(f.extra.gaze_0_x).toBe(0.109059)
    expect(f.extra.p_scale).toBe(0.724588)
    expect(f.extra.X_0).toBeDefined()
    expect(frames[99]).toMatchObject({ frame: 100, timestamp: 0.099 })
    expect(frames[99].landmarks?.[0][0]).toBe(276.087)
    expect(readOpenFaceCsv(writeOpenFaceCsv(frames))).toEqual(frames)
  })
})

describe('OpenFace writer and errors', () => {
  it('round-trips (fast-check), with and without face_id', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.record({ conf: arbDouble(0, 1), ok: fc.boolean(), au: arbDouble(0, 5), c: fc.constantFrom(0, 1), g: arbDouble(-1, 1), xy: fc.array(arbDouble(0, 2000), { minLength: 4, maxLength: 4 }) }), { maxLength: 5 }),
        (multi, raw) => {
          const frames: OpenFaceFrame[] = raw.map((r, i) => ({
            frame: i + 1,
            faceId: multi ? 0 : null,
            timestamp: i / 30,
            confidence: r.conf,
            success: r.ok,
            landmarks: [
              [r.xy[0], r.xy[1]],
              [r.xy[2], r.xy[3]]
            ],
            auIntensity: { AU01: r.au, AU12: r.au },
            auPresence: { AU01: r.c, AU28: r.c },
            extra: { gaze_0_x: r.g }
          }))
          expect(readOpenFaceCsv(writeOpenFaceCsv(frames))).toEqual(frames)
        }
      ),
      { numRuns: 30 }
    )
  })
  it('rejects bad input', () => {
    const H = 'frame, timestamp, confidence, success, x_0, x_1, y_0, y_1, AU01_r, AU01_c\n'
    const row = (f: number, t: number, extra = '1,2,3,4,0.5,1'): string => `${f},${t},0.9,1,${extra}\n`
    expect(readOpenFaceCsv(H + row(1, 0) + row(2, 0.04))).toHaveLength(2)
    expectParseError(() => readOpenFaceCsv('frame;timestamp;confidence;success\n1;0;1;1\n'), /wrong delimiter/)
    expectParseError(() => readOpenFaceCsv('frame, confidence, success\n1,1,1\n'), /missing header column\(s\) 'timestamp'/)
    expectParseError(() => readOpenFaceCsv(H + row(1, 0) + row(1, 0.04)), /line 3, field 'frame': duplicated frame 1/)
    expectParseError(() => readOpenFaceCsv(H + row(1, 0) + row(3, 0.04)), /line 3, field 'frame': missing frame\(s\) 2\.\.2/)
    expectParseError(() => readOpenFaceCsv(H + row(1, 0) + row(2, 0)), /line 3, field 'timestamp': timestamp 0 not after 0/)
    expectParseError(() => readOpenFaceCsv(H + row(1, 0, '1,2,3,,0.5,1')), /line 2, field 'y_1': empty cell/)
    expectParseError(() => readOpenFaceCsv(H + row(1, 0, '1,2,3,4,7,1')), /line 2, field 'AU01_r': value 7 out of range/)
    expectParseError(() => readOpenFaceCsv(H + row(1, 0, '1,2,3,4,0.5')), /line 2: expected 10 fields but found 9/)
    expectParseError(() => readOpenFaceCsv('frame, timestamp, confidence, success, x_0, x_1, y_0\n1,0,1,1,1,2,3\n'), /2 x_\* columns but 1 y_\* columns \(mismatched lengths\)/)
  })
})
