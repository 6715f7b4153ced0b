import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { arbDouble, arbText, expectParseError, HAS_SHARED_DATA, readShared } from '../formats/test-shared-data'
import { type DlibDataset, dlibBoxLandmarks, readDlibXml, writeDlibXml } from './dlib-xml'
import { scanXml } from './xml-scan'

describe.skipIf(!HAS_SHARED_DATA)('dlib XML on genuine testing_with_face_landmarks.xml', () => {
  it('reads 5 images, 25 boxes with 68 parts each', () => {
    const ds = readDlibXml(readShared('landmarks', 'dlib-faces', 'testing_with_face_landmarks.xml'))
    expect(ds.name).toBe('Testing faces')
    expect(ds.comment).toMatch(/^These are images from the PASCAL VOC 2011 dataset\./)
    expect(ds.images.map((i) => i.file)).toEqual(['2008_002470.jpg', '2008_002506.jpg', '2008_004176.jpg', '2008_007676.jpg', '2009_004587.jpg'])
    expect(ds.images[0]).toMatchObject({ width: 500, height: 332 })
    const boxes = ds.images.flatMap((i) => i.boxes)
    expect(boxes).toHaveLength(25)
    expect(boxes.every((b) => b.parts.length === 68)).toBe(true)
    expect(boxes[0]).toMatchObject({ top: 181, left: 274, width: 52, height: 53, ignore: false })
    const lm = dlibBoxLandmarks(boxes[0])
    expect(lm[0]).toEqual([277, 194])
    expect(lm[67]).toEqual([297, 218])
    expect(readDlibXml(writeDlibXml(ds))).toEqual(ds)
  })
})

describe('dlib XML writer, scanner and errors', () => {
  it('round-trips (fast-check)', () => {
    const part = fc.tuple(arbDouble(-1e4, 1e4), arbDouble(-1e4, 1e4))
    const box = fc.record({
      top: fc.integer({ min: -100, max: 5000 }),
      left: fc.integer({ min: -100, max: 5000 }),
      width: fc.nat(5000),
      height: fc.nat(5000),
      ignore: fc.boolean(),
      parts: fc.array(part, { maxLength: 5 }).map((ps) => ps.map(([x, y], i) => ({ name: String(i).padStart(2, '0'), x, y })))
    })
    fc.assert(
      fc.property(
        fc.option(arbText(), { nil: null }),
        fc.array(fc.record({ file: arbText(), width: fc.option(fc.nat(9999), { nil: null }), height: fc.option(fc.nat(9999), { nil: null }), boxes: fc.array(box, { maxLength: 3 }) }), { maxLength: 3 }),
        (name, images) => {
          const ds: DlibDataset = { name, comment: null, images }
          expect(readDlibXml(writeDlibXml(ds))).toEqual(ds)
        }
      ),
      { numRuns: 30 }
    )
  })
  it('scans entities, comments and CDATA', () => {
    const t = scanXml("<?xml version='1.0'?><!-- c --><a x='&lt;1&amp;2&#65;'><b/><![CDATA[<raw>]]></a>")
    expect(t).toEqual([
      { kind: 'open', name: 'a', attrs: { x: '<1&2A' }, line: 1 },
      { kind: 'empty', name: 'b', attrs: {}, line: 1 },
      { kind: 'text', text: '<raw>', line: 1 },
      { kind: 'close', name: 'a', line: 1 }
    ])
  })
  it('rejects bad input', () => {
    expectParseError(() => scanXml('<a>\n<b>\n</a>'), /line 3: closing <\/a> does not match <b> from line 2/)
    expectParseError(() => scanXml('<a>'), /unclosed <a> opened on line 1/)
    expectParseError(() => scanXml("<a x='1' x='2'/>"), /duplicated attribute 'x'/)
    expectParseError(() => readDlibXml('<images></images>'), /root element must be <dataset>/)
    expectParseError(() => readDlibXml("<dataset><images><image file='a'><box top='1' left='2' width='3'/></image></images></dataset>"), /line 1: <box> missing attribute 'height'/)
    expectParseError(() => readDlibXml("<dataset><images><image file='a'><box top='1' left='2' width='3' height='4'>\n<part name='00' x='1' y='NaN'/></box></image></images></dataset>"), /line 2, field 'part@y': NaN/)
    expectParseError(
      () => readDlibXml("<dataset><images><image file='a'><box top='1' left='2' width='3' height='4'><part name='00' x='1' y='1'/><part name='00' x='1' y='1'/></box></image></images></dataset>"),
      /duplicated part '00'/
    )
    expectParseError(() => dlibBoxLandmarks({ top: 0, left: 0, width: 1, height: 1, ignore: false, parts: [{ name: '01', x: 0, y: 0 }] }), /part names are not 0\.\.0/)
  })
})
