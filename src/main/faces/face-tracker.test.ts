import path from 'node:path'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { RgbFrame } from '../media/frame-reader'
import { readFrames } from '../media/frame-reader'
import { OneEuroFilter, ROI_SCALE, roiFromMesh, trackFaces, type FrameDetector, type TrackFrameResult } from './face-tracker'
import { getHumanDetector, sampleRoi, type Box, type DetectMode, type MeshFace, type MeshRoi, type Point3 } from './human-detector'
import { SHARED_DATA_DIR } from './test-data'

/** A synthetic 468-point "mesh" filling a box (enough for the mapping and the box checks). */
function fakeFace(box: Box, score = 0.9): MeshFace {
  const mesh: Point3[] = Array.from({ length: 468 }, (_, i) => [box[0] + box[2] * (0.15 + 0.7 * ((i * 37) % 100) / 100), box[1] + box[3] * (0.15 + 0.7 * ((i * 53) % 100) / 100), 0])
  mesh[33] = [box[0] + box[2] * 0.3, box[1] + box[3] * 0.4, 0]
  mesh[263] = [box[0] + box[2] * 0.7, box[1] + box[3] * 0.4, 0]
  return { box, score, boxScore: score, faceScore: score, mesh }
}

class ScriptedDetector implements FrameDetector {
  calls: DetectMode[] = []
  constructor(private readonly script: (index: number, mode: DetectMode) => MeshFace[]) {}
  async detect(img: { data: Uint8Array }, mode: DetectMode): Promise<MeshFace[]> {
    this.calls.push(mode)
    return this.script(img.data[0], mode)
  }
}

async function* frames(n: number): AsyncGenerator<RgbFrame> {
  for (let i = 0; i < n; i++) yield { index: i, data: new Uint8Array([i, 0, 0]), width: 640, height: 480 }
}

async function collect(it: AsyncIterable<TrackFrameResult>): Promise<TrackFrameResult[]> {
  const out: TrackFrameResult[] = []
  for await (const r of it) out.push(r)
  return out
}

describe('face-tracker', () => {
  it('keeps the main subject by IoU when another face grows larger; gaps are null, not zeros', async () => {
    const det = new ScriptedDetector((i) => {
      if (i === 3) return []
      const main = fakeFace([100 + i, 100, 100, 100])
      const other = fakeFace([400, 100, 40 + 30 * i, 40 + 30 * i])
      return [other, main]
    })
    const res = await collect(trackFaces(det, frames(7), { smoothing: false, mapping: 'plain' }))
    expect(res[3].main).toBeNull()
    const ids = res.filter((r) => r.main !== null).map((r) => r.main?.trackId)
    expect(new Set(ids).size).toBe(1)
    expect(res[6].main?.box[0]).toBe(106)
    expect(res[6].others.length).toBe(1)
    expect(res[3].redetected).toBe(true)
  })
  it('re-detects (fresh detector pass) when confidence is low', async () => {
    const det = new ScriptedDetector((i, mode) => [fakeFace([100, 100, 100, 100], i === 2 && mode === 'video' ? 0.2 : 0.9)])
    const res = await collect(trackFaces(det, frames(4), { mapping: 'plain' }))
    expect(res.map((r) => r.redetected)).toEqual([false, false, true, false])
    expect(res[2].main?.confidence).toBe(0.9)
  })
  it('One-Euro follows a step quickly and smooths jitter', () => {
    const f = new OneEuroFilter({ minCutoff: 1.5, beta: 0.5, dCutoff: 1 }, 25)
    f.filter([0], 100)
    for (let i = 0; i < 5; i++) f.filter([i % 2 === 0 ? 0.5 : -0.5], 100)
    const jitter = Math.abs(f.filter([0.5], 100)[0])
    expect(jitter).toBeLessThan(0.5)
    const g = new OneEuroFilter({ minCutoff: 1.5, beta: 0.5, dCutoff: 1 }, 25)
    g.filter([0], 100)
    let v = 0
    for (let i = 0; i < 4; i++) v = g.filter([50], 100)[0]
    expect(v).toBeGreaterThan(40)
  })
})

