import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getTf } from '../tf'
import type { AudioFrameSet } from '../data/load-training-data'
import { aegConfig, type AegConfig } from '../models/aeg-cd-sz/config'
import { AEG_HISTORY, trainAeg, type AegCheckpointMeta, type AegTrainData } from './aeg-trainer'
import { readCheckpointFile } from './checkpoint'
import { syntheticSet } from './test-fixtures'
import { useBackend } from './use-backend'

const tf = getTf()
const dirs: string[] = []
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'aeg-train-'))
  dirs.push(d)
  return d
}

function tiny(o: Parameters<typeof aegConfig>[1] = {}): AegConfig {
  return aegConfig('compact', {
    g: { widths: [4, 8], resBlocks: 1, resConvs: 1 },
    cd: { widths: [4, 8, 8, 8], vaHeadChannels: 4, leak: 0.2 },
    batch: 4,
    labelRange: 10,
    frameStride: 1,
    evalStride: 1,
    schedule: { disc: 1, aegCd: 1, full: 2 },
    degrade: { enabled: true, probability: 0.5, kinds: ['gaussian-noise'] },
    ...o
  })
}

/** Audio that carries arousal (and a constant column, whose std is floored). */
function withAudio(n: number, seed: number): AudioFrameSet {
  const s = syntheticSet(n, seed)
  const audio = Float32Array.from({ length: n * 50 }, (_, i) => (i % 50 === 49 ? 3 : s.arousal[Math.floor(i / 50)] / 10 + (i % 50) * 0.01))
  return { ...s, audio, audioDegraded: Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)) }
}

const data = (): AegTrainData => ({ train: withAudio(8, 1), val: withAudio(4, 2), test: withAudio(6, 3), dataHash: 'h1' })

