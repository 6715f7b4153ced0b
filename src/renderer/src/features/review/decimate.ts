/**
 * Display decimation of long traces: within [x0, x1] at most `bins` buckets, each keeping its min and max (in x
 * order), so peaks survive; a bucket holding a missing value keeps a NaN break so gaps are never bridged.
 * Points outside the range are dropped except one on each side (the line runs to the edge).
 */
export interface XY {
  readonly x: Float64Array
  readonly y: Float64Array
}

export function decimateMinMax(x: ArrayLike<number>, y: ArrayLike<number>, x0: number, x1: number, bins: number): XY {
  const n = x.length
  let i0 = 0
  while (i0 < n && x[i0] < x0) i0++
  let i1 = n
  while (i1 > i0 && x[i1 - 1] > x1) i1--
  i0 = Math.max(0, i0 - 1)
  i1 = Math.min(n, i1 + 1)
  const count = i1 - i0
  if (count <= 2 * bins) return { x: Float64Array.from({ length: count }, (_, k) => x[i0 + k]), y: Float64Array.from({ length: count }, (_, k) => y[i0 + k]) }
  const ox: number[] = []
  const oy: number[] = []
  const w = (x1 - x0) / bins
  let i = i0
  while (i < i1) {
    const b = Math.floor((x[i] - x0) / w)
    let lo = i
    let hi = i
    let gap = false
    let j = i
    while (j < i1 && Math.floor((x[j] - x0) / w) === b) {
      const v = y[j]
      if (Number.isNaN(v)) gap = true
      else {
        if (Number.isNaN(y[lo]) || v < y[lo]) lo = j
        if (Number.isNaN(y[hi]) || v > y[hi]) hi = j
      }
      j++
    }
    const a = Math.min(lo, hi)
    const c = Math.max(lo, hi)
    if (!Number.isNaN(y[a])) {
      ox.push(x[a])
      oy.push(y[a])
    }
    if (gap) {
      ox.push(x[Math.min(j - 1, (a + c) >> 1)])
      oy.push(NaN)
    }
    if (c !== a && !Number.isNaN(y[c])) {
      ox.push(x[c])
      oy.push(y[c])
    }
    i = j
  }
  return { x: Float64Array.from(ox), y: Float64Array.from(oy) }
}
