/**
 * Adam over a parameter map, with its state kept by parameter name so it can be checkpointed and restored exactly
 * (tfjs' built-in optimiser matches its slots by position and global variable names). Not from the papers: see
 * models/anclaf/config.ts (`optimiser`).
 */
import type { Tensor } from '../tf'
import { getTf } from '../tf'

export interface AdamSettings {
  readonly lr: number
  readonly beta1: number
  readonly beta2: number
  readonly eps: number
}

export interface AdamState {
  step: number
  readonly m: Map<string, Tensor>
  readonly v: Map<string, Tensor>
}

export function createAdamState(): AdamState {
  return { step: 0, m: new Map(), v: new Map() }
}

export function disposeAdamState(s: AdamState): void {
  for (const t of s.m.values()) t.dispose()
  for (const t of s.v.values()) t.dispose()
  s.m.clear()
  s.v.clear()
}

/** One Adam step: replaces (and disposes) the updated tensors of `params` in place. Does not dispose `grads`. */
export function adamStep(params: Map<string, Tensor>, grads: ReadonlyMap<string, Tensor>, state: AdamState, o: AdamSettings): void {
  const tf = getTf()
  state.step++
  const t = state.step
  const lrT = (o.lr * Math.sqrt(1 - o.beta2 ** t)) / (1 - o.beta1 ** t)
  for (const [name, g] of grads) {
    const p = params.get(name)
    if (!p) throw new Error(`gradient for unknown parameter '${name}'`)
    const m0 = state.m.get(name)
    const v0 = state.v.get(name)
    const [m, v, next] = tf.tidy(() => {
      const m = m0 ? tf.add(tf.mul(m0, o.beta1), tf.mul(g, 1 - o.beta1)) : tf.mul(g, 1 - o.beta1)
      const v = v0 ? tf.add(tf.mul(v0, o.beta2), tf.mul(tf.square(g), 1 - o.beta2)) : tf.mul(tf.square(g), 1 - o.beta2)
      const next = tf.sub(p, tf.mul(tf.div(m, tf.add(tf.sqrt(v), o.eps)), lrT))
      return [m, v, next]
    })
    m0?.dispose()
    v0?.dispose()
    p.dispose()
    state.m.set(name, m)
    state.v.set(name, v)
    params.set(name, next)
  }
}
