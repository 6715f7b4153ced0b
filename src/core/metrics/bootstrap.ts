/**
 * Percentile bootstrap confidence intervals for CCC, deterministic given a seed.
 *
 * Resampling schemes:
 * - **iid** (`blockLength: 1`, the default): frames drawn with replacement, the textbook percentile bootstrap.
 * - **moving block** (`blockLength: L > 1`, Künsch 1989): ⌈n/L⌉ blocks of L consecutive frames, start drawn
 *   uniformly from 0…n−L (overlapping, not wrapped), concatenated and truncated to n. Continuous affect traces are
 *   strongly autocorrelated (seconds at 25–30 fps), so iid resampling treats thousands of near-duplicate frames as
 *   independent and gives intervals that are far too narrow. For per-frame traces choose L at least the
 *   autocorrelation length (e.g. a few seconds of frames); n^(1/3) is the classical lower guide.
 * - **by sequence** (`bootstrapCccBySequence`): whole sequences resampled, pooled CCC per replicate — the right
 *   unit when a dataset has many independent clips/subjects.
 *
 * Missing frames are removed (pairwise deletion) *before* resampling, so blocks span the gaps.
 * Replicates whose CCC is undefined (e.g. a resample that is constant) are skipped and counted.
 * The interval is [q(α/2), q(1−α/2)] of the replicate distribution, with linear interpolation between order
 * statistics (numpy.percentile's default), α = 1 − confidence.
 */
import { AppError } from '../../shared/ipc/errors'
import { ccc } from './ccc'
import { pairwiseComplete } from './missing'

/** mulberry32: tiny, fast 32-bit seeded PRNG returning floats in [0, 1). Same sequence on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed | 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Quantile of an ascending-sorted array, linear interpolation (numpy 'linear' / R type 7). NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length
  if (n === 0) return NaN
  const h = (n - 1) * q
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, n - 1)
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
}

/** Fills `out` (length n) with resampled indices: iid for L = 1, moving blocks of length L otherwise. */
export function resampleIndices(n: number, blockLength: number, rand: () => number, out: Int32Array): void {
  const L = Math.min(blockLength, n)
  let pos = 0
  while (pos < n) {
    const start = Math.floor(rand() * (n - L + 1))
    for (let o = 0; o < L && pos < n; o++) out[pos++] = start + o
  }
}

export interface BootstrapOptions {
  /** Number of bootstrap replicates, default 2000. */
  readonly iterations?: number
  /** Confidence level, default 0.95. */
  readonly confidence?: number
  /** PRNG seed (any 32-bit integer), default 42. */
  readonly seed?: number
  /** Block length in frames; 1 (default) = iid frames. Ignored by `bootstrapCccBySequence`. */
  readonly blockLength?: number
}

export interface BootstrapCi {
  /** CCC on the full (non-resampled) data. */
  readonly estimate: number
  readonly lower: number
  readonly upper: number
  readonly level: number
  readonly iterations: number
  /** Replicates with a finite CCC (the percentiles use only these). */
  readonly nValidReplicates: number
  readonly method: 'iid' | 'moving-block' | 'sequence'
  readonly blockLength: number
  readonly seed: number
  /** Frames (or sequences, for 'sequence') used. */
  readonly nUsed: number
  /** Frames dropped as missing. */
  readonly nMissing: number
}

function resolve(options: BootstrapOptions): { iterations: number; level: number; seed: number; L: number } {
  const iterations = options.iterations ?? 2000
  const level = options.confidence ?? 0.95
  const seed = options.seed ?? 42
  const L = options.blockLength ?? 1
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new AppError('INVALID_ARGUMENT', `iterations must be a positive integer, got ${iterations}`)
  }
  if (!(level > 0 && level < 1)) throw new AppError('INVALID_ARGUMENT', `confidence must be in (0, 1), got ${level}`)
  if (!Number.isInteger(L) || L < 1) {
    throw new AppError('INVALID_ARGUMENT', `blockLength must be a positive integer, got ${L}`)
  }
  return { iterations, level, seed, L }
}

function interval(stats: Float64Array, count: number, level: number): [number, number] {
  const valid = stats.subarray(0, count).sort()
  const alpha = 1 - level
  return [quantileSorted(valid, alpha / 2), quantileSorted(valid, 1 - alpha / 2)]
}

/** Percentile bootstrap CI of CCC(pred, gold) over frames (iid or moving-block; see the module comment). */
export function bootstrapCcc(
  pred: ArrayLike<number>,
  gold: ArrayLike<number>,
  options: BootstrapOptions = {}
): BootstrapCi {
  const { iterations, level, seed, L } = resolve(options)
  const { x, y, nUsed, nMissing } = pairwiseComplete(pred, gold)
  const n = nUsed
  const rand = mulberry32(seed)
  const idx = new Int32Array(n)
  const bx = new Float64Array(n)
  const by = new Float64Array(n)
  const stats = new Float64Array(iterations)
  let count = 0
  for (let b = 0; b < iterations && n >= 2; b++) {
    resampleIndices(n, L, rand, idx)
    for (let t = 0; t < n; t++) {
      bx[t] = x[idx[t]]
      by[t] = y[idx[t]]
    }
    const c = ccc(bx, by)
    if (Number.isFinite(c)) stats[count++] = c
  }
  const [lower, upper] = interval(stats, count, level)
  return {
    estimate: ccc(x, y),
    lower,
    upper,
    level,
    iterations,
    nValidReplicates: count,
    method: Math.min(L, n) > 1 ? 'moving-block' : 'iid',
    blockLength: L,
    seed,
    nUsed,
    nMissing
  }
}

/**
 * Percentile bootstrap CI of the *pooled* CCC over a set of sequences, resampling whole sequences with
 * replacement (cluster bootstrap). Each replicate concatenates the drawn sequences and computes CCC over all
 * their frames (pairwise deletion). `nUsed` is the number of sequences.
 */
export function bootstrapCccBySequence(
  sequences: readonly { readonly pred: ArrayLike<number>; readonly gold: ArrayLike<number> }[],
  options: BootstrapOptions = {}
): BootstrapCi {
  const { iterations, level, seed } = resolve(options)
  const clean = sequences.map((s) => pairwiseComplete(s.pred, s.gold))
  const m = clean.length
  const concat = (pick: ArrayLike<number>): [Float64Array, Float64Array] => {
    let total = 0
    for (let i = 0; i < pick.length; i++) total += clean[pick[i]].nUsed
    const px = new Float64Array(total)
    const py = new Float64Array(total)
    let off = 0
    for (let i = 0; i < pick.length; i++) {
      const c = clean[pick[i]]
      px.set(c.x, off)
      py.set(c.y, off)
      off += c.nUsed
    }
    return [px, py]
  }
  const all = concat(Array.from({ length: m }, (_, i) => i))
  const rand = mulberry32(seed)
  const idx = new Int32Array(m)
  const stats = new Float64Array(iterations)
  let count = 0
  for (let b = 0; b < iterations && m >= 2; b++) {
    resampleIndices(m, 1, rand, idx)
    const [px, py] = concat(idx)
    const c = ccc(px, py)
    if (Number.isFinite(c)) stats[count++] = c
  }
  const [lower, upper] = interval(stats, count, level)
  return {
    estimate: ccc(all[0], all[1]),
    lower,
    upper,
    level,
    iterations,
    nValidReplicates: count,
    method: 'sequence',
    blockLength: 1,
    seed,
    nUsed: m,
    nMissing: clean.reduce((s, c) => s + c.nMissing, 0)
  }
}