/** A detector with a tracking step: `find` scripts the full detector, `keep` whether a region still holds a face. */
class ScriptedTracker implements FrameDetector {
  calls: string[] = []
  constructor(
    private readonly find: (index: number) => MeshFace[],
    private readonly keep: (index: number) => boolean = () => true
  ) {}
  async detect(img: { data: Uint8Array }, mode: DetectMode): Promise<MeshFace[]> {
    this.calls.push(`${img.data[0]}:${mode}`)
    return this.find(img.data[0])
  }
  async meshInRoi(img: { data: Uint8Array }, roi: MeshRoi): Promise<MeshFace | null> {
    this.calls.push(`${img.data[0]}:roi`)
    // The face stays where the region is centred, at a fixed size (as a real face would between frames).
    return this.keep(img.data[0]) ? fakeFace([roi.cx - 50, roi.cy - 50, 100, 100]) : null
  }
}

const modes = (d: ScriptedTracker, mode: string): number[] => d.calls.filter((c) => c.endsWith(`:${mode}`)).map((c) => Number(c.split(':')[0]))

describe('face-tracker with a tracking step (FaceMesh on the previous frame’s region)', () => {
  it('runs the full detector on the first frame and then once per detectEveryS, tracking in between', async () => {
    const det = new ScriptedTracker(() => [fakeFace([100, 100, 100, 100])])
    const res = await collect(trackFaces(det, frames(25), { fps: 10, detectEveryS: 1, smoothing: false, mapping: 'plain' }))
    expect(res.every((r) => r.main !== null && !r.redetected)).toBe(true)
    expect(modes(det, 'still')).toEqual([0, 10, 20])
    expect(modes(det, 'video')).toEqual([])
    // every frame is meshed on a region: tracked frames once, detector frames once more (the refinement)
    expect(modes(det, 'roi').length).toBe(25)
    expect(new Set(res.map((r) => r.main?.trackId)).size).toBe(1)
  })
  it('re-detects at once when the tracked face is lost, and a missed periodic detection keeps the track', async () => {
    const det = new ScriptedTracker(
      (i) => (i === 14 ? [] : [fakeFace([100, 100, 100, 100])]),
      (i) => i !== 4
    )
    const res = await collect(trackFaces(det, frames(16), { fps: 10, detectEveryS: 1, smoothing: false, mapping: 'plain' }))
    // the re-detection on frame 4 restarts the detector's period
    expect(modes(det, 'still')).toEqual([0, 4, 14])
    expect(res[4].redetected).toBe(true)
    expect(res[4].main).not.toBeNull()
    expect(res[14].main).not.toBeNull()
    expect(res[14].redetected).toBe(false)
    expect(new Set(res.map((r) => r.main?.trackId)).size).toBe(1)
  })
  it('with idleStride, samples face-free stretches and still finds a face from its first frame', async () => {
    // no face until frame 7, then a face until the end
    const det = new ScriptedTracker((i) => (i >= 7 ? [fakeFace([100, 100, 100, 100])] : []))
    const res = await collect(trackFaces(det, frames(14), { fps: 25, idleStride: 5, smoothing: false, mapping: 'plain' }))
    expect(res.map((r) => r.index)).toEqual([...Array(14).keys()])
    expect(res.map((r) => r.main !== null)).toEqual([...Array(7).fill(false), ...Array(7).fill(true)])
    // frame 0 in full, samples at 5 (nothing) and 10 (a face: frames 6…9 redone in order, 7 finds it)
    expect(modes(det, 'still')).toEqual([0, 5, 10, 6, 7])
  })
  it('with idleStride, frames left waiting at the end of the stream are processed in full', async () => {
    const det = new ScriptedTracker((i) => (i >= 6 ? [fakeFace([100, 100, 100, 100])] : []))
    const res = await collect(trackFaces(det, frames(8), { fps: 25, idleStride: 5, smoothing: false, mapping: 'plain' }))
    expect(res.map((r) => r.main !== null)).toEqual([...Array(6).fill(false), true, true])
    // frame 0 in full, the sample at 5 finds nothing, 6 and 7 are left at the end: 6 finds the face, 7 tracks it
    expect(modes(det, 'still')).toEqual([0, 5, 6])
  })
  it('without a face, runs the detector once per frame (not twice)', async () => {
    const det = new ScriptedTracker(() => [])
    const res = await collect(trackFaces(det, frames(6), { fps: 25, smoothing: false }))
    expect(res.every((r) => r.main === null)).toBe(true)
    expect(modes(det, 'still')).toEqual([0, 1, 2, 3, 4, 5])
    expect(modes(det, 'roi')).toEqual([])
  })
})

