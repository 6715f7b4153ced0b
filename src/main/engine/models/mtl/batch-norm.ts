/**
 * Batch normalisation with running statistics (PyTorch's BatchNorm1d semantics): in training the batch mean and
 * biased variance normalise, and the running mean / UNBIASED variance move by `momentum`; in evaluation (and for a
 * frozen part) the running statistics normalise. γ, β are trainable (`<name>.gamma`, `<name>.beta`); the running
 * statistics are plain state (`<name>.mean`, `<name>.var`, not trained) kept in the model's `state` map.
 */
import type { Tensor } from '../../tf'
import { getTf } from '../../tf'
import { createParam, type ParamMap } from '../../blocks/params'

export const BN_EPS = 1e-5

export function batchNormInit(seed: number, name: string, channels: number): { params: ParamMap; state: ParamMap } {
  const tf = getTf()
  const mk = (suffix: string, v: number) => {
    const t = tf.fill([channels], v)
    const x = tf.variable(t, false, `${name}.${suffix}#state-${++serial}`)
    t.dispose()
    return x
  }
  return {
    params: {
      [`${name}.gamma`]: createParam(seed, `${name}.gamma`, [channels], { kind: 'ones' }),
      [`${name}.beta`]: createParam(seed, `${name}.beta`, [channels], { kind: 'zeros' })
    },
    state: { [`${name}.mean`]: mk('mean', 0), [`${name}.var`]: mk('var', 1) }
  }
}
let serial = 0

export interface BatchNormOptions {
  /** Normalise with the batch's statistics (training) or the running ones. */
  readonly train: boolean
  /** In training: also move the running statistics (false on SAM's perturbed pass). */
  readonly updateStats: boolean
  readonly momentum: number
  /** Axes reduced over (the channel axis is the one left). */
  readonly axes: readonly number[]
  /** Shape γ, β and the statistics are reshaped to for broadcasting (e.g. [1, C] or [1, C, 1]). */
  readonly broadcast: readonly number[]
}

function get(map: ParamMap, key: string): Tensor {
  const v = map[key]
  if (!v) throw new Error(`missing batch-norm tensor ${key}`)
  return v
}

export function batchNormApply<T extends Tensor>(params: ParamMap, state: ParamMap, name: string, x: T, o: BatchNormOptions): T {
  const tf = getTf()
  const b = (t: Tensor) => tf.reshape(t, [...o.broadcast])
  const gamma = b(get(params, `${name}.gamma`))
  const beta = b(get(params, `${name}.beta`))
  let mean: Tensor
  let variance: Tensor
  if (o.train) {
    const m = tf.moments(x, [...o.axes])
    mean = m.mean
    variance = m.variance
    if (o.updateStats) {
      const count = o.axes.reduce((n, a) => n * x.shape[a], 1)
      const rm = state[`${name}.mean`]
      const rv = state[`${name}.var`]
      if (!rm || !rv) throw new Error(`missing running statistics of ${name}`)
      const [nm, nv] = tf.tidy(() => {
        const unbiased = tf.mul(m.variance, count / Math.max(1, count - 1))
        return [tf.add(tf.mul(rm, 1 - o.momentum), tf.mul(m.mean, o.momentum)), tf.add(tf.mul(rv, 1 - o.momentum), tf.mul(unbiased, o.momentum))]
      })
      rm.assign(nm)
      rv.assign(nv)
      tf.dispose([nm, nv])
    }
  } else {
    mean = get(state, `${name}.mean`)
    variance = get(state, `${name}.var`)
  }
  const xn = tf.mul(tf.sub(x, b(mean)), tf.rsqrt(tf.add(b(variance), BN_EPS)))
  return tf.add(tf.mul(xn, gamma), beta) as T
}