describe('AEG-CD-SZ trainer', () => {
  beforeAll(async () => {
    await useBackend('wasm')
  })
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('follows the schedule, selects among the last phase only, evaluates test parts, is seeded and leaks no tensor', async () => {
    const c = tiny()
    const before = tf.memory().numTensors
    const dir = tmp()
    const r1 = await trainAeg({ config: c, data: data(), runDir: dir })
    expect(tf.memory().numTensors).toBe(before)
    expect(r1.history.map((h) => h.phase)).toEqual(['disc', 'aeg-cd', 'aeg-cd-sz', 'aeg-cd-sz'])
    expect([3, 4]).toContain(r1.bestEpoch)
    expect(r1.test?.all.n).toBe(6)
    expect(r1.test?.degraded?.n).toBe(3)
    expect(r1.test?.clean?.n).toBe(3)
    expect(r1.test?.audioDegraded?.n).toBe(2)
    const best = readCheckpointFile<AegCheckpointMeta>(r1.checkpoints.best)
    expect(best.meta.epoch).toBe(r1.bestEpoch)
    expect(best.meta.audioStats.mean).toHaveLength(50)
    expect(best.meta.audioStats.std[49]).toBeCloseTo(1e-6)
    expect([...best.tensors.keys()].some((k) => k.startsWith('adam/'))).toBe(false)
    const last = readCheckpointFile<AegCheckpointMeta>(r1.checkpoints.last)
    expect(last.meta.epoch).toBe(4)
    expect(last.tensors.has('cd/audio/fc/w')).toBe(true)
    expect(last.tensors.has('adam/g/m/' + [...last.tensors.keys()].find((k) => k.startsWith('g/'))!.slice(2))).toBe(true)
    const r2 = await trainAeg({ config: c, data: data(), runDir: tmp() })
    expect(r2.history.map((h) => h.losses.total_g)).toEqual(r1.history.map((h) => h.losses.total_g))
    expect(r2.test).toEqual(r1.test)
  })

  it('stride cycling: the first epoch is the fixed subset, the next ones move on by a frame; deterministic', async () => {
    expect(tiny().strideCycle).toBeUndefined()
    const run = async (cycle: boolean) =>
      (await trainAeg({ config: tiny({ frameStride: 2, batch: 2, schedule: { disc: 1, aegCd: 1, full: 1 }, ...(cycle ? { strideCycle: true } : {}) }), data: data(), runDir: tmp() })).history
    const fixed = await run(false)
    const c1 = await run(true)
    const c2 = await run(true)
    expect(c2.map((h) => h.losses)).toEqual(c1.map((h) => h.losses))
    expect(c1[0].losses).toEqual(fixed[0].losses)
    expect(c1[1].losses.total_g).not.toBe(fixed[1].losses.total_g)
    expect(() => tiny({ strideCycle: 'on' as never })).toThrow(/strideCycle must be true or false/)
  }, 90_000)

  it('resumes after a cancel exactly where an uninterrupted run would be', async () => {
    const c = tiny()
    const whole = await trainAeg({ config: c, data: data(), runDir: tmp() })
    const dir = tmp()
    const ac = new AbortController()
    await expect(trainAeg({ config: c, data: data(), runDir: dir, signal: ac.signal, onEpoch: (l) => l.epoch === 2 && ac.abort() })).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(JSON.parse(readFileSync(join(dir, AEG_HISTORY), 'utf8')).epoch).toBe(2)
    const done: number[] = []
    const resumed = await trainAeg({ config: c, data: data(), runDir: dir, onProgress: (d) => done.push(d) })
    expect(resumed.resumedFrom).toBe(2)
    expect(done[0]).toBe(4) // 2 epochs × 2 steps already done
    expect(resumed.history).toHaveLength(4)
    expect(resumed.history.map((h) => h.losses)).toEqual(whole.history.map((h) => h.losses))
    expect(resumed.history.map((h) => h.val)).toEqual(whole.history.map((h) => h.val))
    expect(resumed.test).toEqual(whole.test)
  })

  it('cosine lr restarts at each phase; the weight average is what is selected and saved, and it resumes exactly', async () => {
    const c = tiny({ lrSchedule: 'cosine', emaDecay: 0.9, optimiser: { name: 'adam', lr: 0.01, beta1: 0.5, beta2: 0.999, eps: 1e-8 }, schedule: { disc: 1, aegCd: 1, full: 1 } })
    const before = tf.memory().numTensors
    const whole = await trainAeg({ config: c, data: data(), runDir: tmp() })
    expect(tf.memory().numTensors).toBe(before)
    // 2 steps per phase: the lr of each phase's last step is base·½(1 + cos(π/2)), i.e. it restarts every phase.
    expect(whole.history.map((h) => h.lr)).toEqual([0.005, 0.005, 0.005].map((x) => expect.closeTo(x, 9)))
    const best = readCheckpointFile<AegCheckpointMeta>(whole.checkpoints.best)
    const last = readCheckpointFile<AegCheckpointMeta>(whole.checkpoints.last)
    expect(whole.bestEpoch).toBe(3)
    const name = [...best.tensors.keys()].find((k) => k.startsWith('cd/va/'))!
    expect(Array.from(best.tensors.get(name)!.values)).toEqual(Array.from(last.tensors.get(`ema/${name}`)!.values))
    expect(Array.from(best.tensors.get(name)!.values)).not.toEqual(Array.from(last.tensors.get(name)!.values))
    const dir = tmp()
    const ac = new AbortController()
    await expect(trainAeg({ config: c, data: data(), runDir: dir, signal: ac.signal, onEpoch: (l) => l.epoch === 2 && ac.abort() })).rejects.toMatchObject({ code: 'CANCELLED' })
    const resumed = await trainAeg({ config: c, data: data(), runDir: dir })
    expect(resumed.history.map((h) => h.val)).toEqual(whole.history.map((h) => h.val))
    expect(resumed.test).toEqual(whole.test)
    const constant = await trainAeg({ config: tiny({ schedule: { disc: 0, aegCd: 0, full: 1 } }), data: data(), runDir: tmp() })
    expect(constant.history[0].lr).toBeUndefined()
  })

  it('the weight average restarts from the current weights at a phase boundary', async () => {
    // One step per epoch (4 frames, batch 4): after the Disc epoch the raw weights are w1; the first AEG-CD-SZ step
    // gives w2 and the average 2/11·w1 + 9/11·w2 (TensorFlow's warm-up weight at update 1), not a mix with the old average.
    const c = tiny({ emaDecay: 0.99, frameStride: 2, schedule: { disc: 1, aegCd: 0, full: 1 }, optimiser: { name: 'adam', lr: 0.05, beta1: 0.5, beta2: 0.999, eps: 1e-8 } })
    const dir = tmp()
    await expect(trainAeg({ config: c, data: data(), runDir: dir, onEpoch: () => { throw new Error('stop after epoch 1') } })).rejects.toThrow(/stop after/)
    const w1 = readCheckpointFile<AegCheckpointMeta>(join(dir, 'last.ckpt'))
    await trainAeg({ config: c, data: data(), runDir: dir })
    const end = readCheckpointFile<AegCheckpointMeta>(join(dir, 'last.ckpt'))
    const name = [...w1.tensors.keys()].find((k) => k.startsWith('cd/va/'))!
    const a = w1.tensors.get(name)!.values
    const b = end.tensors.get(name)!.values
    const avg = end.tensors.get(`ema/${name}`)!.values
    expect(Array.from(b)).not.toEqual(Array.from(a))
    avg.forEach((x, i) => expect(x).toBeCloseTo((2 / 11) * a[i] + (9 / 11) * b[i], 5))
  })

  it('refuses to resume with another config or data; audio: false is another model', async () => {
    const dir = tmp()
    const c = tiny({ schedule: { disc: 0, aegCd: 0, full: 1 } })
    await trainAeg({ config: c, data: data(), runDir: dir })
    await expect(trainAeg({ config: { ...c, audio: false }, data: data(), runDir: dir })).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(trainAeg({ config: c, data: { ...data(), dataHash: 'other' }, runDir: dir })).rejects.toThrow(/other data/)
  })

  it('the audio ablation: zeroed audio makes the prediction independent of the audio features', async () => {
    const c = tiny({ audio: false, schedule: { disc: 0, aegCd: 0, full: 1 } })
    const d = data()
    const r = await trainAeg({ config: c, data: d, runDir: tmp() })
    const shuffledAudio = { ...d.test!, audio: d.test!.audio.slice().reverse() }
    const r2 = await trainAeg({ config: c, data: { ...d, test: shuffledAudio }, runDir: tmp() })
    expect(r2.test).toEqual(r.test)
    const withA = tiny({ schedule: { disc: 0, aegCd: 0, full: 1 } })
    const a1 = await trainAeg({ config: withA, data: d, runDir: tmp() })
    const a2 = await trainAeg({ config: withA, data: { ...d, test: shuffledAudio }, runDir: tmp() })
    expect(a2.test!.all.ccc_a).not.toBe(a1.test!.all.ccc_a)
  })

  it('stops on a NaN loss with a clear message and keeps the last good checkpoint', async () => {
    const dir = tmp()
    const c = tiny({ schedule: { disc: 1, aegCd: 0, full: 1 } })
    await expect(trainAeg({ config: c, data: data(), runDir: dir, onEpoch: () => { throw new Error('stop after epoch 1') } })).rejects.toThrow(/stop after/)
    const bad = data()
    bad.train.valence.fill(NaN)
    await expect(trainAeg({ config: c, data: bad, runDir: dir })).rejects.toThrow(/diverged.*NaN at epoch 2.*last good checkpoint \(epoch 1\)/)
    expect(readCheckpointFile<AegCheckpointMeta>(join(dir, 'last.ckpt')).meta.epoch).toBe(1)
    expect(JSON.parse(readFileSync(join(dir, AEG_HISTORY), 'utf8')).status).toBe('diverged')
  })
})
