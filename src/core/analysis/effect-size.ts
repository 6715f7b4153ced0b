/**
 * Two-sample effect sizes for "group X vs group Y" (e.g. ZG on video-degraded frames vs clean frames).
 * Missing values (non-finite) are ignored. Frame-level values of one session are autocorrelated, so these describe
 * the size of a shift; they are not significance tests.
 */

export interface GroupStats {
  readonly n: number
  readonly mean: number | null
  /** Sample standard deviation (n − 1); null below 2 values. */
  readonly sd: number | null
  readonly median: number | null
}

function finiteSorted(xs: ArrayLike<number>): Float64Array {
  const out: number[] = []
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) out.push(xs[i])
  return Float64Array.from(out).sort()
}

/** n, mean, sample SD and median of the finite values. */
export function groupStats(xs: ArrayLike<number>): GroupStats {
  const s = finiteSorted(xs)
  const n = s.length
  if (n === 0) return { n, mean: null, sd: null, median: null }
  const mean = s.reduce((a, b) => a + b, 0) / n
  let ss = 0
  for (const x of s) ss += (x - mean) * (x - mean)
  const median = n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
  return { n, mean, sd: n >= 2 ? Math.sqrt(ss / (n - 1)) : null, median }
}

export interface EffectSize {
  readonly value: number | null
  /** Why `value` is null. */
  readonly reason: string | null
}

/**
 * Cohen's d = (mean_x − mean_y) / s_p with the pooled SD
 * s_p = √(((n_x − 1)·s_x² + (n_y − 1)·s_y²) / (n_x + n_y − 2)) (sample variances). Negative when x is lower.
 */
export function cohensD(x: ArrayLike<number>, y: ArrayLike<number>): EffectSize {
  const a = groupStats(x)
  const b = groupStats(y)
  if (a.n === 0 || b.n === 0) return { value: null, reason: `a group is empty (n = ${a.n}, ${b.n})` }
  if (a.n + b.n < 3) return { value: null, reason: 'pooled SD needs n_x + n_y ≥ 3' }
  const vx = a.n >= 2 ? (a.sd as number) ** 2 : 0
  const vy = b.n >= 2 ? (b.sd as number) ** 2 : 0
  const sp = Math.sqrt(((a.n - 1) * vx + (b.n - 1) * vy) / (a.n + b.n - 2))
  if (sp === 0) return { value: null, reason: 'pooled SD is 0 (both groups constant)' }
  return { value: ((a.mean as number) - (b.mean as number)) / sp, reason: null }
}

/**
 * Cliff's delta = P(X > Y) − P(X < Y) over all pairs (ties count 0), in [−1, 1]; negative when x tends lower.
 * O((n_x + n_y) log) by sorting and merging, so it is fine for hundreds of thousands of frames.
 */
export function cliffsDelta(x: ArrayLike<number>, y: ArrayLike<number>): EffectSize {
  const a = finiteSorted(x)
  const b = finiteSorted(y)
  if (a.length === 0 || b.length === 0) return { value: null, reason: `a group is empty (n = ${a.length}, ${b.length})` }
  // For each a_i: #(b < a_i) − #(b > a_i), with two pointers over sorted b.
  let lt = 0 // count of b < a_i
  let le = 0 // count of b <= a_i
  let sum = 0
  for (const v of a) {
    while (lt < b.length && b[lt] < v) lt++
    while (le < b.length && b[le] <= v) le++
    sum += lt - (b.length - le)
  }
  return { value: sum / (a.length * b.length), reason: null }
}
