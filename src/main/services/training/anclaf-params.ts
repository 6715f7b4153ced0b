/**
 * The ANCLaF stage-1 hyper-parameters the New-run form exposes: how each maps onto the config (models/anclaf/
 * config.ts), its default per preset (read from ANCLAF_PRESETS) and its limits (probed from validateAnclafConfig,
 * param-limits.ts). A request's params become config overrides here, and the config's own validation has the last
 * word (its message names the field).
 */
import type { ParamValue, PresetOptions } from '../../../shared/training'
import { AppError } from '../../../shared/ipc/errors'
import { ANCLAF_PRESETS, anclafConfig, type AnclafConfig, type AnclafOverrides, type AnclafPreset } from '../../engine/models/anclaf/config'
import { accepted, applyParams, CLASS_WEIGHTS_PARAM, EMA_PARAM, FLIP_PARAM, JITTER_PARAM, lrScheduleParam, num, paramSpecs, STRIDE_CYCLE_PARAM, type ParamDef } from './param-defs'

/** `circumplex train --<cli>` (booleans: --no-<cli>). */
export const ANCLAF_PARAMS: readonly ParamDef<AnclafConfig, AnclafOverrides>[] = [
  {
    key: 'input',
    cli: 'input',
    label: 'Input',
    kind: 'choice',
    group: 'data',
    help: 'Face crops, or each frame’s mel-spectrogram window (the audio stage 1: every clip needs audio).',
    choices: [
      { value: 'image', label: 'face crops' },
      { value: 'spectrogram', label: 'spectrogram windows' }
    ],
    get: (c) => c.input ?? 'image',
    set: (v) => (v === 'spectrogram' ? { input: 'spectrogram' } : {})
  },
  { key: 'batch',
    cli: 'batch', label: 'Batch size', kind: 'int', group: 'optimiser', help: 'Frames per step (not given in the papers).', get: (c) => c.batch, set: (v) => ({ batch: num(v) }) },
  {
    key: 'lr',
    cli: 'lr',
    label: 'Learning rate',
    kind: 'number',
    group: 'optimiser',
    help: 'Adam, the same for G, D and C (β = 0.5, 0.999; not from the papers).',
    get: (c) => c.optimiser.lr,
    set: (v) => ({ optimiser: { lr: num(v) } })
  },
  lrScheduleParam('over the run’s epochs'),
  EMA_PARAM,
  FLIP_PARAM,
  JITTER_PARAM,
  {
    key: 'inputNorm',
    cli: 'input-norm',
    label: 'Input normalisation',
    kind: 'choice',
    group: 'data',
    help: 'Standardise each face crop by the mean and spread of its centre (dark skin, low light; not from the papers), or none.',
    choices: [
      { value: 'none', label: 'none' },
      { value: 'face-standardise', label: 'face-centre standardisation' }
    ],
    get: (c) => c.inputNorm ?? 'none',
    set: (v) => (v === 'face-standardise' ? { inputNorm: 'face-standardise' } : {})
  },
  { key: 'frameStride',
    cli: 'frame-stride', label: 'Frame stride', kind: 'int', group: 'data', help: 'Train on every n-th labelled frame (each epoch shuffles the subset).', get: (c) => c.frameStride, set: (v) => ({ frameStride: num(v) }) },
  STRIDE_CYCLE_PARAM,
  { key: 'evalStride',
    cli: 'eval-stride', label: 'Validation stride', kind: 'int', group: 'data', help: 'Validate and test on every n-th frame.', get: (c) => c.evalStride, set: (v) => ({ evalStride: num(v) }) },
  {
    key: 'degrade',
    cli: 'degrade',
    label: 'Degrade inputs',
    kind: 'boolean',
    group: 'degradation',
    help: 'Blur, noise, downsampling, intensity and motion blur on the fly (off: G sees clean inputs only).',
    get: (c) => c.degrade.enabled,
    set: (v) => ({ degrade: { enabled: v === true } })
  },
  {
    key: 'degradeProbability',
    cli: 'degrade-probability',
    label: 'Degraded share',
    kind: 'number',
    group: 'degradation',
    help: 'Fraction of each batch that is degraded; the rest stays clean so G also learns the identity.',
    get: (c) => c.degrade.probability,
    set: (v) => ({ degrade: { probability: num(v) } })
  },
  {
    key: 'denoise',
    cli: 'denoise',
    label: 'Denoising losses',
    kind: 'boolean',
    group: 'loss',
    help: 'G’s reconstruction and adversarial terms (off: the “no denoising” ablation).',
    get: (c) => c.denoise,
    set: (v) => ({ denoise: v === true })
  },
  { key: 'recWeight',
    cli: 'rec-weight', label: 'Reconstruction weight λ_rec', kind: 'number', group: 'loss', help: 'Weight of ‖I − G(Ĩ)‖₁.', get: (c) => c.loss.rec, set: (v) => ({ loss: { rec: num(v) } }) },
  CLASS_WEIGHTS_PARAM,
  { key: 'seed',
    cli: 'seed', label: 'Seed', kind: 'int', group: 'optimiser', help: 'Initial weights, shuffling and degradations.', get: (c) => c.seed, set: (v) => ({ seed: num(v) }) }
]

export const ANCLAF_PRESET_TEXT: Readonly<Record<AnclafPreset, { label: string; description: string }>> = {
  compact: { label: 'compact (64², CPU-friendly)', description: 'Narrow G/D/C at 64² crops; trains on every 4th frame. Seconds per step on wasm.' },
  thesis: { label: 'thesis (128², Table A widths)', description: 'The published widths at 128² (29 M parameters): needs tfjs-node or a GPU; on wasm a batch-4 step takes ≈ 45 s.' }
}

const cache = new Map<AnclafPreset, PresetOptions>()

/** The form's view of a preset: every parameter with its default and probed limits (computed once). */
export function anclafPresetOptions(preset: AnclafPreset): PresetOptions {
  const hit = cache.get(preset)
  if (hit) return hit
  const base = ANCLAF_PRESETS[preset]
  const params = paramSpecs(ANCLAF_PARAMS, base, (o) => accepted(() => anclafConfig(preset, o)))
  const out: PresetOptions = { id: preset, ...ANCLAF_PRESET_TEXT[preset], params, curriculum: null, stage1: [] }
  cache.set(preset, out)
  return out
}

export function isAnclafPreset(p: string): p is AnclafPreset {
  return Object.prototype.hasOwnProperty.call(ANCLAF_PRESETS, p)
}

/** A request's params → a validated config for `preset` (labelRange from the dataset's format). */
export function anclafConfigFromParams(preset: string, params: Readonly<Record<string, ParamValue>>, labelRange: number): AnclafConfig {
  if (!isAnclafPreset(preset)) throw new AppError('INVALID_ARGUMENT', `preset must be one of ${Object.keys(ANCLAF_PRESETS).join(', ')}, got '${preset}'`)
  const o = applyParams(
    ANCLAF_PARAMS,
    params,
    { labelRange },
    (o, s) => ({
      ...o,
      ...s,
      loss: { ...o.loss, ...s.loss },
      optimiser: { ...o.optimiser, ...s.optimiser },
      degrade: { ...o.degrade, ...s.degrade },
      classWeights: { ...o.classWeights, ...s.classWeights }
    }),
    'ANCLaF'
  )
  return anclafConfig(preset, o)
}
