/**
 * Dynamic time warping between two equal-length sequences (several raters on the same frames) restricted to a
 * Sakoe-Chiba band |i - j| <= band (Sakoe & Chiba 1978). Local cost (a_i - b_j)^2; steps (i-1, j-1), (i-1, j),
 * (i, j-1) with equal weight; the path runs from (0, 0) to (n-1, n-1).
 *
 *     D(i, j) = c(i, j) + min(D(i-1, j-1), D(i-1, j), D(i, j-1))
 *
 * A pair with a missing value (non-finite) costs 0: a gap neither attracts nor repels the alignment beyond what the
 * band allows. Memory and time are O(n (2 band + 1)).
 */
import { assertSameLength, invalidArgument, type Samples } from './nan-utils'

export interface DtwPath {
  /** Accumulated cost D(n-1, n-1). */
  readonly distance: number
  /** Aligned index pairs (a index, b index), from the start of both sequences to their ends. */
  readonly pathA: Int32Array
  readonly pathB: Int32Array
}

/** Banded DTW alignment of `a` and `b` (same length); `band` = Sakoe-Chiba radius in samples (>= 0). */
export function dtwBanded(a: Samples, b: Samples, band: number): DtwPath {
  assertSameLength(a, b, 'a', 'b')
  if (!Number.isInteger(band) || band < 0) throw invalidArgument(`band must be a non-negative integer, got ${band}`)
  const n = a.length
  if (n === 0) return { distance: 0, pathA: new Int32Array(0), pathB: new Int32Array(0) }
  const w = Math.min(band, n - 1)
  const width = 2 * w + 1
  const D = new Float64Array(n * width).fill(Infinity)
  const at = (i: number, j: number): number => {
    if (i < 0 || j < 0 || j < i - w || j > i + w || j >= n) return Infinity
    return D[i * width + (j - i + w)]
  }
  for (let i = 0; i < n; i++) {
    const ai = a[i]
    const jLo = Math.max(0, i - w)
    const jHi = Math.min(n - 1, i + w)
    for (let j = jLo; j <= jHi; j++) {
      const bj = b[j]
      const d = ai - bj
      const c = Number.isFinite(d) ? d * d : 0
      let prev: number
      if (i === 0 && j === 0) prev = 0
      else prev = Math.min(at(i - 1, j - 1), at(i - 1, j), at(i, j - 1))
      D[i * width + (j - i + w)] = c + prev
    }
  }
  // backtrack, preferring the diagonal on ties (keeps the path as short as possible)
  const pa: number[] = []
  const pb: number[] = []
  let i = n - 1
  let j = n - 1
  pa.push(i)
  pb.push(j)
  while (i > 0 || j > 0) {
    const diag = at(i - 1, j - 1)
    const up = at(i - 1, j)
    const left = at(i, j - 1)
    if (diag <= up && diag <= left) {
      i--
      j--
    } else if (up <= left) i--
    else j--
    pa.push(i)
    pb.push(j)
  }
  pa.reverse()
  pb.reverse()
  return { distance: at(n - 1, n - 1), pathA: Int32Array.from(pa), pathB: Int32Array.from(pb) }
}
