import { describe, expect, it } from 'vitest'
import type { Point2 } from '../../datasets/landmarks'
import { meshToLandmarks } from '../face-landmarker'
import { ROI_SCALE, roiFromMesh } from '../face-tracker'
import type { MeshFace, MeshRoi, Point3, RgbImage } from '../human-detector'
import { createDefaultTracker, createMeanShapeTracker, GT_BOX_TO_MESH, meanShape, pointsBox, roiFromBox, syntheticMeanShape, type MeshDetector } from './default-tracker'

const img: RgbImage = { data: new Uint8Array(3 * 200 * 200), width: 200, height: 200 }

/** A face-like 468-point mesh (a grid) centred at (cx, cy); its box is the mapped landmarks' box, so it validates. */
function face(cx: number, cy: number, score = 0.9): MeshFace {
  const mesh: Point3[] = Array.from({ length: 468 }, (_, i): Point3 => [cx + ((i % 22) - 10.5) * 3, cy + (Math.floor(i / 22) - 10.5) * 3, 0])
  return { box: pointsBox(meshToLandmarks(mesh)), score, boxScore: score, faceScore: score, mesh }
}

/** A scripted detector: meshInRoi / detect answers in order, every call logged. */
function fakeDetector(roiAnswers: Array<MeshFace | null>, detectAnswers: MeshFace[][]): MeshDetector & { rois: MeshRoi[]; detects: number } {
  const d = {
    rois: [] as MeshRoi[],
    detects: 0,
    async meshInRoi(_i: RgbImage, roi: MeshRoi) {
      d.rois.push(roi)
      return roiAnswers.length ? (roiAnswers.shift() as MeshFace | null) : null
    },
    async detect() {
      d.detects++
      return detectAnswers.shift() ?? []
    }
  }
  return d
}

describe('default tracker behind SequenceTracker', () => {
  it('init from a GT box: FaceMesh on the region derived from the box, refined once, no detector', async () => {
    const f = face(100, 90)
    const det = fakeDetector([f, f], [])
    const t = createDefaultTracker(det)
    const r = await t.init(img, { box: [70, 70, 60, 60] })
    expect(det.detects).toBe(0)
    expect(det.rois[0].cx).toBeCloseTo(100, 6)
    expect(det.rois[0].cy).toBeLessThan(100) // shifted up towards the forehead
    expect(det.rois[0].side).toBeCloseTo(ROI_SCALE * GT_BOX_TO_MESH * 60, 6)
    expect(r.reinitialised).toBe(false)
    expect(r.points).toEqual(meshToLandmarks(f.mesh))
    expect(r.box).toEqual(pointsBox(r.points!))
    expect(r.pFace).toBeCloseTo(0.9, 6)
    expect(t.id).toBe('default')
  })

  it('falls back to the detector when the box region gives no valid face, picking the face nearest the box', async () => {
    const near = face(100, 100)
    const far = face(30, 30)
    const det = fakeDetector([null, far, near], [[far, near]])
    const t = createDefaultTracker(det)
    const r = await t.init(img, { box: [70, 70, 60, 60] })
    expect(det.detects).toBe(1)
    expect(r.reinitialised).toBe(true)
    expect(r.points).toEqual(meshToLandmarks(near.mesh))
  })

  it('steps on the previous mesh region; an invalid face re-detects; no face at all is a miss, then detection again', async () => {
    const a = face(100, 100)
    const b = face(104, 100)
    const det = fakeDetector([a, a, b, face(110, 100, 0.1)], [[], []])
    const t = createDefaultTracker(det)
    await t.init(img, { points: undefined, box: [70, 70, 60, 60] })
    const s1 = await t.step(img)
    expect(s1.points).toEqual(meshToLandmarks(b.mesh))
    expect(det.rois[2]).toEqual(roiFromMesh(a.mesh)) // tracked on a's region
    const s2 = await t.step(img) // low confidence → detector → nothing
    expect(det.detects).toBe(1)
    expect(s2).toMatchObject({ points: null, box: null, pFace: 0 })
    await t.step(img)
    expect(det.detects).toBe(2)
  })

  it('roiFromBox turns with the eye line of given points', () => {
    const pts: Point2[] = Array.from({ length: 68 }, (): Point2 => [0, 0])
    pts[36] = [0, 0]
    pts[45] = [10, 10]
    expect(roiFromBox([0, 0, 10, 10], pts).angle).toBeCloseTo(Math.PI / 4, 10)
    expect(roiFromBox([0, 0, 10, 10]).angle).toBe(0)
  })
})

describe('mean-shape floor tracker', () => {
  it('places the mean shape in the init box and carries it along', async () => {
    const shape = syntheticMeanShape()
    expect(shape).toHaveLength(68)
    const [x0, y0, w, h] = pointsBox(shape)
    expect([x0, y0, w, h].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0, 0, 1, 1])
    const t = createMeanShapeTracker(shape)
    const r = await t.init(img, { box: [10, 20, 100, 50] })
    expect(pointsBox(r.points!).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([10, 20, 100, 50])
    expect((await t.step(img)).points).toEqual(r.points)
    expect((await t.init(img, {})).points).toBeNull()
  })

  it('meanShape normalises each shape to its box before averaging', () => {
    const a: Point2[] = Array.from({ length: 68 }, (_, k): Point2 => [k, 2 * k])
    const b = a.map(([x, y]): Point2 => [5 + 3 * x, 7 + 3 * y])
    const m = meanShape([a, b])
    expect(m[67]).toEqual([1, 1])
    expect(m[0]).toEqual([0, 0])
    expect(m[10][0]).toBeCloseTo(10 / 67, 10)
  })
})
