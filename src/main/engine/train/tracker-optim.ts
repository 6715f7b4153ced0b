/**
 * Adam over tf.Variables (assign in place), with the learning rate given per step so the thesis's step decay
 * (lr decayed every `lrDecayEvery` iterations, T:L825) needs no optimiser rebuild. tfjs' Adam keeps a fixed lr;
 * train/adam.ts replaces tensors, not variables. Same update as both (bias-corrected, ε outside the sqrt).
 */
import type { Tensor, Variable } from '../tf'
import { getTf } from '../tf'

export interface VarAdam {
  step: number
  readonly m: Map<string, Tensor>
  readonly v: Map<string, Tensor>
}

export function createVarAdam(): VarAdam {
  return { step: 0, m: new Map(), v: new Map() }
}

export function disposeVarAdam(s: VarAdam): void {
  getTf().dispose([...s.m.values(), ...s.v.values()])
  s.m.clear()
  s.v.clear()
}

/** lr after `step` iterations of a step decay. */
export function decayedLr(lr: number, step: number, every: number, factor: number): number {
  return lr * factor ** Math.floor(step / every)
}

/** One Adam step on `vars` (name → variable) with `grads` (name → gradient; not disposed here). */
export function varAdamStep(vars: Record<string, Variable>, grads: Record<string, Tensor>, s: VarAdam, lr: number, beta1 = 0.9, beta2 = 0.999, eps = 1e-8): void {
  const tf = getTf()
  s.step++
  const lrT = (lr * Math.sqrt(1 - beta2 ** s.step)) / (1 - beta1 ** s.step)
  for (const [name, g] of Object.entries(grads)) {
    const p = vars[name]
    if (!p) throw new Error(`gradient for unknown parameter '${name}'`)
    const m0 = s.m.get(name)
    const v0 = s.v.get(name)
    const [m, v] = tf.tidy(() => {
      const m = m0 ? tf.add(tf.mul(m0, beta1), tf.mul(g, 1 - beta1)) : tf.mul(g, 1 - beta1)
      const v = v0 ? tf.add(tf.mul(v0, beta2), tf.mul(tf.square(g), 1 - beta2)) : tf.mul(tf.square(g), 1 - beta2)
      p.assign(tf.sub(p, tf.mul(tf.div(m, tf.add(tf.sqrt(v), eps)), lrT)))
      return [m, v]
    })
    m0?.dispose()
    v0?.dispose()
    s.m.set(name, m)
    s.v.set(name, v)
  }
}
