import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../backend'
import { getTf } from '../tf'
import { createTrainedTracker, disposeTrackerModel, loadTrackerModel, trackerConfig, trainTracker, type TrackerOverrides } from '../models/tracker'
import type { TrainEpoch } from '../models/tracker/data'
import type { Point2 } from '../../datasets/landmarks/points'
import { trackerWorld } from './tracker-test-world'

const TINY: TrackerOverrides = {
  inputSize: 32,
  backbone: { channels: [8, 16, 24], blocksPerStage: 1, featDim: 64, stemPool: false },
  embedDim: 32,
  lstm: { layers: 2, hidden: 32 },
  fv: { patch: 4, channels: [16], hidden: 16 },
  denoiser: { channels: [8, 16] }
}

describe('tracker trainer (tiny synthetic world)', () => {
  const dirs: string[] = []
  beforeAll(async () => {
    await initBackend({ force: 'wasm' })
  })
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('learns: val NME falls clearly below the mean-shape baseline; checkpoint → load → the same tracking outputs', async () => {
    const tf = getTf()
    const train = trackerWorld(8, 10, 1)
    const val = trackerWorld(3, 10, 2)
    const runDir = mkdtempSync(join(tmpdir(), 'cx-tracker-'))
    dirs.push(runDir)
    const cfg = trackerConfig({
      ...TINY,
      variant: 'crt',
      train: { batch: 8, lr: 3e-3, stepsPerEpoch: 45, epochs: { estimator: 4, tracker: 1 }, curriculum: [2, 4], valItems: 16 }
    })
    const epochs: TrainEpoch[] = []
    let last = { done: 0, total: 0 }
    const t0 = Date.now()
    const res = await trainTracker({ train, val }, cfg, { runDir, onEpoch: (e) => epochs.push(e), onProgress: (p) => (last = p) })
    console.log('tiny world: %d s, final %o', ((Date.now() - t0) / 1000).toFixed(1), res.best)
    expect(last.done).toBe(last.total)
    expect(epochs.map((e) => e.phase)).toEqual(['estimator', 'estimator', 'estimator', 'estimator', 'tracker-2', 'tracker-4'])
    expect(res.best.nmeClean).toBeLessThan(0.6 * res.best.nmeMeanShape)
    expect(res.best.nmeTrack).toBeLessThan(0.5 * res.best.nmeMeanShape)
    expect(res.best.fvAccuracy).toBeGreaterThan(0.6)

    const before = tf.memory().numTensors
    const a = await loadTrackerModel(runDir)
    const b = await loadTrackerModel(runDir)
    const s = val[0]
    const init: Point2[] = Array.from({ length: 68 }, (_, j) => [s.landmarks[2 * j], s.landmarks[2 * j + 1]])
    const ta = createTrainedTracker(a, { id: 'a', denoise: true })
    const tb = createTrainedTracker(b, { id: 'b', denoise: true })
    await ta.init(s.frames[0], { points: init })
    await tb.init(s.frames[0], { points: init })
    for (let f = 1; f < 4; f++) {
      const ra = await ta.step(s.frames[f])
      const rb = await tb.step(s.frames[f])
      expect(ra.points).toEqual(rb.points)
      expect(ra.pFace).toBe(rb.pFace)
    }
    ta.dispose()
    tb.dispose()
    disposeTrackerModel(a)
    disposeTrackerModel(b)
    expect(tf.memory().numTensors).toBe(before)
  }, 60_000)

  it('cancels via AbortSignal with CANCELLED, and refuses unusable data with INVALID_ARGUMENT before training', async () => {
    const train = trackerWorld(2, 4, 3)
    const val = trackerWorld(1, 4, 4)
    const runDir = mkdtempSync(join(tmpdir(), 'cx-tracker-'))
    dirs.push(runDir)
    const cfg = trackerConfig({ ...TINY, variant: 'crt', train: { stepsPerEpoch: 5, epochs: { estimator: 2, tracker: 1 }, curriculum: [2], valItems: 4 } })
    const ac = new AbortController()
    const steps: number[] = []
    await expect(trainTracker({ train, val }, cfg, { runDir, signal: ac.signal, onProgress: (p) => (steps.push(p.done), p.done === 3 && ac.abort()) })).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(steps).toEqual([1, 2, 3])
    const stills = train.map((s) => ({ ...s, frames: s.frames.slice(0, 1), landmarks: s.landmarks.slice(0, 136) }))
    await expect(trainTracker({ train: stills, val }, cfg, { runDir })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/consecutive frames/) })
    const noFace = train.map((s) => ({ ...s, landmarks: new Float32Array(s.landmarks.length).fill(NaN) }))
    await expect(trainTracker({ train: noFace, val }, cfg, { runDir })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    const bad = [{ ...train[0], landmarks: train[0].landmarks.slice(0, 10) }]
    await expect(trainTracker({ train: bad, val }, cfg, { runDir })).rejects.toThrow(/landmark values/)
  })
})
