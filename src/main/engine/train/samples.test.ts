import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { decodePngRgbForTest } from '../../services/review/png-test-decode'
import { getTf } from '../tf'
import { trainAnclafStage1 } from './anclaf-trainer'
import type { TrainData } from './frame-set'
import { readSampleFile, sampleEpochs, sampleIndices } from './samples'
import { syntheticSet, tinyConfig } from './test-fixtures'
import { useBackend } from './use-backend'

const data = (): TrainData => ({ train: syntheticSet(16, 1), val: syntheticSet(10, 2), test: null, dataHash: 'h1' })
const bytes = (b64: string) => decodePngRgbForTest(Buffer.from(b64, 'base64'))

describe('sample reconstructions', () => {
  beforeAll(async () => {
    await useBackend('wasm')
  })

  it('picks evenly spaced frames, all of a small set', () => {
    expect(sampleIndices(3)).toEqual([0, 1, 2])
    expect(sampleIndices(8)).toEqual([1, 3, 5, 7])
    expect(sampleIndices(100)).toEqual([12, 37, 62, 87])
    expect(sampleIndices(0)).toEqual([])
  })

  it('writes clean | degraded | G(degraded) of the same fixed frames every epoch, cheaply and without leaking tensors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-samples-'))
    const d = data()
    const before = getTf().memory().numTensors
    const r = await trainAnclafStage1({ config: tinyConfig(), data: d, runDir: dir, epochs: 2 })
    expect(getTf().memory().numTensors).toBe(before)
    expect(sampleEpochs(dir)).toEqual([1, 2])
    const [e1, e2] = [readSampleFile(dir, 1), readSampleFile(dir, 2)]
    expect(e1.size).toBe(64)
    expect(e1.frames.map((f) => f.index)).toEqual(sampleIndices(10))
    for (const f of e1.frames) {
      // The clean image is the validation crop itself (syntheticSet fills a frame with one grey value).
      const clean = bytes(f.clean)
      expect(clean.length).toBe(64 * 64 * 3)
      expect(new Set(clean).size).toBe(1)
      expect(clean[0]).toBe(d.val.crops[f.index * 64 * 64 * 3])
      expect(f.valence).toBeCloseTo(d.val.valence[f.index], 5)
      expect(f.degradation).toMatch(/blur|noise|downsample|intensity/)
      expect(bytes(f.generated).length).toBe(64 * 64 * 3)
    }
    // Fixed inputs across epochs; G's output moves as it trains.
    expect(e2.frames.map((f) => [f.clean, f.degraded, f.degradation])).toEqual(e1.frames.map((f) => [f.clean, f.degraded, f.degradation]))
    expect(e2.frames.map((f) => f.generated)).not.toEqual(e1.frames.map((f) => f.generated))
    // The cost is logged per epoch and is a small part of it.
    for (const h of r.history) {
      expect(h.samplesMs).toBeGreaterThan(0)
      expect(h.samplesMs! / 1000).toBeLessThan(h.wallS * 0.25)
    }
  }, 60_000)

  it('can be switched off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-samples-'))
    const r = await trainAnclafStage1({ config: tinyConfig(), data: data(), runDir: dir, epochs: 1, samples: false })
    expect(sampleEpochs(dir)).toEqual([])
    expect(r.history[0].samplesMs).toBeUndefined()
  }, 60_000)
})
