/**
 * The sequence-model hyper-parameters the New-run form exposes (one preset per variant: vi-des, au-des, avi-cas,
 * avi-gas, anclaf-s, anclaf-sa): how each maps onto the config (models/sequence/config.ts), its default (read from
 * SEQUENCE_PRESETS) and limits (probed from validateSequenceConfig, param-limits.ts), the curriculum with its
 * default and the smallest window the validation accepts, and the stage-1 runs the variant reads. A request's
 * params + curriculum become config overrides here, and the config's own validation has the last word.
 */
import { AppError } from '../../../shared/ipc/errors'
import { CURRICULUM_LIMITS, type ParamValue, type PresetOptions } from '../../../shared/training'
import { SEQUENCE_PRESETS, SEQUENCE_VARIANTS, sequenceConfig, VARIANT_LABEL, type SequenceConfig, type SequenceOverrides, type SequenceVariant } from '../../engine/models/sequence/config'
import { accepted, applyParams, CLASS_WEIGHTS_PARAM, num, paramSpecs, type ParamDef } from './param-defs'
import { probeLimits } from './param-limits'

/** `circumplex train --<cli>` (booleans: the flag turns it on). */
export const SEQUENCE_PARAMS: readonly ParamDef<SequenceConfig, SequenceOverrides>[] = [
  {
    key: 'hidden',
    cli: 'hidden',
    label: 'Hidden size',
    kind: 'int',
    group: 'model',
    help: 'LSTM width, also the attention W_a and GMU widths (512 in Table A.3).',
    get: (c) => c.hidden,
    set: (v) => ({ hidden: num(v), attentionDim: num(v), gmuDim: num(v) })
  },
  {
    key: 'quadrantHead',
    cli: 'quadrant-head',
    label: 'Quadrant head',
    kind: 'boolean',
    group: 'model',
    help: 'A 4-way quadrant output next to V/A (not in the papers’ sequence models).',
    get: (c) => c.quadrantHead,
    set: (v) => ({ quadrantHead: v === true })
  },
  { key: 'batch', cli: 'batch', label: 'Batch size', kind: 'int', group: 'optimiser', help: 'Windows per step (not given in the papers).', get: (c) => c.batch, set: (v) => ({ batch: num(v) }) },
  {
    key: 'lr',
    cli: 'lr',
    label: 'Learning rate',
    kind: 'number',
    group: 'optimiser',
    help: 'Adam (β = 0.5, 0.999), a fresh state per stage (not from the papers).',
    get: (c) => c.optimiser.lr,
    set: (v) => ({ optimiser: { lr: num(v) } })
  },
  { key: 'clipNorm', cli: 'clip-norm', label: 'Gradient clip norm', kind: 'number', group: 'optimiser', help: 'Global-norm clipping (0 = off).', get: (c) => c.clipNorm, set: (v) => ({ clipNorm: num(v) }) },
  { key: 'seed', cli: 'seed', label: 'Seed', kind: 'int', group: 'optimiser', help: 'Initial weights and shuffling.', get: (c) => c.seed, set: (v) => ({ seed: num(v) }) },
  {
    key: 'shortSessions',
    cli: 'short-sessions',
    label: 'Short sessions',
    kind: 'choice',
    group: 'data',
    help: 'Sessions shorter than the longest window: refuse before training (naming them), or pad from the session start.',
    choices: [
      { value: 'refuse', label: 'refuse' },
      { value: 'pad', label: 'pad from the start' }
    ],
    get: (c) => c.shortSessions,
    set: (v) => ({ shortSessions: v === 'pad' ? 'pad' : 'refuse' })
  },
  {
    key: 'audioDropout',
    cli: 'audio-dropout',
    label: 'Audio dropout',
    kind: 'number',
    group: 'data',
    help: 'Share of training windows whose audio ends in digital silence, so the gate learns to lean on the face when the voice drops out (an addition, not in the thesis; 0 = off). Models with an audio branch only.',
    get: (c) => c.audioDropout,
    set: (v) => ({ audioDropout: num(v) })
  },
  CLASS_WEIGHTS_PARAM
]

