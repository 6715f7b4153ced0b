/**
 * AEG-CD-SZ's hyper-parameters in the New-run form's terms (src/shared/training.ts) and `circumplex train --model
 * aeg-cd-sz`'s flags: the two presets (compact, thesis), each parameter's default and limits (probed from
 * validateAegConfig, training/param-limits.ts), and a request's params + epochs → a validated config. Epochs are the
 * whole schedule's, split 1:2:2 over its phases (models/aeg-cd-sz/schedule.ts splitAegEpochs).
 */
import type { ParamValue, PresetOptions } from '../../../shared/training'
import { aegConfig, AEG_PRESETS, type AegConfig, type AegOverrides, type AegPreset } from '../../engine/models/aeg-cd-sz/config'
import { splitAegEpochs } from '../../engine/models/aeg-cd-sz/schedule'
import { accepted, applyParams, CLASS_WEIGHTS_PARAM, EMA_PARAM, FLIP_PARAM, JITTER_PARAM, lrScheduleParam, num, paramSpecs, STRIDE_CYCLE_PARAM, type ParamDef } from '../training/param-defs'

export const AEG_PARAMS: readonly ParamDef<AegConfig, AegOverrides>[] = [
  {
    key: 'audio',
    cli: 'audio',
    label: 'Audio',
    kind: 'boolean',
    group: 'model',
    help: "The frame's 50 eGeMAPS values as CD's extra input channel in the last phase; off = the audio ablation (zeros in its place).",
    get: (c) => c.audio,
    set: (v) => ({ audio: v === true })
  },
  { key: 'frameStride', cli: 'frame-stride', label: 'Frame stride (training)', kind: 'int', group: 'data', help: 'Train on every S-th labelled frame (compact 4, thesis 1).', get: (c) => c.frameStride, set: (v) => ({ frameStride: num(v) }) },
  STRIDE_CYCLE_PARAM,
  { key: 'evalStride', cli: 'eval-stride', label: 'Frame stride (validation, test)', kind: 'int', group: 'data', help: 'Validate and test on every S-th frame (compact 2, thesis 1).', get: (c) => c.evalStride, set: (v) => ({ evalStride: num(v) }) },
  { key: 'batch', cli: 'batch', label: 'Batch', kind: 'int', group: 'optimiser', help: 'Frames per step (not in P002: 16).', get: (c) => c.batch, set: (v) => ({ batch: num(v) }) },
  { key: 'lr', cli: 'lr', label: 'Learning rate', kind: 'number', group: 'optimiser', help: 'Adam, β (0.5, 0.999) as ANCLaF (not in P002: 1e-4).', get: (c) => c.optimiser.lr, set: (v) => ({ optimiser: { lr: num(v) } }) },
  lrScheduleParam('within each phase, restarting at the next'),
  EMA_PARAM,
  FLIP_PARAM,
  JITTER_PARAM,
  { key: 'recWeight', cli: 'rec-weight', label: 'Cycle reconstruction weight', kind: 'number', group: 'loss', help: "λ_rec of P002 eq. 10, ‖x − AEG(AEG(x̃))‖₁ (not given in P002: 10).", get: (c) => c.loss.rec, set: (v) => ({ loss: { rec: num(v) } }) },
  CLASS_WEIGHTS_PARAM,
  { key: 'degrade', cli: 'degrade', label: 'Degraded inputs', kind: 'boolean', group: 'degradation', help: "The thesis degradations on AEG's inputs (the clean frame is its target).", get: (c) => c.degrade.enabled, set: (v) => ({ degrade: { enabled: v === true } }) },
  {
    key: 'degradeProbability',
    cli: 'degrade-probability',
    label: 'Degraded share of a batch',
    kind: 'number',
    group: 'degradation',
    help: 'Probability that a frame of a batch is degraded (0.8).',
    get: (c) => c.degrade.probability,
    set: (v) => ({ degrade: { probability: num(v) } })
  },
  { key: 'seed', cli: 'seed', label: 'Seed', kind: 'int', group: 'optimiser', help: 'Initial weights, batch order and degradations.', get: (c) => c.seed, set: (v) => ({ seed: num(v) }) }
]

const DESCRIPTIONS: Readonly<Record<AegPreset, { label: string; description: string }>> = {
  compact: { label: 'Compact (64², laptops)', description: 'Narrow AEG (16/32) and CD (32-64-128-256) on 64² crops; trains on every 4th frame.' },
  thesis: { label: 'Thesis (128², Appendix A widths)', description: 'AEG 64/128 and CD 64…1024 on 128² crops, every frame: for a GPU machine.' }
}

const cache = new Map<AegPreset, PresetOptions>()

/** The form's view of one preset: its parameters with their defaults and limits. */
export function aegPresetOptions(preset: AegPreset): PresetOptions {
  const hit = cache.get(preset)
  if (hit) return hit
  const params = paramSpecs(AEG_PARAMS, AEG_PRESETS[preset], (o) => accepted(() => aegConfig(preset, o)))
  const out: PresetOptions = { id: preset, ...DESCRIPTIONS[preset], params, curriculum: null, stage1: [] }
  cache.set(preset, out)
  return out
}

const merge = (o: AegOverrides, s: AegOverrides): AegOverrides => ({
  ...o,
  ...s,
  loss: { ...o.loss, ...s.loss },
  optimiser: { ...o.optimiser, ...s.optimiser },
  degrade: { ...o.degrade, ...s.degrade },
  classWeights: { ...o.classWeights, ...s.classWeights },
  schedule: { ...o.schedule, ...s.schedule }
})

/** A request's params → a validated config; `epochs` (all phases) or `schedule` (per phase) sets the schedule. */
export function aegConfigFromParams(
  preset: AegPreset,
  params: Readonly<Record<string, ParamValue>>,
  labelRange: number,
  schedule?: number | AegConfig['schedule']
): AegConfig {
  const start: AegOverrides = { labelRange, ...(schedule === undefined ? {} : { schedule: typeof schedule === 'number' ? splitAegEpochs(schedule) : schedule }) }
  return aegConfig(preset, applyParams(AEG_PARAMS, params, start, merge, 'AEG-CD-SZ'))
}

/** Epochs the whole schedule trains. */
export const aegEpochsPlanned = (c: Pick<AegConfig, 'schedule'>): number => c.schedule.disc + c.schedule.aegCd + c.schedule.full
