/**
 * SGD with momentum and weight decay (PyTorch's form: d = g + λw; b ← μb + d; w ← w − lr·b), optionally wrapped in
 * Sharpness-Aware Minimisation (Foret et al., P003's [3], L143): ε = ρ·g/‖g‖ (global norm over the trained
 * parameters), the gradient is taken again at w + ε, and the step is made from w with that gradient. State (the
 * momentum buffers) is kept by parameter name. Choices (μ, λ, ρ) in models/mtl/config.ts.
 */
import type { Scalar } from '@tensorflow/tfjs'
import { AppError } from '../../../shared/ipc/errors'
import type { ParamMap } from '../blocks/params'
import type { Tensor, Variable } from '../tf'
import { getTf } from '../tf'

export interface SgdSettings {
  readonly lr: number
  readonly momentum: number
  readonly weightDecay: number
  /** SAM radius; null = plain SGD. */
  readonly rho: number | null
}

export interface SgdState {
  readonly buffers: Map<string, Tensor>
}

export function createSgdState(): SgdState {
  return { buffers: new Map() }
}

export function disposeSgdState(s: SgdState): void {
  for (const t of s.buffers.values()) t.dispose()
  s.buffers.clear()
}

/** Cosine decay from lr to 0 over `total` steps (step 0 → lr). */
export function cosineLr(lr: number, step: number, total: number): number {
  return total <= 1 ? lr : 0.5 * lr * (1 + Math.cos((Math.PI * Math.min(step, total)) / total))
}

/** v ← t, then t is released (assign shares t's data; the tensor object itself must still be disposed). */
function assignFrom(v: Variable, t: Tensor): void {
  v.assign(t)
  t.dispose()
}

function gradsByKey(vars: ReadonlyArray<[string, Variable]>, grads: Record<string, Tensor>): Map<string, Tensor> {
  const out = new Map<string, Tensor>()
  for (const [key, v] of vars) {
    const g = grads[v.name]
    if (g) out.set(key, g)
  }
  return out
}

/**
 * One (SAM-)SGD step on the parameters `names` of `params`. `loss(first)` builds the loss; `first` is true on the
 * unperturbed pass (the one that may move batch-norm running statistics). Returns the loss at w (before the step).
 * A non-finite loss throws JOB_FAILED before any weight changes.
 */
export function sgdSamStep(params: ParamMap, names: readonly string[], loss: (first: boolean) => Scalar, state: SgdState, o: SgdSettings): number {
  const tf = getTf()
  const vars = names.map((n) => {
    const v = params[n]
    if (!v) throw new AppError('INTERNAL', `sgd: no parameter '${n}'`)
    return [n, v] as [string, Variable]
  })
  const list = vars.map(([, v]) => v)
  const first = tf.variableGrads(() => loss(true), list)
  const value = first.value.dataSync()[0]
  let grads = gradsByKey(vars, first.grads)
  const owned: Tensor[] = [first.value, ...Object.values(first.grads)]
  try {
    if (!Number.isFinite(value)) throw new AppError('JOB_FAILED', `training diverged: loss is ${value}; stopped without updating the weights`)
    if (o.rho !== null) {
      const normT = tf.tidy(() => tf.sqrt(tf.addN([...grads.values()].map((g) => tf.sum(tf.square(g))))))
      const norm = normT.dataSync()[0]
      normT.dispose()
      if (norm > 0 && Number.isFinite(norm)) {
        const saved = new Map(vars.map(([k, v]) => [k, tf.clone(v)]))
        try {
          for (const [k, v] of vars) {
            const g = grads.get(k)
            if (g) assignFrom(v, tf.tidy(() => tf.add(v, tf.mul(g, o.rho! / norm))))
          }
          const second = tf.variableGrads(() => loss(false), list)
          owned.push(second.value, ...Object.values(second.grads))
          grads = gradsByKey(vars, second.grads)
        } finally {
          for (const [k, v] of vars) v.assign(saved.get(k)!)
          tf.dispose([...saved.values()])
        }
      }
    }
    for (const [k, v] of vars) {
      const g = grads.get(k)
      if (!g) continue
      const prev = state.buffers.get(k)
      const buf = tf.tidy(() => {
        const d = o.weightDecay > 0 ? tf.add(g, tf.mul(v, o.weightDecay)) : g
        return prev && o.momentum > 0 ? tf.add(tf.mul(prev, o.momentum), d) : tf.clone(d)
      })
      assignFrom(v, tf.tidy(() => tf.sub(v, tf.mul(buf, o.lr))))
      prev?.dispose()
      if (o.momentum > 0) state.buffers.set(k, buf)
      else buf.dispose()
    }
    return value
  } finally {
    tf.dispose(owned)
  }
}
