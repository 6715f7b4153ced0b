/**
 * Learning-rate schedule and weight averaging for the stage-1 trainers (not from the papers: they give no optimiser
 * settings at all; see models/anclaf/config.ts and models/aeg-cd-sz/config.ts `lrSchedule`, `emaDecay`).
 */
import type { Tensor } from '../tf'
import { getTf } from '../tf'
import { cosineLr } from './ap-optimiser'

export type LrSchedule = 'constant' | 'cosine'
export const LR_SCHEDULES: readonly LrSchedule[] = ['constant', 'cosine']

/** What is wrong with a config's optional `lrSchedule` / `emaDecay` (null: nothing; absent fields are fine). */
export function scheduleFieldsProblem(c: { readonly lrSchedule?: unknown; readonly emaDecay?: unknown }): string | null {
  if (c.lrSchedule !== undefined && !LR_SCHEDULES.includes(c.lrSchedule as LrSchedule)) return `lrSchedule must be one of ${LR_SCHEDULES.join(', ')}, got ${JSON.stringify(c.lrSchedule)}`
  if (c.emaDecay !== undefined && !(typeof c.emaDecay === 'number' && c.emaDecay > 0 && c.emaDecay < 1)) return `emaDecay must be in (0, 1), got ${String(c.emaDecay)}`
  return null
}

/**
 * The learning rate of step `step` (0-based) of `total`: 'constant' = `base`; 'cosine' = base·½(1 + cos(π·step/total))
 * (SGDR without restarts, annealed to 0 at the end of the run).
 */
export function scheduledLr(schedule: LrSchedule, base: number, step: number, total: number): number {
  return schedule === 'cosine' ? cosineLr(base, step, total) : base
}

/**
 * The averaging weight of update number `t` (1-based): min(decay, (1 + t)/(10 + t)), the warm-up of TensorFlow's
 * ExponentialMovingAverage `num_updates`, so the first updates do not keep the random initial weights for ~1/(1 − decay)
 * steps.
 */
export function emaWeight(decay: number, t: number): number {
  return Math.min(decay, (1 + t) / (10 + t))
}

/** avg ← w·avg + (1 − w)·param for every parameter of `params` (replaces and disposes the old averages in place). */
export function emaUpdate(avg: Map<string, Tensor>, params: ReadonlyMap<string, Tensor>, w: number): void {
  const tf = getTf()
  for (const [name, p] of params) {
    const a = avg.get(name)
    if (!a) {
      avg.set(name, tf.clone(p))
      continue
    }
    const next = tf.tidy(() => tf.add(tf.mul(a, w), tf.mul(p, 1 - w)))
    a.dispose()
    avg.set(name, next)
  }
}

/** A copy of a parameter map (the averages' starting point). */
export function cloneParams(params: ReadonlyMap<string, Tensor>): Map<string, Tensor> {
  const tf = getTf()
  return new Map([...params].map(([k, t]) => [k, tf.clone(t)]))
}
