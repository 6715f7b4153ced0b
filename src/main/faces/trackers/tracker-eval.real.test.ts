/**
 * The default tracker and the mean-shape floor on the shared 300-W / 300-VW ground truth (stills, and a short
 * category-1 moving face made from one still). Skips when ../shared/data is absent.
 */
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { getHumanDetector } from '../human-detector'
import { HAS_LANDMARK_DATA, LANDMARK_DIR, warnIfMissing } from '../test-data'
import { createDefaultTracker, createMeanShapeTracker, syntheticMeanShape } from './default-tracker'
import { buildEvalSuite } from './eval-suite'
import { evaluateTracker, type EvalSuite } from './tracker-eval'

warnIfMissing('tracker evaluation on real ground truth')

describe.skipIf(!HAS_LANDMARK_DATA)('tracker evaluation on the shared 300-W / 300-VW ground truth', () => {
  let suite: EvalSuite
  beforeAll(async () => {
    const full = await buildEvalSuite({ gt: [path.join(LANDMARK_DIR, '300w'), path.join(LANDMARK_DIR, '300vw-001')], moving: true, movingFrames: 8, seed: 1 })
    // Stills of both folders + one category-1 and one category-3 moving face (the first still): keeps it fast.
    suite = { stills: full.stills, sequences: full.sequences.filter((s) => s.category !== '2').map((s) => ({ ...s, items: s.items.slice(0, 1) })) }
  }, 60_000)

  it('default tracker: low NME from the GT box on stills and while tracking; the mean-shape floor is far worse', async () => {
    const det = await getHumanDetector()
    await evaluateTracker(createDefaultTracker(det), { stills: suite.stills.slice(0, 1), sequences: [] }) // warm-up: Human's persistent tensors
    const before = det.tfjs.memory().numTensors
    const sets = await evaluateTracker(createDefaultTracker(det), suite)
    expect(det.tfjs.memory().numTensors).toBe(before) // no tensor leaks over stills, tracking and re-detection
    const floor = await evaluateTracker(createMeanShapeTracker(syntheticMeanShape()), suite)
    expect(sets.map((s) => `${s.name}/${s.category ?? ''}:${s.count}`)).toEqual(['300w-stills/:2', '300vw-001-stills/:2', 'moving/1:7', 'moving/3:7'])
    for (const s of sets.slice(0, 3)) {
      console.log(`default ${s.name} ${s.category ?? ''}: NME box ${(100 * s.summary.meanBox).toFixed(2)} %, IO ${(100 * s.summary.meanIo).toFixed(2)} %, AUC box ${s.summary.aucBox.toFixed(3)}`)
      expect(s.summary.meanBox).toBeLessThan(0.05)
      expect(s.summary.failureBox).toBe(0)
    }
    for (let i = 0; i < 3; i++) expect(floor[i].summary.meanBox).toBeGreaterThan(sets[i].summary.meanBox)
    // Category 3 (degraded, fast) is not easier than category 1.
    expect(sets[3].summary.aucBox).toBeLessThanOrEqual(sets[2].summary.aucBox + 0.05)
  }, 120_000)
})
