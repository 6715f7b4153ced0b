/**
 * The AP's hyper-parameters in the New-run form's terms (src/shared/training.ts), ready for the form to offer the
 * family: one preset ('paper', P004's settings), each parameter's default (AP_DEFAULTS) and limits (probed from
 * validateApConfig, training/param-limits.ts), the backbone as the one image stage-1 run it reads, and a request's
 * params → a validated config. The CLI flags are those of `circumplex train --model ap`.
 */
import type { ParamValue, PresetOptions } from '../../../shared/training'
import { AP_DEFAULTS, apConfig, type ApConfig, type ApOverrides } from '../../engine/models/ap/config'
import { accepted, applyParams, num, paramSpecs, type ParamDef } from '../training/param-defs'

export const AP_PARAMS: readonly ParamDef<ApConfig, ApOverrides>[] = [
  { key: 'itersPerEpoch', cli: 'iters', label: 'Iterations per epoch', kind: 'int', group: 'optimiser', help: '1000 in the paper (P004:L136); validation after each epoch.', get: (c) => c.itersPerEpoch, set: (v) => ({ itersPerEpoch: num(v) }) },
  { key: 'batch', cli: 'batch', label: 'Batch (sequences)', kind: 'int', group: 'optimiser', help: '16 videos per batch in the paper; each a random 35-70-frame sequence.', get: (c) => c.batch, set: (v) => ({ batch: num(v) }) },
  { key: 'lr', cli: 'lr', label: 'Learning rate', kind: 'number', group: 'optimiser', help: 'Adam (0.9, 0.999), cosine-annealed to 0 (P004:L136: 2.5e-4).', get: (c) => c.optimiser.lr, set: (v) => ({ optimiser: { lr: num(v) } }) },
  { key: 'weightDecay', cli: 'weight-decay', label: 'Weight decay', kind: 'number', group: 'optimiser', help: 'L2 added to the gradient, PyTorch Adam style (P004:L136: 1e-4).', get: (c) => c.optimiser.weightDecay, set: (v) => ({ optimiser: { weightDecay: num(v) } }) },
  {
    key: 'loss',
    cli: 'loss',
    label: 'Loss',
    kind: 'choice',
    group: 'loss',
    help: 'Eq. 1 terms. nll and nll+reg tie in Table 1 (P004:L154-159; the full loss was worse); nll validates better here: reg shrinks the traces (models/ap/config.ts).',
    choices: [
      { value: 'nll', label: 'NLL' },
      { value: 'nll+reg', label: 'NLL + reg' },
      { value: 'nll+kl', label: 'NLL + KL' },
      { value: 'nll+reg+kl', label: 'NLL + reg + KL (eq. 1)' }
    ],
    get: (c) => c.loss,
    set: (v) => ({ loss: v as ApConfig['loss'] })
  },
  {
    key: 'decoderOutput',
    cli: 'decoder',
    label: 'Decoder output',
    kind: 'choice',
    group: 'model',
    help: 'direct: the mean from [x; z] (the paper); residual: the backbone’s own prediction plus a decoded correction (an addition).',
    choices: [
      { value: 'direct', label: 'direct (paper)' },
      { value: 'residual', label: 'residual on the backbone' }
    ],
    get: (c) => c.decoderOutput,
    set: (v) => ({ decoderOutput: v === 'residual' ? 'residual' : 'direct' })
  },
  { key: 'contextPoints', cli: 'context', label: 'Test context points', kind: 'int', group: 'model', help: 'Frames of each window with the lowest latent σ used as context at test (40 in the paper, Fig. 3).', get: (c) => c.contextPoints, set: (v) => ({ contextPoints: num(v) }) },
  // A window shorter than the default hop takes the hop down with it (a later `hop` param sets its own), so the
  // window's probed limits are its own, not "≥ the default hop".
  { key: 'window', cli: 'window', label: 'Test window', kind: 'int', group: 'model', help: 'Frames per test window (70 in the paper); windows are cross-faded.', get: (c) => c.window, set: (v) => ({ window: num(v), hop: Math.min(AP_DEFAULTS.hop, num(v)) }) },
  { key: 'hop', cli: 'hop', label: 'Window hop', kind: 'int', group: 'model', help: 'Frames between window starts (≤ the window; the window = disjoint windows).', get: (c) => c.hop, set: (v) => ({ hop: num(v) }) },
  {
    key: 'testContext',
    cli: 'test-context',
    label: 'Test context from',
    kind: 'choice',
    group: 'model',
    help: 'Context selected in each window (the paper) or once over the whole session (measured worse: a z from a whole session is unlike the 35-70-frame sequences the AP trains on).',
    choices: [
      { value: 'window', label: 'each window' },
      { value: 'session', label: 'the whole session' }
    ],
    get: (c) => c.testContext,
    set: (v) => ({ testContext: v === 'session' ? 'session' : 'window' })
  },
  { key: 'samples', cli: 'samples', label: 'Sampled functions', kind: 'int', group: 'model', help: 'Draws of z stored with each inferred trace (10 in Fig. 4).', get: (c) => c.samples, set: (v) => ({ samples: num(v) }) },
  { key: 'hidden', cli: 'hidden', label: 'Width (MLPs, r, z)', kind: 'int', group: 'model', help: '128 in the paper (r, z ∈ ℝ¹²⁸).', get: (c) => c.hidden, set: (v) => ({ hidden: num(v), rDim: num(v), zDim: num(v) }) },
  { key: 'seed', cli: 'seed', label: 'Seed', kind: 'int', group: 'optimiser', help: 'Initial weights, sequences, context draws.', get: (c) => c.seed, set: (v) => ({ seed: num(v) }) }
]

let cached: PresetOptions | null = null

/** The form's view of the AP: one preset with the paper's settings, its parameters, the image backbone it reads. */
export function apPresetOptions(): PresetOptions {
  if (cached) return cached
  const params = paramSpecs(AP_PARAMS, AP_DEFAULTS, (o) => accepted(() => apConfig(o)))
  cached = {
    id: 'paper',
    label: 'Affective Process (P004 settings)',
    description: 'Latent-only neural process over a frozen stage-1 image run (the backbone): its enc_C features and C predictions per frame.',
    params,
    curriculum: null,
    stage1: ['image']
  }
  return cached
}

/** A request's params → a validated AP config (labelRange from the dataset's format, epochs from the request). */
export function apConfigFromParams(params: Readonly<Record<string, ParamValue>>, labelRange: number, epochs?: number): ApConfig {
  const o = applyParams(
    AP_PARAMS,
    params,
    { labelRange, ...(epochs !== undefined ? { epochs } : {}) },
    (o, s) => ({ ...o, ...s, optimiser: { ...o.optimiser, ...s.optimiser } }),
    'the AP'
  )
  return apConfig(o)
}