const DESCRIPTION: Readonly<Record<SequenceVariant, string>> = {
  'vi-des': 'Attention LSTM over the face latents of a stage-1 image run (thesis ch. 7).',
  'au-des': 'Attention LSTM over the audio latents of a stage-1 spectrogram run (thesis ch. 7).',
  'avi-cas': 'Face and audio latents concatenated per frame, then an attention LSTM (thesis ch. 7).',
  'avi-gas': 'Face and audio latents fused by a gated multimodal unit, then an attention LSTM (thesis ch. 7).',
  'anclaf-s': 'LSTM over the face latents (ANCLaF-S-n, P000), no attention.',
  'anclaf-sa': 'The ANCLaF-S curriculum, then attention added to each S-n (ANCLaF-SA-n, P000).'
}

function accepts(variant: SequenceVariant, o: SequenceOverrides): boolean {
  return accepted(() => sequenceConfig(variant, o))
}

const cache = new Map<SequenceVariant, PresetOptions>()

/** The form's view of a variant: parameters with defaults and probed limits, the curriculum, the stage-1 inputs. */
export function sequencePresetOptions(variant: SequenceVariant): PresetOptions {
  const hit = cache.get(variant)
  if (hit) return hit
  const base = SEQUENCE_PRESETS[variant]
  // A parameter the variant's validation pins to one value (audio dropout on a face-only model) is not offered.
  const params = paramSpecs(SEQUENCE_PARAMS, base, (o) => accepts(variant, o)).filter((p) => !(p.min !== null && p.min === p.max))
  // The smallest window: the first stage's lower limit by the same validation.
  const first = probeLimits((n) => accepts(variant, { curriculum: [n] }), base.curriculum[0], true)
  const out: PresetOptions = {
    id: variant,
    label: VARIANT_LABEL[variant],
    description: `${DESCRIPTION[variant]} Each stage of the curriculum starts from the previous one; a checkpoint per stage.`,
    params,
    curriculum: {
      default: [...base.curriculum],
      epochsPerStage: base.epochsPerStage,
      minWindow: first.min ?? 1,
      maxWindow: CURRICULUM_LIMITS.maxWindow,
      maxStages: CURRICULUM_LIMITS.maxStages,
      attentionAfter: base.attention === 'after-s',
      label: VARIANT_LABEL[variant]
    },
    stage1: [...base.modalities]
  }
  cache.set(variant, out)
  return out
}

export function isSequenceVariant(p: string): p is SequenceVariant {
  return (SEQUENCE_VARIANTS as readonly string[]).includes(p)
}

/** A request's params + curriculum → a validated config for `variant` (labelRange from the dataset's format). */
export function sequenceConfigFromParams(
  variant: string,
  params: Readonly<Record<string, ParamValue>>,
  curriculum: readonly number[] | undefined,
  labelRange: number,
  epochsPerStage?: number
): SequenceConfig {
  if (!isSequenceVariant(variant)) throw new AppError('INVALID_ARGUMENT', `preset must be a sequence variant (${SEQUENCE_VARIANTS.join(', ')}), got '${variant}'`)
  let o = applyParams(
    SEQUENCE_PARAMS,
    params,
    { labelRange, ...(epochsPerStage !== undefined ? { epochsPerStage } : {}) },
    (o, s) => ({ ...o, ...s, optimiser: { ...o.optimiser, ...s.optimiser }, classWeights: { ...o.classWeights, ...s.classWeights } }),
    'the sequence models'
  )
  if (curriculum !== undefined) {
    if (curriculum.length > CURRICULUM_LIMITS.maxStages) throw new AppError('INVALID_ARGUMENT', `curriculum: at most ${CURRICULUM_LIMITS.maxStages} stages, got ${curriculum.length}`)
    const big = curriculum.find((n) => n > CURRICULUM_LIMITS.maxWindow)
    if (big !== undefined) throw new AppError('INVALID_ARGUMENT', `curriculum: windows of at most ${CURRICULUM_LIMITS.maxWindow} frames, got ${big}`)
    o = { ...o, curriculum: [...curriculum] }
  }
  return sequenceConfig(variant, o)
}
