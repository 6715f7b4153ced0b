/**
 * One hyper-parameter of a model family as the New-run form and `circumplex train` expose it, generic in the
 * family's config (C) and overrides (O) types, plus the helpers every family's params file shares: the form's
 * ParamSpecs with defaults and probed limits (param-limits.ts), and a request's params → checked overrides.
 * The per-family tables of parameters stay in their own files (anclaf-params.ts, sequence-params.ts, ap-params.ts,
 * mtl-params.ts); the config's own validation has the last word.
 */
import { AppError } from '../../../shared/ipc/errors'
import type { ParamSpec, ParamValue } from '../../../shared/training'
import type { ClassWeightsConfig } from '../../engine/models/anclaf/config'
import type { LrSchedule } from '../../engine/train/schedule'
import { probeLimits } from './param-limits'

export interface ParamDef<C, O> {
  readonly key: string
  /** `circumplex train --<cli>`. */
  readonly cli: string
  readonly label: string
  readonly kind: ParamSpec['kind']
  readonly group: ParamSpec['group']
  readonly help: string
  readonly choices?: ParamSpec['choices']
  get(c: C): ParamValue
  set(v: ParamValue): O
}

/** A param value the request check has already found to be a number. */
export const num = (v: ParamValue): number => v as number

/** The V×A class weights of the stage-1 and sequence models (both configs carry `classWeights`). */
export const CLASS_WEIGHTS_PARAM: ParamDef<{ readonly classWeights: ClassWeightsConfig }, { readonly classWeights: Partial<ClassWeightsConfig> }> = {
  key: 'classWeights',
  cli: 'class-weights',
  label: 'Class weights',
  kind: 'choice',
  group: 'loss',
  help: 'Inverse-frequency weights of the V×A bins of the training labels (P000 eq. 10), or none.',
  choices: [
    { value: 'inverse-frequency', label: 'inverse frequency' },
    { value: 'none', label: 'none' }
  ],
  get: (c) => c.classWeights.form,
  set: (v) => ({ classWeights: { form: v === 'none' ? 'none' : 'inverse-frequency' } })
}

/** The lr schedule of the stage-1 trainers (ANCLaF, AEG-CD-SZ); `span` says what the cosine anneals over. */
export function lrScheduleParam(span: string): ParamDef<{ readonly lrSchedule?: LrSchedule }, { readonly lrSchedule?: LrSchedule }> {
  return {
    key: 'lrSchedule',
    cli: 'lr-schedule',
    label: 'Learning-rate schedule',
    kind: 'choice',
    group: 'optimiser',
    help: `Constant, or cosine-annealed from the learning rate to 0 ${span} (not from the papers).`,
    choices: [
      { value: 'constant', label: 'constant' },
      { value: 'cosine', label: 'cosine to 0' }
    ],
    get: (c) => c.lrSchedule ?? 'constant',
    set: (v) => (v === 'cosine' ? { lrSchedule: 'cosine' } : {})
  }
}

/** Weight averaging of the stage-1 trainers: the average is validated, selected and saved (0 = none). */
export const EMA_PARAM: ParamDef<{ readonly emaDecay?: number }, { readonly emaDecay?: number }> = {
  key: 'emaDecay',
  cli: 'ema',
  label: 'Weight averaging (EMA decay)',
  kind: 'number',
  group: 'optimiser',
  help: 'Validate, select and save a moving average of the weights with this decay, e.g. 0.998 (0: the raw weights).',
  get: (c) => c.emaDecay ?? 0,
  set: (v) => (v === 0 ? {} : { emaDecay: num(v) })
}

/** Left–right mirroring of the stage-1 trainers' training crops (absent = off). */
export const FLIP_PARAM: ParamDef<{ readonly flip?: boolean }, { readonly flip?: boolean }> = {
  key: 'flip',
  cli: 'flip',
  label: 'Mirror training crops',
  kind: 'boolean',
  group: 'data',
  help: 'Mirror each training crop left–right with probability ½; the labels stay (not from the papers).',
  get: (c) => c.flip === true,
  set: (v) => (v === true ? { flip: true } : {})
}

