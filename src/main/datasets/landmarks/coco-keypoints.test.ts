import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { arbDouble, expectParseError, HAS_SHARED_DATA, readShared } from '../formats/test-shared-data'
import { type CocoKeypointFile, COCO_300W_ORIGIN, readCocoKeypoints, writeCocoKeypoints } from './coco-keypoints'
import { toZeroBased } from './points'

describe.skipIf(!HAS_SHARED_DATA)('COCO keypoints on genuine test_300w.json', () => {
  it('reads images and 68-point annotations', () => {
    const f = readCocoKeypoints(readShared('landmarks', '300w', 'test_300w.json'))
    expect(f.images).toEqual([
      { id: 197, fileName: 'indoor_029.png', width: 960, height: 845 },
      { id: 565, fileName: 'indoor_020.png', width: 726, height: 768 }
    ])
    expect(f.annotations).toHaveLength(2)
    const a = f.annotations[0]
    expect(a.imageId).toBe(197)
    expect(a.keypoints).toHaveLength(68)
    expect(a.numKeypoints).toBe(68)
    expect(a.keypoints[0]).toEqual([268.0, 398.882])
    expect(a.keypoints[67]).toEqual([549.953, 585.0319999999998])
    expect(a.visibility.every((v) => v === 1)).toBe(true)
    expect(a.bbox?.[0]).toBe(223.7298)
    expect(a.extra.scale).toBe(2.385)
    expect(f.annotations[1].keypoints[0]).toEqual([70.0, 292.332])
    expect(toZeroBased(a.keypoints, COCO_300W_ORIGIN)[0]).toEqual([267, 397.882])
    expect(f.categories[0].name).toBe('face')
    expect(readCocoKeypoints(writeCocoKeypoints(f))).toEqual(f)
  })
})

describe('COCO keypoints writer and errors', () => {
  it('round-trips (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(arbDouble(0, 1000), arbDouble(0, 1000), fc.constantFrom(0, 1, 2)), { maxLength: 10 }), (kps) => {
        const file: CocoKeypointFile = {
          images: [{ id: 1, fileName: 'a.png', width: 10, height: 20 }],
          annotations: [
            {
              id: 5,
              imageId: 1,
              categoryId: 1,
              keypoints: kps.map(([x, y]) => [x, y]),
              visibility: kps.map(([, , v]) => v),
              numKeypoints: kps.filter(([, , v]) => v > 0).length,
              bbox: null,
              extra: { iscrowd: 0 }
            }
          ],
          categories: []
        }
        expect(readCocoKeypoints(writeCocoKeypoints(file))).toEqual(file)
      }),
      { numRuns: 30 }
    )
  })
  it('rejects bad input', () => {
    const doc = (ann: Record<string, unknown>): string =>
      JSON.stringify({ images: [{ id: 1, file_name: 'a', width: 1, height: 1 }], annotations: [{ id: 1, image_id: 1, category_id: 1, ...ann }] })
    expectParseError(() => readCocoKeypoints('{'), /invalid JSON/)
    expectParseError(() => readCocoKeypoints(doc({ keypoints: [1, 2], num_keypoints: 1 })), /annotations\[0\]\.keypoints: length 2 is not a multiple of 3/)
    expectParseError(() => readCocoKeypoints(doc({ keypoints: [1, 2, 1], num_keypoints: 2 })), /num_keypoints: 2 but 1 keypoint\(s\) have v > 0/)
    expectParseError(() => readCocoKeypoints(doc({ keypoints: [1, null, 1], num_keypoints: 1 })), /keypoints\[1\]: expected a finite number/)
    expectParseError(() => readCocoKeypoints(doc({ keypoints: [1, 2, 3], num_keypoints: 1 })), /visibility 3 out of range/)
    expectParseError(() => readCocoKeypoints(doc({ image_id: 9, keypoints: [], num_keypoints: 0 })), /image_id: no image with id 9/)
  })
})
