/**
 * Parameter containers: a plain map from a dotted name ('g.enc1.conv.w') to a `tf.Variable`. Initialisation is
 * deterministic: each variable is drawn from its own stream, seeded by (seed, full name), with a JS PRNG
 * (mulberry32 + Box–Muller), so it does not depend on the backend, on tfjs's RNG or on which other layers exist.
 */
import type { Variable } from '../tf'
import { getTf } from '../tf'

/** name → variable. Names are unique dotted paths; a model's map is the union of its blocks' maps. */
export type ParamMap = Record<string, Variable>

/** Named weights for checkpoints (row-major, the variable's shape). */
export interface NamedWeight {
  readonly shape: readonly number[]
  readonly data: Float32Array
}
export type NamedWeights = Record<string, NamedWeight>

/**
 * Initialisers. fan_in = k·k·Ci (conv) or inF (dense); fan_out = k·k·Co or outF.
 * - 'he-normal': N(0, gain²/fan_in), gain² = 2/(1 + α²) (α = LeakyReLU slope; 0 for ReLU)
 * - 'glorot-uniform': U(±√(6/(fan_in + fan_out)))
 * - 'zeros', 'ones': constants (biases, instance-norm β/γ)
 */
export type InitKind = 'he-normal' | 'glorot-uniform' | 'zeros' | 'ones'

export interface InitSpec {
  readonly kind: InitKind
  readonly fanIn?: number
  readonly fanOut?: number
  /** LeakyReLU negative slope for 'he-normal' (default 0 = ReLU). */
  readonly slope?: number
}

function hashString(seed: number, s: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x85ebca6b) >>> 0
    h = (h ^ (h >>> 13)) >>> 0
  }
  return Math.imul(h ^ (h >>> 16), 0xc2b2ae35) >>> 0
}

import { mulberry32 } from '../../../core/random/mulberry32'

export { mulberry32 }

/** The initial values of one parameter, deterministic in (seed, name). */
export function initValues(seed: number, name: string, size: number, spec: InitSpec): Float32Array {
  const out = new Float32Array(size)
  if (spec.kind === 'zeros') return out
  if (spec.kind === 'ones') return out.fill(1)
  const rand = mulberry32(hashString(seed, name))
  const fanIn = spec.fanIn ?? 1
  const fanOut = spec.fanOut ?? fanIn
  if (spec.kind === 'glorot-uniform') {
    const lim = Math.sqrt(6 / (fanIn + fanOut))
    for (let i = 0; i < size; i++) out[i] = (2 * rand() - 1) * lim
    return out
  }
  const a = spec.slope ?? 0
  const std = Math.sqrt(2 / (1 + a * a) / fanIn)
  for (let i = 0; i < size; i += 2) {
    const u1 = Math.max(rand(), 1e-12)
    const r = Math.sqrt(-2 * Math.log(u1))
    const th = 2 * Math.PI * rand()
    out[i] = r * Math.cos(th) * std
    if (i + 1 < size) out[i + 1] = r * Math.sin(th) * std
  }
  return out
}

/** Creates a trainable variable named `name` (also the tfjs variable name) with deterministic initial values. */
export function createParam(seed: number, name: string, shape: readonly number[], spec: InitSpec): Variable {
  const tf = getTf()
  const size = shape.reduce((a, b) => a * b, 1)
  const t = tf.tensor(initValues(seed, name, size, spec), [...shape], 'float32')
  const v = tf.variable(t, true, `${name}#${++variableSerial}`)
  t.dispose()
  return v
}
// tfjs variable names must be unique per engine; the serial keeps two models with the same names apart.
let variableSerial = 0

/** Copies every variable out as a named Float32Array (for checkpoints and for shipping weights to workers). */
export function getWeights(params: ParamMap): NamedWeights {
  const out: NamedWeights = {}
  for (const [name, v] of Object.entries(params)) out[name] = { shape: [...v.shape], data: v.dataSync() as Float32Array }
  return out
}

/**
 * Assigns named weights to the variables. With `strict` (default) every variable must be given and no unknown
 * name may appear; shapes must always match.
 */
export function setWeights(params: ParamMap, weights: NamedWeights, opts: { strict?: boolean } = {}): void {
  const tf = getTf()
  const strict = opts.strict ?? true
  if (strict) {
    const missing = Object.keys(params).filter((k) => !(k in weights))
    const unknown = Object.keys(weights).filter((k) => !(k in params))
    if (missing.length || unknown.length) {
      throw new Error(`weights do not match the model: missing [${missing.slice(0, 5).join(', ')}], unknown [${unknown.slice(0, 5).join(', ')}]`)
    }
  }
  for (const [name, w] of Object.entries(weights)) {
    const v = params[name]
    if (!v) continue
    if (w.shape.length !== v.shape.length || w.shape.some((d, i) => d !== v.shape[i])) {
      throw new Error(`weight ${name}: shape [${w.shape.join(',')}] does not match [${v.shape.join(',')}]`)
    }
    const t = tf.tensor(w.data, [...w.shape], 'float32')
    v.assign(t)
    t.dispose()
  }
}

/** Number of scalar parameters. */
export function paramCount(params: ParamMap): number {
  return Object.values(params).reduce((n, v) => n + v.size, 0)
}

/** Disposes every variable of the map. */
export function disposeParams(params: ParamMap): void {
  for (const v of Object.values(params)) v.dispose()
}
