import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Point2 } from '../../datasets/landmarks'
import { getHumanDetector, type HumanFaceDetector, type Point3 } from '../human-detector'
import { applyMapping, PLAIN_MESH_TO_IBUG, plainIbug, validateMapping } from '../mesh-to-ibug'
import { HAS_LANDMARK_DATA, LANDMARK_DIR, warnIfMissing } from '../test-data'
import { collectSamples, FIT_PROVENANCE, fitMapping, selectAndFit, solveLinear, type FitSample } from './fit-mapping'

const JSON_PATH = path.resolve(__dirname, '..', 'mapping', 'mesh-to-ibug-v1.json')

function synthMesh(seed: number): Point3[] {
  let s = seed
  const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648)
  return Array.from({ length: 468 }, (_, i) => [100 + 80 * Math.cos(i) + rnd() * 5, 120 + 90 * Math.sin(i * 1.3) + rnd() * 5, 0] as Point3)
}

describe('fit-mapping (pure)', () => {
  it('solves a linear system', () => {
    const x = solveLinear([[2, 1], [1, 3]], [3, 5])
    expect(x[0]).toBeCloseTo(0.8)
    expect(x[1]).toBeCloseTo(1.4)
  })
  it('recovers the plain map when targets are the plain-map vertices', () => {
    const samples: FitSample[] = [1, 2, 3, 4, 5, 6].map((g) => {
      const mesh = synthMesh(g)
      // eye corners must be apart for the frame
      mesh[33] = [60, 100, 0]
      mesh[263] = [140, 100 + g, 0]
      return { group: String(g), id: String(g), mesh, target: plainIbug(mesh) }
    })
    const m = fitMapping(samples, { k: 6, lambda: 0.01, useYaw: true })
    const pred = applyMapping(m, samples[0].mesh)
    const gt = samples[0].target
    for (let i = 0; i < 68; i++) expect(Math.hypot(pred[i][0] - gt[i][0], pred[i][1] - gt[i][1])).toBeLessThan(1e-3)
    expect(m.points.map((p) => p.base)).toEqual(PLAIN_MESH_TO_IBUG)
  })
})

warnIfMissing('fit-mapping regeneration test')

describe.skipIf(!HAS_LANDMARK_DATA)('fit-mapping on dlib-faces (regenerate and compare)', () => {
  let det: HumanFaceDetector
  beforeAll(async () => {
    det = await getHumanDetector()
  }, 60_000)

  it('refits on the dlib XML only and matches the committed JSON', async () => {
    const { samples, missed } = await collectSamples(det, path.join(LANDMARK_DIR, 'dlib-faces'))
    expect(samples.length).toBeGreaterThanOrEqual(24)
    const { mapping, best, cv } = selectAndFit(samples, undefined, { ...FIT_PROVENANCE, missedFaces: missed })
    const committed = validateMapping(JSON.parse(readFileSync(JSON_PATH, 'utf8')))
    if (process.env.CIRCUMPLEX_WRITE_MAPPING === '1') {
      const out = { ...mapping, provenance: { ...mapping.provenance, date: new Date().toISOString().slice(0, 10), cvTable: cv } }
      writeFileSync(JSON_PATH, JSON.stringify(out, null, 1) + '\n')
      console.log('wrote', JSON_PATH, 'best', best)
      return
    }
    expect(committed.provenance.k).toBe(best.k)
    expect(committed.provenance.lambda).toBe(best.lambda)
    expect(committed.useYaw).toBe(best.useYaw)
    // Same mapping up to numerical noise: compare mapped points on every fitting face (pixels).
    let worst = 0
    for (const s of samples) {
      const a: Point2[] = applyMapping(mapping, s.mesh)
      const b: Point2[] = applyMapping(committed, s.mesh)
      for (let i = 0; i < 68; i++) worst = Math.max(worst, Math.hypot(a[i][0] - b[i][0], a[i][1] - b[i][1]))
    }
    expect(worst).toBeLessThan(0.05)
  }, 120_000)
})
