import { beforeAll, describe, expect, it } from 'vitest'
import type { Tensor4D } from '../../tf'
import { getTf } from '../../tf'
import { createAdamState } from '../../train/adam'
import { aegTrainStep } from '../../train/aeg-step'
import { useBackend } from '../../train/use-backend'
import { conditionalDiscriminator } from './conditional-discriminator'
import { aegConfig, validateAegConfig, type AegConfig } from './config'
import { aegAffectLoss, cycleReconstructionLoss, l2Loss } from './losses'
import { aegForward, createAeg, disposeAeg } from './model'
import { aegSchedule, phaseForEpoch, phaseSpan, PHASES } from './schedule'

const tf = getTf()

function tiny(o: Parameters<typeof aegConfig>[1] = {}): AegConfig {
  return aegConfig('compact', { g: { widths: [4, 8], resBlocks: 1, resConvs: 1 }, cd: { widths: [4, 8, 8, 8], vaHeadChannels: 4, leak: 0.2 }, batch: 4, ...o })
}

function batch(c: AegConfig, n = 4, seed = 1) {
  return {
    clean: tf.randomUniform([n, 64, 64, 3], -1, 1, 'float32', seed) as Tensor4D,
    input: tf.randomUniform([n, 64, 64, 3], -1, 1, 'float32', seed + 1) as Tensor4D,
    audio: tf.randomNormal([n, c.audioDim], 0, 1, 'float32', seed + 2),
    target: tf.tensor2d([0.5, -0.2, -0.4, 0.3, 0.1, 0.8, -0.9, -0.5].slice(0, 2 * n), [n, 2]),
    weights: null
  }
}

