import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { type PyFeatRow, readPyFeatCsv, writePyFeatCsv } from './py-feat'
import { HAS_SHARED_DATA, arbDouble, expectParseError, readShared } from './test-shared-data'

describe.skipIf(!HAS_SHARED_DATA)('py-feat on the genuine shared file', () => {
  it('reads py-feat-output.csv', () => {
    const rows = readPyFeatCsv(readShared('formats', 'py-feat-output.csv'))
    expect(rows).toHaveLength(40)
    const r = rows[0]
    expect(r.frame).toBe(0)
    expect(r.input).toBe('001.mp4')
    const f = r.face
    expect(f).not.toBeNull()
    expect(f?.rect.x).toBe(236.15380859375)
    expect(f?.score).toBe(0.9993259)
    expect(f?.landmarks).toHaveLength(68)
    expect(f?.landmarks?.[0]).toEqual([355.59026655374674, 505.4746324815801])
    expect(f?.landmarks?.[67]).toEqual([554.726885544415, 704.7265391340362])
    expect(f?.pose?.pitch).toBe(-3.541830833753086)
    expect(Object.keys(f?.aus ?? {})).toHaveLength(20)
    expect(f?.aus.AU01).toBe(0.5463019)
    expect(f?.aus.AU07).toBe(1)
    expect(f?.emotions.happiness).toBe(0.9815739)
    expect(Object.keys(f?.emotions ?? {})).toEqual(['anger', 'disgust', 'fear', 'happiness', 'sadness', 'surprise', 'neutral'])
    expect(rows[39].frame).toBe(39)
    expect(readPyFeatCsv(writePyFeatCsv(rows))).toEqual(rows)
  })
})

describe('py-feat writer and errors', () => {
  it('round-trips, including no-face rows and repeated frames (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.record({ v: arbDouble(0, 1), p: arbDouble(-90, 90), xy: fc.array(arbDouble(0, 1000), { minLength: 4, maxLength: 4 }) }), { nil: null }), { maxLength: 6 }),
        (raw) => {
          const rows: PyFeatRow[] = raw.map((r, i) => ({
            frame: Math.floor(i / 2),
            input: 'clip 1.mp4',
            face:
              r === null
                ? null
                : {
                    rect: { x: r.xy[0], y: r.xy[1], width: r.xy[2], height: r.xy[3] },
                    score: r.v,
                    landmarks: [
                      [r.xy[0], r.xy[1]],
                      [r.xy[2], r.xy[3]]
                    ],
                    pose: { pitch: r.p, roll: -r.p, yaw: r.p / 2 },
                    aus: { AU01: r.v, AU43: 1 - r.v },
                    emotions: { anger: r.v, neutral: 1 - r.v }
                  }
          }))
          expect(readPyFeatCsv(writePyFeatCsv(rows))).toEqual(rows)
        }
      ),
      { numRuns: 30 }
    )
  })
  it('rejects bad input', () => {
    const H = 'FaceRectX,FaceRectY,FaceRectWidth,FaceRectHeight,FaceScore,x_0,y_0,AU01,happiness,input,frame\n'
    expect(readPyFeatCsv(H + 'NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,a.mp4,0\n')[0].face).toBeNull()
    expectParseError(() => readPyFeatCsv(H + '1,2,3,4,0.9,5,NaN,0.1,0.2,a.mp4,0\n'), /line 2, field 'y_0': NaN in a row with a detected face/)
    expectParseError(() => readPyFeatCsv(H + '1,2,3,4,0.9,5,6,1.1,0.2,a.mp4,0\n'), /line 2, field 'AU01': value 1.1 out of range/)
    expectParseError(() => readPyFeatCsv(H + '1,2,3,4,0.9,5,6,0.1,0.2,a.mp4,1\n1,2,3,4,0.9,5,6,0.1,0.2,a.mp4,0\n'), /line 3, field 'frame': frame 0 after 1/)
    expectParseError(() => readPyFeatCsv('FaceRectX;FaceRectY\n1;2\n'), /wrong delimiter/)
    expectParseError(() => readPyFeatCsv('x_0,y_0,input,frame\n1,2,a,0\n'), /missing header column\(s\) 'FaceRectX'/)
  })
})
