import path from 'node:path'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { RgbFrame } from '../media/frame-reader'
import { readFrames } from '../media/frame-reader'
import { OneEuroFilter, trackFaces, type FrameDetector, type TrackFrameResult } from './face-tracker'
import { getHumanDetector, type Box, type DetectMode, type MeshFace, type Point3 } from './human-detector'
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
