import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { getTf } from '../tf'
import { BEST, LAST, trainAnclafStage1, type CheckpointMeta } from './anclaf-trainer'
import { readCheckpointFile } from './checkpoint'
import type { TrainData } from './frame-set'
import { syntheticSet, tinyConfig } from './test-fixtures'
import { useBackend } from './use-backend'

const data = (): TrainData => ({ train: syntheticSet(16, 1), val: syntheticSet(8, 2), test: syntheticSet(8, 3), dataHash: 'h1' })

describe('ANCLaF stage-1 trainer', () => {
  beforeAll(async () => {
    await useBackend('wasm')
  })

  it('trains, selects on validation, checkpoints atomically, resumes from the saved epoch and is deterministic', async () => {
    const c = tinyConfig()
    const d = data()
    const full = mkdtempSync(join(tmpdir(), 'run-'))
    const before = getTf().memory().numTensors
    const r = await trainAnclafStage1({ config: c, data: d, runDir: full, epochs: 2 })
    expect(getTf().memory().numTensors).toBe(before)
    expect(r.history.map((h) => h.epoch)).toEqual([1, 2])
    expect(r.test?.all.n).toBe(8)
    expect(r.test?.degraded?.n).toBe(4)
    expect(existsSync(join(full, BEST))).toBe(true)
    expect(readCheckpointFile<CheckpointMeta>(join(full, LAST)).meta.epoch).toBe(2)

    // Same run "killed" after epoch 1, then re-run with the same command: continues at epoch 2.
    const split = mkdtempSync(join(tmpdir(), 'run-'))
    await trainAnclafStage1({ config: c, data: d, runDir: split, epochs: 1 })
    const epochsSeen: number[] = []
    const resumed = await trainAnclafStage1({ config: c, data: d, runDir: split, epochs: 2, onEpoch: (l) => epochsSeen.push(l.epoch) })
    expect(resumed.resumedFrom).toBe(1)
    expect(epochsSeen).toEqual([2])
    const a = readCheckpointFile<CheckpointMeta>(join(full, LAST)).tensors.get('c/fc2/w')!.values
    const b = readCheckpointFile<CheckpointMeta>(join(split, LAST)).tensors.get('c/fc2/w')!.values
    expect(Array.from(b)).toEqual(Array.from(a))
    expect(JSON.parse(readFileSync(join(split, 'history.json'), 'utf8')).status).toBe('done')
  }, 60_000)

  it('flip: mirrored training crops change the training, deterministically; the default config has no flip field', async () => {
    // The fixture's crops are flat (a mirror would change nothing): give them a left–right ramp.
    const ramp = (set: TrainData['train']) => ({ ...set, crops: set.crops.map((v, i) => Math.min(255, v + ((i / 3) % set.size))) })
    const d0 = data()
    const d: TrainData = { ...d0, train: ramp(d0.train) }
    expect(tinyConfig().flip).toBeUndefined()
    const run = async (flip: boolean) => (await trainAnclafStage1({ config: tinyConfig(flip ? { flip: true } : {}), data: d, runDir: mkdtempSync(join(tmpdir(), 'run-')), epochs: 1, samples: false })).history[0]
    const plain = await run(false)
    const f1 = await run(true)
    const f2 = await run(true)
    expect(f2.losses).toEqual(f1.losses)
    expect(f1.losses.affect).not.toBe(plain.losses.affect)
    expect(() => tinyConfig({ flip: 'yes' as never })).toThrow(/flip must be true or false/)
  }, 60_000)

  it('jitter: resampled training crops change the training, deterministically; out-of-range amounts are refused', async () => {
    // Flat crops would look the same after any resampling: give them a diagonal ramp.
    const ramp = (set: TrainData['train']) => ({ ...set, crops: set.crops.map((v, i) => Math.min(255, v + 3 * ((i / 3) % set.size) + Math.floor(i / (3 * set.size)) % set.size)) })
    const d0 = data()
    const d: TrainData = { ...d0, train: ramp(d0.train) }
    expect(tinyConfig().jitter).toBeUndefined()
    const run = async (jitter: number) => (await trainAnclafStage1({ config: tinyConfig(jitter > 0 ? { jitter } : {}), data: d, runDir: mkdtempSync(join(tmpdir(), 'run-')), epochs: 1, samples: false })).history[0]
    const plain = await run(0)
    const j1 = await run(0.2)
    const j2 = await run(0.2)
    expect(j2.losses).toEqual(j1.losses)
    expect(j1.losses.affect).not.toBe(plain.losses.affect)
    expect(() => tinyConfig({ jitter: 0.31 })).toThrow(/jitter must be a number in \[0, 0.3\]/)
    expect(() => tinyConfig({ jitter: -0.1 })).toThrow(/jitter/)
    expect(() => tinyConfig({ jitter: Number.NaN })).toThrow(/jitter/)
  }, 60_000)

  it('reports each test subject (CCC, bias) when the test set knows its subjects, and nothing more when it does not', async () => {
    const d0 = data()
    const test = { ...d0.test!, subjects: { names: ['S09', 'S07'], of: Uint16Array.from([0, 0, 0, 0, 0, 1, 1, 1]) } }
    const r = await trainAnclafStage1({ config: tinyConfig(), data: { ...d0, test }, runDir: mkdtempSync(join(tmpdir(), 'run-')), epochs: 1, samples: false })
    const by = r.test!.bySubject!
    expect(Object.keys(by)).toEqual(['S09', 'S07'])
    expect([by.S09.n, by.S07.n]).toEqual([5, 3])
    for (const m of Object.values(by)) for (const k of ['ccc_v', 'ccc_a', 'bias_v', 'bias_a']) expect(Number.isFinite(m[k])).toBe(true)
    // history.json keeps them (the CLI's --json and the acceptance script read them).
    const history = JSON.parse(readFileSync(join(r.checkpoints.best, '..', 'history.json'), 'utf8')) as { test: { bySubject: Record<string, { bias_v: number }> } }
    expect(history.test.bySubject.S07.bias_v).toBeCloseTo(by.S07.bias_v, 9)
    const plain = await trainAnclafStage1({ config: tinyConfig(), data: d0, runDir: mkdtempSync(join(tmpdir(), 'run-')), epochs: 1, samples: false })
    expect(plain.test).not.toHaveProperty('bySubject')
    expect(plain.test?.all).toEqual(r.test?.all)
  }, 60_000)

  it('stride cycling: epoch 1 trains on the same frames as without it, epoch 2 on the next offset; deterministic', async () => {
    const d = data()
    expect(tinyConfig().strideCycle).toBeUndefined()
    const run = async (cycle: boolean) =>
      (await trainAnclafStage1({ config: tinyConfig({ frameStride: 2, ...(cycle ? { strideCycle: true } : {}) }), data: d, runDir: mkdtempSync(join(tmpdir(), 'run-')), epochs: 2, samples: false })).history
    const fixed = await run(false)
    const c1 = await run(true)
    const c2 = await run(true)
    expect(c2.map((h) => h.losses)).toEqual(c1.map((h) => h.losses))
    expect(c1[0].losses).toEqual(fixed[0].losses)
    expect(c1[1].losses.affect).not.toBe(fixed[1].losses.affect)
    expect(() => tinyConfig({ strideCycle: 1 as never })).toThrow(/strideCycle must be true or false/)
  }, 60_000)

  it('input normalisation: trains without leaks (samples included), deterministically, and makes training blind to a brightness scale', async () => {
    const ramp = (set: TrainData['train'], k: number) => ({ ...set, crops: set.crops.map((v, i) => Math.round(k * Math.min(255, 40 + v / 2 + 3 * ((i / 3) % set.size)))) })
    const lit = (k: number): TrainData => {
      const d0 = data()
      return { ...d0, train: ramp(d0.train, k), val: ramp(d0.val, k), test: d0.test && ramp(d0.test, k) }
    }
    expect(tinyConfig().inputNorm).toBeUndefined()
    const run = async (k: number, norm: boolean) => {
      const config = tinyConfig({ degrade: { enabled: false }, ...(norm ? { inputNorm: 'face-standardise' as const } : {}) })
      const before = getTf().memory().numTensors
      const r = await trainAnclafStage1({ config, data: lit(k), runDir: mkdtempSync(join(tmpdir(), 'run-')), epochs: 1, samples: true })
      expect(getTf().memory().numTensors).toBe(before)
      return r.history[0].losses
    }
    const plain = await run(1, false)
    const n1 = await run(1, true)
    expect(await run(1, true)).toEqual(n1)
    expect(n1.g_rec).not.toBe(plain.g_rec)
    // Half the light: without the normalisation G's reconstruction loss changes with the image; with it, only rounding does.
    // And with the training degradations on (normalised after them): no leak either.
    const before = getTf().memory().numTensors
    await trainAnclafStage1({ config: tinyConfig({ inputNorm: 'face-standardise' }), data: lit(1), runDir: mkdtempSync(join(tmpdir(), 'run-')), epochs: 1, samples: true })
    expect(getTf().memory().numTensors).toBe(before)
    const darkPlain = await run(0.5, false)
    const darkNorm = await run(0.5, true)
    expect(Math.abs(darkNorm.g_rec - n1.g_rec)).toBeLessThan(Math.abs(darkPlain.g_rec - plain.g_rec) / 5)
    // The affect loss's batch-4 correlation terms amplify the rounding more (measured .10 against .54 without).
    expect(Math.abs(darkNorm.affect - n1.affect)).toBeLessThan(Math.abs(darkPlain.affect - plain.affect) / 3)
  }, 60_000)

  it('with a cosine lr and weight averaging: validates and saves the average as best, and resumes all of it exactly', async () => {
    const c = tinyConfig({ lrSchedule: 'cosine', emaDecay: 0.9 })
    const d = data()
    const one = mkdtempSync(join(tmpdir(), 'run-'))
    const before = getTf().memory().numTensors
    // A 2-epoch run stopped after its first epoch (the schedule spans the run's epochs, so a resume must be of the same run).
    const ac = new AbortController()
    const logs: number[] = []
    await expect(
      trainAnclafStage1({ config: c, data: d, runDir: one, epochs: 2, signal: ac.signal, onEpoch: (l) => (logs.push(l.lr ?? NaN), ac.abort()) })
    ).rejects.toThrow(/cancelled in epoch 2/)
    expect(getTf().memory().numTensors).toBe(before)
    // 4 steps an epoch, 8 in the run: epoch 1's logged lr is its last step's, 1e-4·½(1 + cos(π·3/8)).
    expect(logs[0]).toBeCloseTo(1e-4 * 0.5 * (1 + Math.cos((Math.PI * 3) / 8)), 12)
    const last = readCheckpointFile<CheckpointMeta>(join(one, LAST)).tensors
    const best = readCheckpointFile<CheckpointMeta>(join(one, BEST)).tensors
    const raw = Array.from(last.get('c/fc2/w')!.values)
    const avg = Array.from(last.get('ema/c/fc2/w')!.values)
    expect(avg).not.toEqual(raw)
    expect(Array.from(best.get('c/fc2/w')!.values)).toEqual(avg)
    expect([...best.keys()].some((k) => k.startsWith('ema/') || k.startsWith('adam/'))).toBe(false)

    // Two epochs straight = the stopped run resumed: raw weights and averages identical.
    const straight = mkdtempSync(join(tmpdir(), 'run-'))
    await trainAnclafStage1({ config: c, data: d, runDir: straight, epochs: 2 })
    await trainAnclafStage1({ config: c, data: d, runDir: one, epochs: 2 })
    const a = readCheckpointFile<CheckpointMeta>(join(straight, LAST)).tensors
    const b = readCheckpointFile<CheckpointMeta>(join(one, LAST)).tensors
    for (const k of ['c/fc2/w', 'ema/c/fc2/w', 'ema/g/conv1/w']) {
      expect(a.has(k), k).toBe(true)
      expect(Array.from(b.get(k)!.values), k).toEqual(Array.from(a.get(k)!.values))
    }
  }, 60_000)

  it('refuses to resume with other data or config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-'))
    await trainAnclafStage1({ config: tinyConfig(), data: data(), runDir: dir, epochs: 1 })
    await expect(trainAnclafStage1({ config: tinyConfig(), data: { ...data(), dataHash: 'other' }, runDir: dir, epochs: 2 })).rejects.toThrow(/other data/)
    await expect(trainAnclafStage1({ config: tinyConfig({ seed: 9 }), data: data(), runDir: dir, epochs: 2 })).rejects.toThrow(/another config/)
  }, 60_000)

  it('stops on a NaN loss with a clear message and keeps the last good checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-'))
    const c = tinyConfig()
    await trainAnclafStage1({ config: c, data: data(), runDir: dir, epochs: 1 })
    const good = readFileSync(join(dir, LAST))
    const bad = data()
    bad.train.valence.fill(NaN)
    await expect(trainAnclafStage1({ config: c, data: bad, runDir: dir, epochs: 2 })).rejects.toThrow(/diverged.*NaN at epoch 2.*last good checkpoint \(epoch 1\)/)
    expect(readFileSync(join(dir, LAST)).equals(good)).toBe(true)
    expect(JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')).status).toBe('diverged')
  }, 60_000)

  it('cancels between steps via AbortSignal', async () => {
    const ac = new AbortController()
    ac.abort()
    await expect(
      trainAnclafStage1({ config: tinyConfig(), data: data(), runDir: mkdtempSync(join(tmpdir(), 'run-')), epochs: 1, signal: ac.signal })
    ).rejects.toThrow(/cancelled/)
  })
})
