/**
 * Small NaN-aware helpers shared by the trace modules. "Missing" everywhere in `core/traces` means a value that is
 * not finite (NaN, ±Infinity): such samples never contribute to sums, means or correlations.
 */
import { AppError } from '../../shared/ipc/errors'

/** A numeric sequence: plain array or any typed array. */
export type Samples = ArrayLike<number>

export function isValid(v: number): boolean {
  return Number.isFinite(v)
}

/** Number of finite values. */
export function countValid(values: Samples): number {
  let n = 0
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++
  return n
}

/** Mean of the finite values, NaN when there are none. */
export function nanMean(values: Samples): number {
  let s = 0
  let n = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (Number.isFinite(v)) {
      s += v
      n++
    }
  }
  return n === 0 ? NaN : s / n
}

/** Median of the finite values, NaN when there are none. */
export function nanMedian(values: Samples): number {
  const a: number[] = []
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) a.push(values[i])
  if (a.length === 0) return NaN
  a.sort((p, q) => p - q)
  const m = a.length >> 1
  return a.length % 2 === 1 ? a[m] : (a[m - 1] + a[m]) / 2
}

/** Median of consecutive differences of (sorted) times: the nominal sampling interval. NaN for < 2 samples. */
export function medianInterval(times: Samples): number {
  if (times.length < 2) return NaN
  const d = new Float64Array(times.length - 1)
  for (let i = 1; i < times.length; i++) d[i - 1] = times[i] - times[i - 1]
  return nanMedian(d)
}

/** The pairs where both x[i] and y[i] are finite, compacted. */
export function validPairs(x: Samples, y: Samples): { x: Float64Array; y: Float64Array } {
  assertSameLength(x, y, 'x', 'y')
  let n = 0
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) n++
  const ox = new Float64Array(n)
  const oy = new Float64Array(n)
  let k = 0
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      ox[k] = x[i]
      oy[k] = y[i]
      k++
    }
  }
  return { x: ox, y: oy }
}

export function assertSameLength(a: Samples, b: Samples, nameA: string, nameB: string): void {
  if (a.length !== b.length) {
    throw new AppError('LENGTH_MISMATCH', `${nameA} has ${a.length} samples but ${nameB} has ${b.length}`)
  }
}

export function invalidArgument(message: string): AppError {
  return new AppError('INVALID_ARGUMENT', message)
}

/** Throws unless `times` is finite and strictly increasing. */
export function assertIncreasing(times: Samples, name: string): void {
  for (let i = 0; i < times.length; i++) {
    if (!Number.isFinite(times[i])) throw invalidArgument(`${name}[${i}] is not a finite number`)
    if (i > 0 && !(times[i] > times[i - 1])) {
      throw invalidArgument(`${name} must be strictly increasing: ${name}[${i}] = ${times[i]} <= ${times[i - 1]}`)
    }
  }
}

/** Throws unless `v` is a positive integer. */
export function assertPositiveInt(v: number, name: string): void {
  if (!Number.isInteger(v) || v < 1) throw invalidArgument(`${name} must be a positive integer, got ${v}`)
}
