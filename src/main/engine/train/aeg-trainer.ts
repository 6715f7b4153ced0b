/**
 * Minimal AEG-CD-SZ trainer: follows the progressive schedule (models/aeg-cd-sz/schedule.ts) epoch by epoch,
 * seeded (shuffling, degradations), class-balance weights from the TRAINING labels (ANCLaF's operative form),
 * validation CCC after every epoch, and one checkpoint (runDir/last.ckpt) per epoch via train/checkpoint.ts
 * (weights of g/ and cd/ + Adam moments + meta). The ANCLaF trainer has no plug-in point for another model, so this
 * is separate; no resume / best-selection / progress-cancel yet (see the report).
 */
import { join } from 'node:path'
import type { Tensor } from '../tf'
import { getTf } from '../tf'
import { deriveSeed, shuffled } from '../../../core/folds/seeded-random'
import { ccc } from '../../../core/metrics'
import { cropsToTensor } from '../models/anclaf/infer'
import type { AegConfig } from '../models/aeg-cd-sz/config'
import { predictAeg } from '../models/aeg-cd-sz/infer'
import { AEG_NET_NAMES, createAeg, type AegNets } from '../models/aeg-cd-sz/model'
import { aegSchedule, phaseForEpoch, type AegPhaseName } from '../models/aeg-cd-sz/schedule'
import { createAdamState } from './adam'
import { aegTrainStep, type AegOptimiserStates } from './aeg-step'
import { tensorsToEntries, writeCheckpointFile } from './checkpoint'
import { degradeBatch } from './degradations'
import type { FrameSet } from './frame-set'
import { classCounts, inverseFrequencyWeights } from './losses'

export interface AegFrameSet extends FrameSet {
  /** count × audioDim, z-scored with the training split's stats. */
  readonly audio: Float32Array
}

export interface AegEpochLog {
  readonly epoch: number
  readonly phase: AegPhaseName
  readonly losses: Record<string, number>
  readonly valCcc: { readonly valence: number; readonly arousal: number }
}

export interface AegTrainResult {
  readonly nets: AegNets
  readonly opt: AegOptimiserStates
  readonly history: AegEpochLog[]
  readonly checkpoint: string | null
}

function gather(src: Float32Array | Uint8Array, idx: readonly number[], width: number): Float32Array {
  const out = new Float32Array(idx.length * width)
  idx.forEach((f, j) => {
    for (let k = 0; k < width; k++) out[j * width + k] = src[f * width + k]
  })
  return out
}

export function trainAeg(o: { config: AegConfig; train: AegFrameSet; val: AegFrameSet; runDir?: string; onEpoch?: (l: AegEpochLog) => void }): AegTrainResult {
  const tf = getTf()
  const c = o.config
  const { train, val } = o
  const nets = createAeg(c)
  const opt = { g: createAdamState(), cd: createAdamState() }
  const schedule = aegSchedule(c)
  const counts = classCounts(train.valence, train.arousal, c.labelRange, c.classWeights.bins)
  const history: AegEpochLog[] = []
  const px = c.inputSize * c.inputSize * 3
  let checkpoint: string | null = null
  for (let epoch = 1; epoch <= schedule.totalEpochs; epoch++) {
    const phase = phaseForEpoch(schedule, epoch)
    const order = shuffled(Array.from({ length: train.count }, (_, i) => i), deriveSeed(c.seed, epoch))
    const sums: Record<string, number> = {}
    let steps = 0
    for (let s = 0; s + c.batch <= order.length; s += c.batch) {
      const idx = order.slice(s, s + c.batch)
      const v = Float32Array.from(idx, (i) => train.valence[i])
      const a = Float32Array.from(idx, (i) => train.arousal[i])
      const crops = Uint8Array.from(gather(train.crops, idx, px))
      const clean = cropsToTensor(crops, idx.length, c.inputSize)
      const input = c.degrade.enabled ? degradeBatch(clean, { seed: deriveSeed(c.seed, epoch * 100003 + s), probability: c.degrade.probability, kinds: c.degrade.kinds }).images : clean
      const audio = tf.tensor2d(gather(train.audio, idx, c.audioDim), [idx.length, c.audioDim])
      const target = tf.tensor2d(Float32Array.from(idx.flatMap((_, j) => [v[j] / c.labelRange, a[j] / c.labelRange])), [idx.length, 2])
      const weights: Tensor | null = c.classWeights.form === 'none' ? null : tf.tensor1d(inverseFrequencyWeights(v, a, counts, c.labelRange, c.classWeights.bins))
      const L = aegTrainStep(nets, opt, c, phase, { clean, input, audio, target, weights })
      tf.dispose([clean, input, audio, target, ...(weights ? [weights] : [])])
      for (const [k, x] of Object.entries(L)) sums[k] = (sums[k] ?? 0) + x
      steps++
      if (!Object.values(L).every(Number.isFinite)) throw new Error(`non-finite loss at epoch ${epoch}: ${JSON.stringify(L)}`)
    }
    const p = predictAeg(nets, c, val.crops, val.audio, val.count, { inputs: phase.inputs })
    const log: AegEpochLog = {
      epoch,
      phase: phase.name,
      losses: Object.fromEntries(Object.entries(sums).map(([k, x]) => [k, x / Math.max(1, steps)])),
      valCcc: { valence: ccc(p.valence, val.valence), arousal: ccc(p.arousal, val.arousal) }
    }
    history.push(log)
    o.onEpoch?.(log)
    if (o.runDir) {
      const tensors = new Map<string, { shape: readonly number[]; values: Float32Array }>()
      for (const k of AEG_NET_NAMES) {
        tensorsToEntries(`${k}/`, nets[k], tensors)
        tensorsToEntries(`adam/${k}/m/`, opt[k].m, tensors)
        tensorsToEntries(`adam/${k}/v/`, opt[k].v, tensors)
      }
      checkpoint = join(o.runDir, 'last.ckpt')
      writeCheckpointFile(checkpoint, { meta: { kind: 'aeg-cd-sz', config: c, epoch, phase: phase.name, history, adamSteps: { g: opt.g.step, cd: opt.cd.step } }, tensors })
    }
  }
  return { nets, opt, history, checkpoint }
}
