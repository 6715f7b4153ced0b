/**
 * The multi-task model's hyper-parameters in the New-run form's terms (src/shared/training.ts): one preset ('paper',
 * P003's settings), each parameter's default (MTL_DEFAULTS) and limits (probed from validateMtlConfig,
 * training/param-limits.ts), the backbone as the one image stage-1 run it reads, and a request's params → a validated
 * config. Only settings `circumplex train --model mtl` has a flag for are offered (the form shows the same command).
 */
import type { ParamValue, PresetOptions } from '../../../shared/training'
import { MTL_DEFAULTS, mtlConfig, type MtlConfig, type MtlOverrides } from '../../engine/models/mtl/config'
import { accepted, applyParams, num, paramSpecs, type ParamDef } from '../training/param-defs'

export const MTL_PARAMS: readonly ParamDef<MtlConfig, MtlOverrides>[] = [
  {
    key: 'schedule',
    cli: 'schedule',
    label: 'Schedule',
    kind: 'choice',
    group: 'model',
    help: 'separate (the paper): AU, then expression on the frozen AU branch, then V/A, each selected by its own metric; joint: one masked loss, selected on P_MTL.',
    choices: [
      { value: 'separate', label: 'separate tasks (P003)' },
      { value: 'joint', label: 'joint loss' }
    ],
    get: (c) => c.schedule,
    set: (v) => ({ schedule: v === 'joint' ? 'joint' : 'separate' })
  },
  { key: 'neighbours', cli: 'neighbours', label: 'AU graph neighbours (k)', kind: 'int', group: 'model', help: 'Edges each AU node keeps in the kNN graph (4, as in ANFL).', get: (c) => c.neighbours, set: (v) => ({ neighbours: num(v) }) },
  { key: 'attentionDim', cli: 'attention-dim', label: 'Cross-attention width', kind: 'int', group: 'model', help: 'Width of the AU → expression cross-attention (unspecified in P003: 32).', get: (c) => c.attentionDim, set: (v) => ({ attentionDim: num(v) }) },
  { key: 'crossAttention', cli: 'cross-attention', label: 'Cross-attention', kind: 'boolean', group: 'model', help: 'Off = the "w/o cross attention" row of P003 Table 1.', get: (c) => c.crossAttention, set: (v) => ({ crossAttention: v === true }) },
  { key: 'vaBatchNorm', cli: 'va-bn', label: 'V/A batch norm', kind: 'boolean', group: 'model', help: 'FC → BN → tanh (off = the "FC + Tanh" row of Table 3).', get: (c) => c.vaBatchNorm, set: (v) => ({ vaBatchNorm: v === true }) },
  { key: 'exprUpdatesAu', cli: 'expr-updates-au', label: 'Expression updates the AU branch', kind: 'boolean', group: 'model', help: 'Separate schedule: let the expression loss train the AU branch too (the paper freezes it).', get: (c) => c.exprUpdatesAu, set: (v) => ({ exprUpdatesAu: v === true }) },
  { key: 'batch', cli: 'batch', label: 'Batch (frames)', kind: 'int', group: 'optimiser', help: '256 in the paper; cut to the frame count of a small task.', get: (c) => c.batch, set: (v) => ({ batch: num(v) }) },
  { key: 'lr', cli: 'lr', label: 'Learning rate', kind: 'number', group: 'optimiser', help: 'SGD, cosine-decayed to 0 over each task (P003: 1e-3).', get: (c) => c.optimiser.lr, set: (v) => ({ optimiser: { lr: num(v) } }) },
  {
    key: 'optimiser',
    cli: 'optimiser',
    label: 'Optimiser',
    kind: 'choice',
    group: 'optimiser',
    help: 'SGD with sharpness-aware minimisation (the paper) or plain SGD (the "ANFL" row of Table 2).',
    choices: [
      { value: 'sgd-sam', label: 'SGD + SAM (P003)' },
      { value: 'sgd', label: 'SGD' }
    ],
    get: (c) => c.optimiser.name,
    set: (v) => ({ optimiser: { name: v === 'sgd' ? 'sgd' : 'sgd-sam' } })
  },
  { key: 'seed', cli: 'seed', label: 'Seed', kind: 'int', group: 'optimiser', help: 'Initial weights and batch order.', get: (c) => c.seed, set: (v) => ({ seed: num(v) }) }
]

let cached: PresetOptions | null = null

/** The form's view of the MTL model: one preset with P003's settings, its parameters, the image backbone it reads. */
export function mtlPresetOptions(): PresetOptions {
  if (cached) return cached
  const params = paramSpecs(MTL_PARAMS, MTL_DEFAULTS, (o) => accepted(() => mtlConfig(o)))
  cached = {
    id: 'paper',
    label: 'Multi-task AU / expression / V-A (P003 settings)',
    description: 'ANFL AU graph, expression head with cross-attention on the AU predictions and a V/A head, on the frozen per-frame features of a stage-1 image run (the backbone).',
    params,
    curriculum: null,
    stage1: ['image']
  }
  return cached
}

/** A request's params → a validated MTL config (epochs = per task, from the request). */
export function mtlConfigFromParams(params: Readonly<Record<string, ParamValue>>, epochs?: number): MtlConfig {
  const o = applyParams(
    MTL_PARAMS,
    params,
    epochs !== undefined ? { epochs } : {},
    (o, s) => ({ ...o, ...s, optimiser: { ...o.optimiser, ...s.optimiser } }),
    'the multi-task model'
  )
  return mtlConfig(o)
}

/** Epochs a run trains in all: each task's under the separate schedule, one set under the joint one. */
export function mtlEpochsPlanned(c: MtlConfig): number {
  return c.schedule === 'separate' ? 3 * c.epochs : c.epochs
}