/** Whether the stage-1 trainers' strided training subset moves by one frame each epoch (absent = off). */
export const STRIDE_CYCLE_PARAM: ParamDef<{ readonly strideCycle?: boolean }, { readonly strideCycle?: boolean }> = {
  key: 'strideCycle',
  cli: 'stride-cycle',
  label: 'Cycle the frame stride',
  kind: 'boolean',
  group: 'data',
  help: 'Start each epoch’s every-S-th-frame subset one frame later, so S epochs train on every labelled frame (off: the same frames every epoch).',
  get: (c) => c.strideCycle === true,
  set: (v) => (v === true ? { strideCycle: true } : {})
}

/** Geometric jitter of the stage-1 trainers' training crops (0 = none). */
export const JITTER_PARAM: ParamDef<{ readonly jitter?: number }, { readonly jitter?: number }> = {
  key: 'jitter',
  cli: 'jitter',
  label: 'Jitter training crops',
  kind: 'number',
  group: 'data',
  help: 'Resample each training crop with random scales 1 ± a (x and y apart), rotation ± a·60° and shift ± a/2 of the side, e.g. 0.1 (0: none; not from the papers).',
  get: (c) => c.jitter ?? 0,
  set: (v) => (v === 0 ? {} : { jitter: num(v) })
}

/** Whether building a config throws (its validation refuses the overrides). */
export function accepted(build: () => unknown): boolean {
  try {
    build()
    return true
  } catch {
    return false
  }
}

/** Every parameter's form spec: its default read from `base`, numeric limits probed with `accepts`. */
export function paramSpecs<C, O>(defs: readonly ParamDef<C, O>[], base: C, accepts: (o: O) => boolean): ParamSpec[] {
  return defs.map((d): ParamSpec => {
    const dflt = d.get(base)
    const numeric = d.kind === 'int' || d.kind === 'number'
    const lim = numeric ? probeLimits((v) => accepts(d.set(v)), dflt as number, d.kind === 'int') : { min: null, max: null, minExclusive: false, maxExclusive: false }
    return { key: d.key, label: d.label, kind: d.kind, default: dflt, ...lim, choices: d.choices ?? [], help: d.help, group: d.group, cliFlag: d.cli }
  })
}

/**
 * A request's params folded onto `start` with `merge` (which combines nested override objects), each checked
 * against its definition first: known key, the right JSON type, one of the choices, an integer where one is due.
 * `family` names the model in the unknown-key message ("not a hyper-parameter of <family>").
 */
export function applyParams<C, O>(
  defs: readonly ParamDef<C, O>[],
  params: Readonly<Record<string, ParamValue>>,
  start: O,
  merge: (o: O, s: O) => O,
  family: string
): O {
  let o = start
  for (const [k, v] of Object.entries(params)) {
    const d = defs.find((p) => p.key === k)
    if (!d) throw new AppError('INVALID_ARGUMENT', `params.${k}: not a hyper-parameter of ${family} (known: ${defs.map((p) => p.key).join(', ')})`)
    const want = d.kind === 'boolean' ? 'boolean' : d.kind === 'choice' ? 'string' : 'number'
    if (typeof v !== want) throw new AppError('INVALID_ARGUMENT', `params.${k}: expected a ${want}, got ${JSON.stringify(v)}`)
    if (d.kind === 'choice' && !d.choices?.some((c) => c.value === v)) throw new AppError('INVALID_ARGUMENT', `params.${k}: one of ${d.choices?.map((c) => c.value).join(', ')}, got '${String(v)}'`)
    if (d.kind === 'int' && !Number.isInteger(v)) throw new AppError('INVALID_ARGUMENT', `params.${k}: expected an integer, got ${String(v)}`)
    o = merge(o, d.set(v))
  }
  return o
}
