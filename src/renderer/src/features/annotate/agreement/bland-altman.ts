/**
 * Bland–Altman analysis of two raters' traces (Bland & Altman 1986):
 *
 *     for every frame where both have a value:  m = (a + b) / 2,  d = a − b
 *     bias = mean(d),  SD = sample standard deviation of d (n − 1),
 *     95 % limits of agreement = bias ± 1.96·SD
 *
 * Frames are paired by frame number (traces:get gives sparse frames with null = missing).
 */

export interface TracePoints {
  readonly frames: readonly number[]
  readonly values: readonly (number | null)[]
}

export interface BlandAltman {
  /** Paired frames (both values finite), ascending. */
  readonly frames: Int32Array
  readonly mean: Float64Array
  readonly diff: Float64Array
  readonly n: number
  /** mean(a − b); NaN when n = 0. */
  readonly bias: number
  /** Sample SD of a − b; NaN when n < 2. */
  readonly sd: number
  readonly lower: number
  readonly upper: number
}

export const LOA_Z = 1.96

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x)

export function blandAltman(a: TracePoints, b: TracePoints): BlandAltman {
  const bAt = new Map<number, number>()
  b.frames.forEach((f, i) => {
    const v = b.values[i]
    if (finite(v)) bAt.set(f, v)
  })
  const pairs: [number, number, number][] = []
  a.frames.forEach((f, i) => {
    const x = a.values[i]
    const y = bAt.get(f)
    if (finite(x) && y !== undefined) pairs.push([f, x, y])
  })
  pairs.sort((p, q) => p[0] - q[0])
  const n = pairs.length
  const frames = new Int32Array(n)
  const mean = new Float64Array(n)
  const diff = new Float64Array(n)
  let sum = 0
  pairs.forEach(([f, x, y], i) => {
    frames[i] = f
    mean[i] = (x + y) / 2
    diff[i] = x - y
    sum += diff[i]
  })
  const bias = n > 0 ? sum / n : NaN
  let ss = 0
  for (let i = 0; i < n; i++) ss += (diff[i] - bias) ** 2
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : NaN
  return { frames, mean, diff, n, bias, sd, lower: bias - LOA_Z * sd, upper: bias + LOA_Z * sd }
}

/** Indices of at most `max` points to draw (every k-th; the statistics always use all of them). */
export function drawIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i)
  const step = n / max
  return Array.from({ length: max }, (_, i) => Math.floor(i * step))
}

/** A symmetric-ish padded axis range covering the values (and the limits); [lo, hi] with lo < hi. */
export function axisRange(values: ArrayLike<number>, extra: readonly number[] = []): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  const take = (v: number) => {
    if (!Number.isFinite(v)) return
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  for (let i = 0; i < values.length; i++) take(values[i])
  extra.forEach(take)
  if (!Number.isFinite(lo)) return [-1, 1]
  if (hi - lo < 1e-9) return [lo - 0.1, hi + 0.1]
  const pad = (hi - lo) * 0.08
  return [lo - pad, hi + pad]
}

/** About `count` round tick values within [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo
  if (!(span > 0)) return [lo]
  const raw = span / count
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag
  const out: number[] = []
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toFixed(10)))
  return out
}
