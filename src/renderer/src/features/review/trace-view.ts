import type { TraceData, TraceOverview } from '../../../../shared/domain'

/**
 * Long traces in the review workspace: the whole session is drawn from a SQLite overview (min/max/mean per bucket,
 * `traces:overview`); full-resolution points are fetched lazily (`traces:get`) only for the visible range once the
 * view is zoomed in below FULL_RES_FRAMES_PER_PX, in chunk-aligned pieces cached here.
 */

/** Buckets of the whole-session overview (90 000 frames → 23 frames per bucket; ≥ 1 bucket per 2 px at the switch). */
export const OVERVIEW_BUCKETS = 4000
/** At or below this many visible frames per plot pixel the traces are drawn from full-resolution points. */
export const FULL_RES_FRAMES_PER_PX = 16
/** Full-resolution points are fetched and cached in aligned chunks of this many frames. */
export const RANGE_CHUNK = 2048
/** Chunks kept in the cache (least recently used dropped first): 256 × 2048 frames. */
export const MAX_CHUNKS = 256

export type Dim = 'valence' | 'arousal'

/** Display envelope: one entry per display bucket, NaN in every array where the line breaks (a gap). */
export interface Envelope {
  readonly x: Float64Array
  readonly min: Float64Array
  readonly max: Float64Array
  readonly mean: Float64Array
}

/**
 * The overview buckets of `dim` covering frames [f0, f1] (plus one bucket on each side, so lines reach the edges),
 * merged into at most `bins` display buckets: min of mins, max of maxes, mean of means. x is the session time of the
 * middle frame of the points merged. Buckets past the video are not drawn (never stretched). A missing bucket
 * (no points) or an all-missing one breaks the line.
 */
export function envelopeInRange(o: TraceOverview, dim: Dim, ts: Float64Array, f0: number, f1: number, bins: number): Envelope {
  const lo = o[`${dim}Min`]
  const hi = o[`${dim}Max`]
  const mean = o[`${dim}Mean`]
  const n = o.from.length
  let k0 = 0
  while (k0 < n && o.to[k0] < f0) k0++
  let k1 = n
  while (k1 > k0 && o.from[k1 - 1] > f1) k1--
  k0 = Math.max(0, k0 - 1)
  k1 = Math.min(n, k1 + 1)
  while (k1 > k0 && o.from[k1 - 1] >= ts.length) k1--
  const size = o.bucketSize
  const span = k1 > k0 ? Math.floor(o.from[k1 - 1] / size) - Math.floor(o.from[k0] / size) + 1 : 0
  const group = Math.max(1, Math.ceil(span / Math.max(1, bins)))
  const base = k1 > k0 ? Math.floor(o.from[k0] / size) : 0
  const ox: number[] = []
  const omin: number[] = []
  const omax: number[] = []
  const omean: number[] = []
  const gap = (x: number) => {
    ox.push(x)
    omin.push(NaN)
    omax.push(NaN)
    omean.push(NaN)
  }
  let k = k0
  let prevGroup = -2
  while (k < k1) {
    const g = Math.floor((Math.floor(o.from[k] / size) - base) / group)
    let first = o.from[k]
    let last = o.to[k]
    let mn = Infinity
    let mx = -Infinity
    let sum = 0
    let m = 0
    let holes = false
    let prevBucket = Math.floor(o.from[k] / size) - 1
    while (k < k1 && Math.floor((Math.floor(o.from[k] / size) - base) / group) === g) {
      const b = Math.floor(o.from[k] / size)
      if (b !== prevBucket + 1) holes = true
      prevBucket = b
      last = o.to[k]
      const a = lo[k]
      const c = hi[k]
      const e = mean[k]
      if (a === null || c === null || e === null) holes = true
      else {
        if (a < mn) mn = a
        if (c > mx) mx = c
        sum += e
        m++
      }
      k++
    }
    first = Math.min(first, last)
    const x = ts[Math.min(ts.length - 1, Math.round((first + Math.min(last, ts.length - 1)) / 2))]
    if (prevGroup >= 0 && g !== prevGroup + 1) gap(ts[Math.min(ts.length - 1, first)])
    if (m === 0) gap(x)
    else {
      ox.push(x)
      omin.push(mn)
      omax.push(mx)
      omean.push(sum / m)
      if (holes && group > 1) gap(x)
    }
    prevGroup = g
  }
  return { x: Float64Array.from(ox), min: Float64Array.from(omin), max: Float64Array.from(omax), mean: Float64Array.from(omean) }
}

/** Full-resolution points of one trace over frames [from, to]. */
export interface TraceWindow {
  readonly traceId: string
  readonly from: number
  readonly to: number
  /** Points present in the DB, in frame order (NaN = missing value). */
  readonly frames: Int32Array
  readonly time: Float64Array
  readonly valence: Float64Array
  readonly arousal: Float64Array
  /** Values indexed by `frame − from` (length to − from + 1; NaN where the trace has no point). */
  readonly byFrame: { readonly valence: Float64Array; readonly arousal: Float64Array }
}

/** A window from `traces:get` rows; points outside [from, to] or past the video are dropped (never stretched). */
export function toTraceWindow(d: TraceData, from: number, to: number, ts: Float64Array): TraceWindow {
  const hiFrame = Math.min(to, ts.length - 1)
  const len = Math.max(0, to - from + 1)
  const bv = new Float64Array(len).fill(NaN)
  const ba = new Float64Array(len).fill(NaN)
  const frames: number[] = []
  for (let i = 0; i < d.frames.length; i++) {
    const f = d.frames[i]
    if (f < from || f > hiFrame) continue
    frames.push(i)
  }
  const n = frames.length
  const out = { frames: new Int32Array(n), time: new Float64Array(n), valence: new Float64Array(n), arousal: new Float64Array(n) }
  frames.forEach((i, k) => {
    const f = d.frames[i]
    out.frames[k] = f
    out.time[k] = ts[f]
    out.valence[k] = d.valence[i] ?? NaN
    out.arousal[k] = d.arousal[i] ?? NaN
    bv[f - from] = out.valence[k]
    ba[f - from] = out.arousal[k]
  })
  return { traceId: d.traceId, from, to, ...out, byFrame: { valence: bv, arousal: ba } }
}