describe('AEG-CD-SZ', () => {
  beforeAll(async () => {
    await useBackend('wasm')
  })

  it('config: presets, z matches CD Conv2 (32² at 128², 16² at 64²), validation errors', () => {
    const t = aegConfig('thesis')
    expect(t.inputSize / 4).toBe(32)
    expect(t.cd.widths).toEqual([64, 128, 256, 512, 1024])
    expect(aegConfig('compact').inputSize / 4).toBe(16)
    expect(() => validateAegConfig({ ...t, cd: { ...t.cd, widths: [64, 128, 256, 512, 1024, 2048] } })).toThrow(/3×3/)
    expect(() => aegConfig('compact', { batch: 1 })).toThrow(/batch/)
    expect(() => aegConfig('compact', { schedule: { disc: 0, aegCd: 0, full: 0 } })).toThrow(/schedule/)
  })

  it('forward shapes; audio and z really reach V/A; no tensor leaks', () => {
    const c = tiny()
    const nets = createAeg(c)
    const b = batch(c)
    const before = tf.memory().numTensors
    const [d1, d2, d3] = tf.tidy(() => {
      const f = aegForward(nets, c, b.input, b.audio)
      expect(f.z!.shape).toEqual([4, 16, 16, 8])
      expect(f.realFake.shape).toEqual([4, 2, 2, 1])
      expect(f.va.shape).toEqual([4, 2])
      const noAudio = aegForward(nets, c, b.input, tf.zerosLike(b.audio))
      const cd = conditionalDiscriminator(nets.cd, c, f.image, f.z, b.audio).va
      const cdOtherZ = conditionalDiscriminator(nets.cd, c, f.image, tf.add(f.z!, tf.randomNormal(f.z!.shape, 0, 1, 'float32', 5)) as Tensor4D, b.audio).va
      return [tf.max(tf.abs(tf.sub(f.va, noAudio.va))), tf.max(tf.abs(tf.sub(cd, cdOtherZ))), tf.max(tf.abs(tf.sub(cd, f.va)))].map((x) => x.dataSync()[0])
    })
    expect(tf.memory().numTensors).toBe(before)
    expect(d1).toBeGreaterThan(1e-5)
    expect(d2).toBeGreaterThan(1e-5)
    expect(d3).toBeLessThan(1e-6)
    tf.dispose(Object.values(b).filter((x) => x !== null))
    disposeAeg(nets)
  })

  it('a train step of every phase changes the right weights and leaks no tensor', () => {
    const c = tiny()
    const nets = createAeg(c)
    const opt = { g: createAdamState(), cd: createAdamState() }
    const b = batch(c)
    // warm-up: Adam states appear on the first step
    for (const p of Object.values(PHASES)) aegTrainStep(nets, opt, c, { ...p, epochs: 1 }, b)
    for (const p of Object.values(PHASES)) {
      const g0 = nets.g.get('conv1/w')!.dataSync().slice()
      const a0 = nets.cd.get('audio/fc/w')!.dataSync().slice()
      const before = tf.memory().numTensors
      const L = aegTrainStep(nets, opt, c, { ...p, epochs: 1 }, b)
      expect(tf.memory().numTensors).toBe(before)
      expect(Object.values(L).every(Number.isFinite)).toBe(true)
      const gMoved = nets.g.get('conv1/w')!.dataSync().some((v, i) => v !== g0[i])
      const aMoved = nets.cd.get('audio/fc/w')!.dataSync().some((v, i) => v !== a0[i])
      expect(gMoved).toBe(p.inputs.useG)
      expect(aMoved).toBe(p.inputs.useAudio)
    }
    tf.dispose(Object.values(b).filter((x) => x !== null))
    disposeAeg(nets)
  })

  it('losses on known values: perfect prediction → 0; no ICC term; standard CCC with the mean term; cycle ℓ1', () => {
    tf.tidy(() => {
      const t = tf.tensor2d([1, -1, 2, 0, 3, 1, 4, 2], [4, 2])
      expect(aegAffectLoss(t, t, null).total.dataSync()[0]).toBeCloseTo(0, 3)
      // pred = target + 1: RMSE 1, COR 1, CCC = 2σ²/(2σ² + 1) with σ² = 1.25 → 2.5/3.5
      const l = aegAffectLoss(tf.add(t, 1), t, null)
      expect(l.rmse.dataSync()[0]).toBeCloseTo(1, 4)
      expect(l.cor.dataSync()[0]).toBeCloseTo(1, 4)
      expect(l.ccc.dataSync()[0]).toBeCloseTo(2.5 / 3.5, 4)
      expect(l.total.dataSync()[0]).toBeCloseTo(2 * (1 + 0 + (1 - 2.5 / 3.5)), 3)
      // weights: a zero-weight sample does not count
      const w = aegAffectLoss(tf.tensor2d([0, 0, 1, 1, 2, 2, 9, 9], [4, 2]), tf.tensor2d([0, 0, 1, 1, 2, 2, 0, 0], [4, 2]), tf.tensor1d([1, 1, 1, 0]))
      expect(w.total.dataSync()[0]).toBeCloseTo(0, 3)
      expect(l2Loss(tf.tensor2d([1, 2], [1, 2]), tf.tensor2d([0, 0], [1, 2])).dataSync()[0]).toBeCloseTo(2.5)
      expect(cycleReconstructionLoss(tf.tensor1d([0, 1]), tf.tensor1d([1, 1])).dataSync()[0]).toBeCloseTo(0.5)
    })
  })

  it('schedule: Disc (ℓ2) → AEG-CD → + z + audio', () => {
    const s = aegSchedule(tiny({ schedule: { disc: 1, aegCd: 2, full: 1 } }))
    expect(s.totalEpochs).toBe(4)
    expect([1, 2, 3, 4, 9].map((e) => phaseForEpoch(s, e).name)).toEqual(['disc', 'aeg-cd', 'aeg-cd', 'aeg-cd-sz', 'aeg-cd-sz'])
    expect(phaseForEpoch(s, 1).affect).toBe('l2')
    expect(phaseForEpoch(s, 4).inputs).toEqual({ useG: true, useZ: true, useAudio: true })
    expect([1, 2, 3, 4, 9].map((e) => phaseSpan(s, e).firstEpoch)).toEqual([1, 2, 2, 4, 4])
    const noDisc = aegSchedule(tiny({ schedule: { disc: 0, aegCd: 2, full: 3 } }))
    expect([1, 2, 3, 5].map((e) => [phaseSpan(noDisc, e).phase.name, phaseSpan(noDisc, e).firstEpoch])).toEqual([
      ['aeg-cd', 1],
      ['aeg-cd', 1],
      ['aeg-cd-sz', 3],
      ['aeg-cd-sz', 3]
    ])
  })

  it('audio: false feeds zeros in the last phase only (the audio ablation)', () => {
    const s = aegSchedule(tiny({ audio: false, schedule: { disc: 1, aegCd: 1, full: 1 } }))
    expect(s.phases.map((p) => p.inputs.useAudio)).toEqual([false, false, false])
    expect(s.phases[2].inputs.useZ).toBe(true)
    expect(aegSchedule(tiny()).phases.at(-1)!.inputs.useAudio).toBe(true)
    expect(() => aegConfig('compact', { frameStride: 0 })).toThrow(/frameStride/)
  })
})
