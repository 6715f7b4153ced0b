/**
 * Sequence training on cached latents (wasm): a model with memory learns labels that depend on latents several
 * frames back (a current-frame model cannot), the curriculum record lists the stages in order with SA-n starting
 * as S-n, progress and cancel work, and bad input is refused before anything is trained.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { ccc } from '../../../core/metrics'
import { initBackend } from '../backend'
import { setWeights } from '../blocks/params'
import { sequenceConfig, type SequenceConfig } from '../models/sequence/config'
import { inferSession } from '../models/sequence/infer'
import { createSequenceModel, disposeSequenceModel } from '../models/sequence/model'
import type { LabelledSession } from '../models/sequence/windows'
import { mulberry32 } from '../../../core/random/mulberry32'
import { dropAudio, trainSequence, type SequenceProgress } from './sequence-trainer'

const D = 4

/** Latents: uniform noise per frame (a few frames missing); V(t) = 0.8·x(t−1)[0], A(t) = 0.8·x(t−3)[1]. */
function world(sessions: number, frames: number, seed: number, audio = false): LabelledSession[] {
  let s = seed >>> 0
  const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1
  return Array.from({ length: sessions }, (_, k) => {
    const image = Float32Array.from({ length: frames * D }, r)
    const valid = Uint8Array.from({ length: frames }, () => (r() > -0.9 ? 1 : 0))
    const valence = Float32Array.from({ length: frames }, (_, t) => (t >= 1 ? 0.8 * image[(t - 1) * D] : NaN))
    const arousal = Float32Array.from({ length: frames }, (_, t) => (t >= 3 ? 0.8 * image[(t - 3) * D + 1] : NaN))
    return { id: `w${seed}-${k}`, frames, image, valid, valence, arousal, ...(audio ? { audio: Float32Array.from({ length: frames * 3 }, r) } : {}) }
  })
}

/** Least-squares fit of each label on the CURRENT frame's latent (+ bias): the no-memory baseline's val CCC. */
function currentFrameBaseline(train: LabelledSession[], val: LabelledSession[]): number {
  const fit = (label: (s: LabelledSession) => Float32Array) => {
    const A = Array.from({ length: D + 1 }, () => new Float64Array(D + 2))
    for (const s of train) {
      for (let t = 0; t < s.frames; t++) {
        const y = label(s)[t]
        if (!s.valid![t] || !Number.isFinite(y)) continue
        const x = [...s.image!.subarray(t * D, (t + 1) * D), 1]
        for (let i = 0; i <= D; i++) {
          for (let j = 0; j <= D; j++) A[i][j] += x[i] * x[j]
          A[i][D + 1] += x[i] * y
        }
      }
    }
    for (let i = 0; i <= D; i++) {
      for (let k = 0; k <= D; k++) {
        if (k === i) continue
        const f = A[k][i] / A[i][i]
        for (let j = i; j <= D + 1; j++) A[k][j] -= f * A[i][j]
      }
    }
    const w = A.map((row, i) => row[D + 1] / A[i][i])
    const pred: number[] = []
    const gold: number[] = []
    for (const s of val) {
      for (let t = 0; t < s.frames; t++) {
        const y = label(s)[t]
        if (!s.valid![t] || !Number.isFinite(y)) continue
        pred.push(w.reduce((acc, wi, i) => acc + wi * (i < D ? s.image![t * D + i] : 1), 0))
        gold.push(y)
      }
    }
    return ccc(pred, gold)
  }
  return (fit((s) => s.valence) + fit((s) => s.arousal)) / 2
}

function tiny(o: Partial<SequenceConfig> = {}, variant: 'vi-des' | 'anclaf-sa' | 'avi-gas' = 'vi-des'): SequenceConfig {
  return sequenceConfig(variant, {
    hidden: 16,
    attentionDim: 8,
    gmuDim: 8,
    curriculum: [2, 4],
    epochsPerStage: 4,
    batch: 16,
    optimiser: { lr: 1e-2, beta1: 0.9 },
    classWeights: { form: 'none' },
    ...o
  })
}