function concatWindows(traceId: string, parts: readonly TraceWindow[], from: number, to: number): TraceWindow {
  if (parts.length === 1 && parts[0].from === from && parts[0].to === to) return parts[0]
  const n = parts.reduce((s, p) => s + p.frames.length, 0)
  const len = to - from + 1
  const w = {
    traceId,
    from,
    to,
    frames: new Int32Array(n),
    time: new Float64Array(n),
    valence: new Float64Array(n),
    arousal: new Float64Array(n),
    byFrame: { valence: new Float64Array(len).fill(NaN), arousal: new Float64Array(len).fill(NaN) }
  }
  let k = 0
  for (const p of parts) {
    w.frames.set(p.frames, k)
    w.time.set(p.time, k)
    w.valence.set(p.valence, k)
    w.arousal.set(p.arousal, k)
    k += p.frames.length
    w.byFrame.valence.set(p.byFrame.valence, p.from - from)
    w.byFrame.arousal.set(p.byFrame.arousal, p.from - from)
  }
  return w
}

/** Chunk-aligned frame range [from, to] covering [f0, f1]. */
export function chunkSpan(f0: number, f1: number, chunk = RANGE_CHUNK): readonly [number, number] {
  const a = Math.floor(Math.max(0, f0) / chunk)
  const b = Math.floor(Math.max(0, f0, f1) / chunk)
  return [a * chunk, (b + 1) * chunk - 1]
}

export type RangeFetcher = (traceId: string, fromFrame?: number, toFrame?: number) => Promise<TraceData>

export interface TraceStore {
  /** Full-resolution points covering [f0, f1] (widened to whole chunks); each chunk is fetched once and cached. */
  window(traceId: string, f0: number, f1: number): Promise<TraceWindow>
  /** The same window when every chunk of it is already cached (same object for the same chunks), else null. */
  peek(traceId: string, f0: number, f1: number): TraceWindow | null
  /** Every point of a trace in one window from frame 0 (for the windowed CCC); the last few are cached. */
  full(traceId: string): Promise<TraceWindow>
}

/** The renderer's per-range cache of full-resolution trace points (`fetch` is `traces:get`). */
export function createTraceStore(fetch: RangeFetcher, ts: Float64Array, opts: { chunk?: number; maxChunks?: number; maxFull?: number } = {}): TraceStore {
  const chunk = opts.chunk ?? RANGE_CHUNK
  const maxChunks = opts.maxChunks ?? MAX_CHUNKS
  const maxFull = opts.maxFull ?? 4
  type ChunkEntry = { readonly promise: Promise<TraceWindow>; value: TraceWindow | null }
  const chunks = new Map<string, ChunkEntry>()
  const assembled = new Map<string, TraceWindow>()
  const fulls = new Map<string, Promise<TraceWindow>>()
  const last = Math.max(0, ts.length - 1)

  const touch = <V>(m: Map<string, V>, key: string, v: V, max: number) => {
    m.delete(key)
    m.set(key, v)
    while (m.size > max) m.delete(m.keys().next().value as string)
  }
  const chunkEntry = (traceId: string, c: number) => {
    const key = `${traceId}:${c}`
    let e = chunks.get(key)
    if (!e) {
      const from = c * chunk
      const to = from + chunk - 1
      const entry: ChunkEntry = {
        value: null,
        promise: fetch(traceId, from, to).then(
          (d) => (entry.value = toTraceWindow(d, from, to, ts)),
          (err: unknown) => {
            chunks.delete(key) // a failed fetch is retried next time
            throw err
          }
        )
      }
      e = entry
    }
    touch(chunks, key, e, maxChunks)
    return e
  }
  const span = (f0: number, f1: number) => chunkSpan(Math.min(f0, last), Math.min(f1, last), chunk)
  const assemble = (traceId: string, from: number, to: number, parts: readonly TraceWindow[]) => {
    const key = `${traceId}:${from}:${to}`
    const w = concatWindows(traceId, parts, from, to)
    touch(assembled, key, w, 16)
    return w
  }
  return {
    async window(traceId, f0, f1) {
      const [from, to] = span(f0, f1)
      const hit = assembled.get(`${traceId}:${from}:${to}`)
      if (hit) return hit
      const parts: Promise<TraceWindow>[] = []
      for (let c = from / chunk; c <= (to + 1) / chunk - 1; c++) parts.push(chunkEntry(traceId, c).promise)
      return assemble(traceId, from, to, await Promise.all(parts))
    },
    peek(traceId, f0, f1) {
      const [from, to] = span(f0, f1)
      const hit = assembled.get(`${traceId}:${from}:${to}`)
      if (hit) return hit
      const parts: TraceWindow[] = []
      for (let c = from / chunk; c <= (to + 1) / chunk - 1; c++) {
        const e = chunks.get(`${traceId}:${c}`)
        if (!e?.value) return null
        parts.push(e.value)
      }
      return assemble(traceId, from, to, parts)
    },
    full(traceId) {
      let p = fulls.get(traceId)
      if (!p) {
        p = fetch(traceId).then((d) => toTraceWindow(d, 0, last, ts))
        p.catch(() => fulls.delete(traceId))
      }
      touch(fulls, traceId, p, maxFull)
      return p
    }
  }
}