describe('tracking regions', () => {
  it('roiFromMesh: centre, eye-line angle and ROI_SCALE × the extent in the face’s own axes', () => {
    const theta = 0.3
    const [cx, cy, half] = [200, 150, 40]
    const rot = (u: number, v: number): Point3 => [cx + Math.cos(theta) * u - Math.sin(theta) * v, cy + Math.sin(theta) * u + Math.cos(theta) * v, 0]
    const mesh: Point3[] = Array.from({ length: 468 }, (_, i) => rot(-half + ((i * 37) % 81), -half + ((i * 53) % 81)))
    mesh[0] = rot(-half, -half)
    mesh[1] = rot(half, half)
    mesh[33] = rot(-20, -10)
    mesh[263] = rot(20, -10)
    const roi = roiFromMesh(mesh)
    expect(roi.angle).toBeCloseTo(theta, 10)
    expect(roi.cx).toBeCloseTo(cx, 6)
    expect(roi.cy).toBeCloseTo(cy, 6)
    expect(roi.side).toBeCloseTo(ROI_SCALE * 2 * half, 6)
  })
  it('sampleRoi: an upright region on pixel centres copies pixels; a quarter turn reads a column; outside is 0', () => {
    const width = 8
    const height = 6
    const data = new Uint8Array(width * height * 3)
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([10 * x, 10 * y, 7], (y * width + x) * 3)
    const img = { data, width, height }
    const crop = sampleRoi(img, { cx: 3.5, cy: 2.5, side: 4, angle: 0 }, 4)
    // crop pixel (i, j) ↔ image pixel (2 + i, 1 + j)
    for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) expect([...crop.subarray((j * 4 + i) * 3, (j * 4 + i) * 3 + 3)].map((v) => Math.round(v * 255))).toEqual([10 * (2 + i), 10 * (1 + j), 7])
    // a quarter turn: the crop's x axis runs down the image
    const turned = sampleRoi(img, { cx: 3.5, cy: 2.5, side: 4, angle: Math.PI / 2 }, 4)
    for (let i = 0; i < 4; i++) expect(Math.round(turned[(0 * 4 + i) * 3 + 1] * 255)).toBe(10 * (1 + i))
    // half a pixel between two columns: the mean; far outside: 0
    expect(sampleRoi(img, { cx: 3, cy: 2, side: 1, angle: 0 }, 1)[0] * 255).toBeCloseTo(30, 4)
    expect([...sampleRoi(img, { cx: -10, cy: -10, side: 2, angle: 0 }, 2)]).toEqual(new Array(12).fill(0))
  })
})

const VIDEO = path.join(SHARED_DATA_DIR, 'video', 'face_noface.mov')
if (!existsSync(VIDEO)) console.warn(`SKIPPED face-tracker video test: ${VIDEO} not present`)

describe.skipIf(!existsSync(VIDEO))('face-tracker on a real video', () => {
  it('tracks the talking face and reports the no-face part as gaps', async () => {
    const det = await getHumanDetector()
    const head = await collect(trackFaces(det, readFrames(VIDEO, { maxFrames: 5, maxSide: 480 })))
    expect(head.every((r) => r.main !== null && r.main.points.every((p) => p[0] > 0 && p[1] > 0))).toBe(true)
    const tail = await collect(trackFaces(det, readFrames(VIDEO, { startFrame: 160, maxFrames: 3, maxSide: 480 })))
    expect(tail.map((r) => r.index)).toEqual([160, 161, 162])
    expect(tail.every((r) => r.main === null)).toBe(true)
  }, 60_000)
})