describe('sequence trainer', () => {
  beforeAll(async () => {
    await initBackend({ force: 'wasm' })
  })

  it('learns labels that depend on latents 1-3 frames back (val CCC far above a current-frame baseline)', async () => {
    const train = world(6, 90, 1)
    const val = world(2, 90, 2)
    const baseline = currentFrameBaseline(train, val)
    const t0 = Date.now()
    const r = await trainSequence({ config: tiny(), train, val })
    const wallS = (Date.now() - t0) / 1000
    const [s2, s4] = r.stages
    console.log(`[sequence trainer] baseline ${baseline.toFixed(3)}, ${r.stages.map((s) => `${s.name}: init ${s.initialVal.ccc_mean.toFixed(3)} → ${s.val.ccc_mean.toFixed(3)}`).join(', ')}, ${wallS.toFixed(1)} s`)
    expect(Math.abs(baseline)).toBeLessThan(0.15)
    expect(s4.val.ccc_mean).toBeGreaterThan(0.6)
    expect(s4.val.ccc_mean).toBeGreaterThan(baseline + 0.45)
    // The 2-frame window sees x(t−1) (valence) but not x(t−3) (arousal); the 4-frame stage adds arousal.
    expect(s2.val.ccc_v).toBeGreaterThan(0.5)
    expect(s2.val.ccc_a).toBeLessThan(0.2)
    expect(s4.val.ccc_a).toBeGreaterThan(0.6)
    expect(r.final.stage).toBe('Vi-DeS-4')
    expect(Object.keys(r.final.weights)).toContain('lstm.att.wk')
  }, 60_000)

  it('ANCLaF-SA: the record holds S-2, S-4, SA-2, SA-4 in order; SA-n starts as S-n; progress counts every step; cancel stops', async () => {
    const train = world(3, 40, 3)
    const val = world(1, 40, 4)
    const progress: SequenceProgress[] = []
    const stagesSeen: string[] = []
    const c = tiny({ epochsPerStage: 1 }, 'anclaf-sa')
    const r = await trainSequence({ config: c, train, val, onProgress: (p) => progress.push(p), onStage: (rec, w) => stagesSeen.push(`${rec.name}:${'lstm.wc' in w}`) })
    expect(r.stages.map((s) => s.name)).toEqual(['S-2', 'S-4', 'SA-2', 'SA-4'])
    expect(stagesSeen).toEqual(['S-2:false', 'S-4:false', 'SA-2:true', 'SA-4:true'])
    expect(r.stages.map((s) => s.initFrom)).toEqual([null, 'S-2', 'S-2', 'S-4'])
    for (const n of [2, 4]) {
      const s = r.stages.find((x) => x.name === `S-${n}`)!
      const sa = r.stages.find((x) => x.name === `SA-${n}`)!
      expect(sa.initialVal.ccc_mean).toBeCloseTo(s.val.ccc_mean, 6)
    }
    const total = progress[0].total
    expect(progress.length).toBe(total)
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: total }, (_, i) => i + 1))
    expect([...new Set(progress.map((p) => p.stage))]).toEqual(['S-2', 'S-4', 'SA-2', 'SA-4'])

    const ac = new AbortController()
    const run = trainSequence({ config: c, train, val, signal: ac.signal, onProgress: (p) => p.done === 3 && ac.abort() })
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED', message: expect.stringMatching(/stage S-2, epoch 1/) })
  }, 60_000)

  it('refuses bad input before training: short sessions (unless pad), missing audio, audio shorter than video', async () => {
    const train = world(2, 40, 5)
    const val = world(1, 40, 6)
    const short = { ...world(1, 3, 7)[0], id: 'clip-short' }
    let steps = 0
    const onProgress = () => steps++
    await expect(trainSequence({ config: tiny(), train: [...train, short], val, onProgress })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/shorter than the longest window n = 4: clip-short \(3 frames\).*Nothing was trained/)
    })
    expect(steps).toBe(0)
    const padded = await trainSequence({ config: tiny({ shortSessions: 'pad', epochsPerStage: 1, curriculum: [4] }), train: [...train, short], val })
    expect(padded.stages.map((s) => s.name)).toEqual(['Vi-DeS-4'])
    await expect(trainSequence({ config: tiny({}, 'avi-gas'), train, val })).rejects.toMatchObject({ code: 'MEDIA_NO_AUDIO', message: expect.stringMatching(/AVi-GaS|avi-gas/) })
    const av = world(2, 40, 8, true)
    const cut = { ...av[1], audio: av[1].audio!.subarray(0, 30 * 3) }
    await expect(trainSequence({ config: tiny({}, 'avi-gas'), train: [av[0], cut], val: world(1, 40, 9, true) })).rejects.toMatchObject({
      code: 'LENGTH_MISMATCH',
      message: expect.stringMatching(/audio latents cover 30 frames but the video has 40 \(audio shorter than video\)/)
    })
    expect(steps).toBe(0)
  }, 60_000)

  it('audio dropout: refused without the silence latent or on a face-only model; drops the drawn share of windows from a random frame to the end', async () => {
    const av = world(2, 40, 8, true)
    const val = world(1, 40, 9, true)
    await expect(trainSequence({ config: tiny({ audioDropout: 0.3 }, 'avi-gas'), train: av, val })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/audioDropout 0.3 needs the audio model's silence latent of 3 values, got none/)
    })
    await expect(trainSequence({ config: tiny({ audioDropout: 0.3 }, 'avi-gas'), train: av, val, audioSilence: new Float32Array(2) })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(() => tiny({ audioDropout: 0.3 }, 'vi-des')).toThrow(/audioDropout needs an audio branch; vi-des reads face latents only/)
    expect(() => tiny({ audioDropout: 1 }, 'avi-gas')).toThrow(/audioDropout must be in \[0, 1\)/)
    expect(() => tiny({ audioDropout: -0.1 }, 'avi-gas')).toThrow(/audioDropout must be in/)

    // dropAudio on 400 windows of n = 4, dA = 2; window 0 has its 2nd frame masked.
    const count = 400
    const n = 4
    const silence = Float32Array.from([7, -7])
    const audio = Float32Array.from({ length: count * n * 2 }, (_, i) => i % 5)
    const mask = new Float32Array(count * n).fill(1)
    mask[1] = 0
    audio.fill(0, 2, 4)
    const before = audio.slice()
    const dropped = dropAudio(audio, mask, count, n, { p: 0.25, silence, rng: mulberry32(3) })
    expect(dropped).toBeGreaterThan(0.25 * count - 40)
    expect(dropped).toBeLessThan(0.25 * count + 40)
    let seen = 0
    const starts = new Set<number>()
    for (let b = 0; b < count; b++) {
      const rows = Array.from({ length: n }, (_, k) => (b * n + k) * 2)
      const isSilent = rows.map((o) => audio[o] === 7 && audio[o + 1] === -7)
      const first = isSilent.indexOf(true)
      if (first < 0) {
        expect([...audio.subarray(b * n * 2, (b + 1) * n * 2)]).toEqual([...before.subarray(b * n * 2, (b + 1) * n * 2)])
        continue
      }
      seen++
      starts.add(first)
      // From the first dropped frame to the window's last frame: silence (masked frames stay zero); before it: untouched.
      for (let k = 0; k < n; k++) {
        const o = rows[k]
        if (k < first) expect([audio[o], audio[o + 1]]).toEqual([before[o], before[o + 1]])
        else if (mask[b * n + k]) expect([audio[o], audio[o + 1]]).toEqual([7, -7])
        else expect([audio[o], audio[o + 1]]).toEqual([0, 0])
      }
    }
    expect(seen).toBe(dropped)
    expect([...starts].sort()).toEqual([0, 1, 2, 3])
    // The same seed draws the same windows; p = 0 touches nothing.
    const again = before.slice()
    dropAudio(again, mask, count, n, { p: 0.25, silence, rng: mulberry32(3) })
    expect([...again]).toEqual([...audio])
    const none = before.slice()
    expect(dropAudio(none, mask, count, n, { p: 0, silence, rng: mulberry32(3) })).toBe(0)
    expect([...none]).toEqual([...before])
  }, 60_000)

  it('audio dropout teaches the GMU gate to move its weight to the face when the audio is digital silence', async () => {
    // Both modalities carry the labels; the audio more cleanly, so an untaught gate leans on it. Silence is a fixed
    // latent (what the audio stage-1 model gives for an all-zero window).
    const silence = Float32Array.from([-1, -1, -1])
    const twoModal = (sessions: number, frames: number, seed: number): LabelledSession[] => {
      const rand = mulberry32(seed)
      const r = () => rand() * 2 - 1
      return Array.from({ length: sessions }, (_, k) => {
        const v = Float32Array.from({ length: frames }, () => 0.8 * r())
        const a = Float32Array.from({ length: frames }, () => 0.8 * r())
        const image = new Float32Array(frames * D)
        const audio = new Float32Array(frames * 3)
        for (let t = 0; t < frames; t++) {
          image.set([v[t] + 0.35 * r(), a[t] + 0.35 * r(), r(), r()], t * D)
          audio.set([v[t] + 0.05 * r(), a[t] + 0.05 * r(), r()], t * 3)
        }
        return { id: `av${seed}-${k}`, frames, image, audio, valence: v, arousal: a }
      })
    }
    const train = twoModal(6, 90, 11)
    const val = twoModal(2, 90, 12)
    const probe = val.map((s) => {
      const audio = s.audio!.slice()
      for (let t = s.frames / 2; t < s.frames; t++) audio.set(silence, t * 3)
      return { ...s, audio }
    })
    const gateShift = async (audioDropout: number): Promise<number> => {
      const c = tiny({ audioDropout, curriculum: [2], epochsPerStage: 6 }, 'avi-gas')
      const r = await trainSequence({ config: c, train, val, audioSilence: silence })
      const m = createSequenceModel(c, r.dims, { attention: true })
      setWeights(m.params, r.final.weights)
      let silent = 0
      let voiced = 0
      for (const s of probe) {
        const g = (await inferSession(m, 2, s)).gateMean!
        const half = s.frames / 2
        for (let t = 1; t < half; t++) voiced += g[t] / (half - 1) / probe.length
        for (let t = half + 1; t < s.frames; t++) silent += g[t] / (half - 1) / probe.length
      }
      disposeSequenceModel(m)
      return silent - voiced
    }
    const without = await gateShift(0)
    const withDropout = await gateShift(0.5)
    console.log(`[sequence trainer] ZG on silent − voiced frames: ${without.toFixed(3)} without audio dropout, ${withDropout.toFixed(3)} with 0.5`)
    expect(withDropout).toBeGreaterThan(0.05)
    expect(withDropout).toBeGreaterThan(without + 0.05)
  }, 60_000)
})
