import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../backend'
import { getTf, type Tensor4D } from '../../tf'
import { getWeights } from '../../blocks/params'
import { trackerConfig } from './config'
import { TRACKER_CONFIG, TRACKER_WEIGHTS, loadTrackerFromDir, writeTrackerConfig, writeTrackerWeights } from './io'
import { createTrackerModel, disposeTrackerModel } from './model'
import { TINY_TRACKER } from './tiny-config'

const cfg = trackerConfig({ ...TINY_TRACKER, variant: 'dcrt', seed: 7 })

describe('tracker run folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cx-tracker-io-'))
  beforeAll(async () => {
    await initBackend({ force: 'wasm' })
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('save → load gives the same outputs for every sub-network', () => {
    const tf = getTf()
    const m = createTrackerModel(cfg)
    // move the weights away from their seeded init so that a load that re-initialised would differ
    for (const v of Object.values(m.params)) {
      const t = tf.add(v, tf.randomNormal(v.shape, 0, 0.05, 'float32', 3))
      v.assign(t)
      t.dispose()
    }
    writeTrackerConfig(dir, cfg)
    writeTrackerWeights(join(dir, TRACKER_WEIGHTS), { kind: 'tracker', config: cfg, phase: 'final', epoch: 0, metrics: {} }, getWeights(m.params))
    const l = loadTrackerFromDir(dir)
    const x = tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', 5) as Tensor4D
    const run = (mm: typeof m) =>
      tf.tidy(() => {
        const d = mm.nets.den.apply(mm.params, x)
        const p = mm.nets.fle.apply(mm.params, d.y)
        const s = mm.nets.bt.step(mm.params, x, x, mm.nets.bt.lstm.zeroState(2))
        return tf.concat([tf.reshape(d.y, [2, -1]), p, s.points, mm.nets.fv.apply(mm.params, x, p)], 1)
      })
    const a = run(m)
    const b = run(l)
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()))
    tf.dispose([a, b, x])
    disposeTrackerModel(m)
    disposeTrackerModel(l)
  })

  it('refuses a missing, corrupted or mismatching run folder with a clear error', () => {
    expect(() => loadTrackerFromDir(join(dir, 'nope'))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))
    const cfgPath = join(dir, TRACKER_CONFIG)
    const good = readFileSync(cfgPath, 'utf8')
    writeFileSync(cfgPath, JSON.stringify({ ...cfg, seed: 8 }))
    expect(() => loadTrackerFromDir(dir)).toThrow(/does not match/)
    writeFileSync(cfgPath, good)
    const w = join(dir, TRACKER_WEIGHTS)
    const bytes = readFileSync(w)
    bytes[bytes.length - 3] ^= 0xff
    writeFileSync(w, bytes)
    expect(() => loadTrackerFromDir(dir)).toThrow(/checksum/)
  })
})
