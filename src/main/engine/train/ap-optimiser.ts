/**
 * The AP's optimiser (P004:L136): Adam (β1, β2) with weight decay as an L2 term added to the gradient — the
 * semantics of PyTorch's `torch.optim.Adam(weight_decay=…)`, the paper's framework (L134) — and a cosine-annealed
 * learning rate (SGDR [40] without restarts, from lr to 0 over all iterations). State kept by parameter name so it
 * can be inspected and disposed exactly.
 */
import type { ParamMap } from '../blocks/params'
import type { Tensor } from '../tf'
import { getTf } from '../tf'
import type { ApOptimiser } from '../models/ap/config'

/** lr at 0-based `step` of `total`: lr0 · ½ (1 + cos(π · step / total)). */
export function cosineLr(lr0: number, step: number, total: number): number {
  if (total <= 0) return lr0
  return 0.5 * lr0 * (1 + Math.cos((Math.PI * Math.min(step, total)) / total))
}

export interface ApAdamState {
  step: number
  readonly m: Map<string, Tensor>
  readonly v: Map<string, Tensor>
}

export function createApAdam(): ApAdamState {
  return { step: 0, m: new Map(), v: new Map() }
}

export function disposeApAdam(s: ApAdamState): void {
  getTf().dispose([...s.m.values(), ...s.v.values()])
  s.m.clear()
  s.v.clear()
}

/**
 * One step over `params` with gradients keyed by PARAMETER name (not the tfjs variable name):
 * g ← g + wd·θ; m ← β1 m + (1 − β1) g; v ← β2 v + (1 − β2) g²; θ ← θ − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε).
 * Does not dispose `grads`.
 */
export function apAdamStep(params: ParamMap, grads: Readonly<Record<string, Tensor>>, state: ApAdamState, o: ApOptimiser, lr: number): void {
  const tf = getTf()
  state.step++
  const t = state.step
  const bc1 = 1 - o.beta1 ** t
  const bc2 = Math.sqrt(1 - o.beta2 ** t)
  for (const [name, g0] of Object.entries(grads)) {
    const p = params[name]
    if (!p) throw new Error(`gradient for unknown parameter '${name}'`)
    const m0 = state.m.get(name)
    const v0 = state.v.get(name)
    const [m, v] = tf.tidy(() => {
      const g = o.weightDecay > 0 ? tf.add(g0, tf.mul(p, o.weightDecay)) : g0
      const m = m0 ? tf.add(tf.mul(m0, o.beta1), tf.mul(g, 1 - o.beta1)) : tf.mul(g, 1 - o.beta1)
      const v = v0 ? tf.add(tf.mul(v0, o.beta2), tf.mul(tf.square(g), 1 - o.beta2)) : tf.mul(tf.square(g), 1 - o.beta2)
      p.assign(tf.sub(p, tf.mul(tf.div(m, tf.add(tf.div(tf.sqrt(v), bc2), o.eps)), lr / bc1)))
      return [m, v]
    })
    m0?.dispose()
    v0?.dispose()
    state.m.set(name, m)
    state.v.set(name, v)
  }
}
