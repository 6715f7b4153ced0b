/**
 * The Affective Process's uncertainty in the trace plot (extras conventions in src/shared/review.ts): per AP trace
 * (a prediction trace with a 'va_sigma' extra) the band μ ± 2σ (AP_BAND_SIGMAS) around its V and A lines, and on
 * request its S sampled functions ('va_samples'). μ is the trace itself (every frame, from the trace store); σ and
 * the samples are fetched whole (2 and 2·S floats per frame) with `traces:extra`, the samples only when asked for.
 * Drawn over the visible range, decimated like the traces: per display bin the band keeps its lowest lower edge and
 * highest upper edge (a conservative envelope), a bin holding a gap breaks the band.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import { AP_BAND_SIGMAS, AP_EXTRA_KINDS, type TraceExtraInfo } from '../../../../shared/review'
import { api } from '../../api'
import { decodeFloat32 } from '../../lib/session/frame-sync'
import { decimateMinMax } from './decimate'
import type { TraceStore, TraceWindow } from './trace-view'

export type BandDim = 'valence' | 'arousal'

/** AP traces of the session: trace id → sample count S (0 when it stored no sampled functions). */
export function apTraces(extras: readonly TraceExtraInfo[]): Map<string, number> {
  const out = new Map<string, number>()
  for (const e of extras) if (e.kind === AP_EXTRA_KINDS.sigma && e.dims === 2) out.set(e.traceId, out.get(e.traceId) ?? 0)
  for (const e of extras) if (e.kind === AP_EXTRA_KINDS.samples && out.has(e.traceId) && e.dims % 2 === 0) out.set(e.traceId, e.dims / 2)
  return out
}

export interface BandXY {
  readonly x: Float64Array
  readonly lo: Float64Array
  readonly hi: Float64Array
}

/**
 * μ ± k·σ of one dimension over frames [f0, f1] (one frame beyond each edge), at the frames' times; NaN where μ or
 * σ is missing. `mu` is indexed by frame from 0, `sigma` is frames × 2.
 */
export function bandPoints(mu: Float64Array, sigma: Float32Array, dim: BandDim, ts: Float64Array, f0: number, f1: number, k = AP_BAND_SIGMAS): BandXY {
  const d = dim === 'valence' ? 0 : 1
  const a = Math.max(0, f0 - 1)
  const b = Math.min(ts.length - 1, mu.length - 1, sigma.length / 2 - 1, f1 + 1)
  const n = Math.max(0, b - a + 1)
  const x = new Float64Array(n)
  const lo = new Float64Array(n)
  const hi = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const f = a + i
    const m = mu[f]
    const s = sigma[2 * f + d]
    x[i] = ts[f]
    const ok = Number.isFinite(m) && Number.isFinite(s)
    lo[i] = ok ? m - k * s : NaN
    hi[i] = ok ? m + k * s : NaN
  }
  return { x, lo, hi }
}

/** At most `bins` points over [x0, x1]: per bin the min of `lo` and the max of `hi` at the bin's middle point; a gap in a bin breaks the band. */
export function decimateBand(b: BandXY, x0: number, x1: number, bins: number): BandXY {
  const n = b.x.length
  if (n <= 2 * bins) return b
  const w = (x1 - x0) / bins
  const ox: number[] = []
  const olo: number[] = []
  const ohi: number[] = []
  let i = 0
  while (i < n) {
    const bin = Math.floor((b.x[i] - x0) / w)
    let j = i
    let lo = Infinity
    let hi = -Infinity
    let gap = false
    while (j < n && Math.floor((b.x[j] - x0) / w) === bin) {
      if (Number.isNaN(b.lo[j])) gap = true
      else {
        lo = Math.min(lo, b.lo[j])
        hi = Math.max(hi, b.hi[j])
      }
      j++
    }
    const mid = b.x[(i + j - 1) >> 1]
    if (lo <= hi) {
      ox.push(mid)
      olo.push(lo)
      ohi.push(hi)
    }
    if (gap) {
      ox.push(mid)
      olo.push(NaN)
      ohi.push(NaN)
    }
    i = j
  }
  return { x: Float64Array.from(ox), lo: Float64Array.from(olo), hi: Float64Array.from(ohi) }
}

/** Sampled function s (0-based) of one dimension over frames [f0, f1], decimated to `bins` (min/max). */
export function sampleLine(samples: Float32Array, S: number, s: number, dim: BandDim, ts: Float64Array, f0: number, f1: number, bins: number): { x: Float64Array; y: Float64Array } {
  const col = 2 * s + (dim === 'valence' ? 0 : 1)
  const frames = samples.length / (2 * S)
  const a = Math.max(0, f0 - 1)
  const b = Math.min(ts.length - 1, frames - 1, f1 + 1)
  const n = Math.max(0, b - a + 1)
  const x = Float64Array.from({ length: n }, (_, i) => ts[a + i])
  const y = Float64Array.from({ length: n }, (_, i) => samples[(a + i) * 2 * S + col])
  return decimateMinMax(x, y, ts[Math.max(0, f0)] ?? 0, ts[Math.min(ts.length - 1, f1)] ?? 0, bins)
}

/** Mean band half-width (k·σ) of a dimension over frames [f0, f1] (for the plot's data attributes and tests). */
export function meanHalfWidth(sigma: Float32Array, dim: BandDim, f0: number, f1: number, k = AP_BAND_SIGMAS): number | null {
  const d = dim === 'valence' ? 0 : 1
  let sum = 0
  let n = 0
  for (let f = Math.max(0, f0); f <= Math.min(f1, sigma.length / 2 - 1); f++) {
    const s = sigma[2 * f + d]
    if (Number.isFinite(s)) {
      sum += k * s
      n++
    }
  }
  return n ? sum / n : null
}

export interface ApTraceData {
  readonly mu: TraceWindow
  readonly sigma: Float32Array
  readonly sampleCount: number
  /** frames × 2S once fetched (only while sampled functions are shown). */
  readonly samples: Float32Array | null
}

async function extra(traceId: string, kind: string): Promise<Float32Array | null> {
  const r = await api().invoke('traces:extra', { traceId, kind })
  return r ? decodeFloat32(r.data) : null
}

/**
 * The AP data of the session's AP traces among `ids`: μ (every frame), σ, and the sampled functions when
 * `withSamples`. Loads lazily, keeps what it loaded.
 */
export function useApData(sessionId: string | null, ids: readonly string[], store: TraceStore, withSamples: boolean): { readonly aps: Map<string, number>; readonly data: ReadonlyMap<string, ApTraceData> } {
  const [aps, setAps] = useState<Map<string, number>>(() => new Map())
  const [loaded, setLoaded] = useState<ReadonlyMap<string, ApTraceData>>(() => new Map())
  useEffect(() => {
    if (!sessionId) return
    let live = true
    void api()
      .invoke('traces:extras', { sessionId })
      .then((x) => live && setAps(apTraces(x)))
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [sessionId])
  const wanted = useMemo(() => ids.filter((id) => aps.has(id)), [ids, aps])
  const inFlight = useRef(new Set<string>())
  const mounted = useRef(true)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])
  useEffect(() => {
    for (const id of wanted) {
      const have = loaded.get(id)
      const S = aps.get(id) ?? 0
      if (have && (!withSamples || S === 0 || have.samples)) continue
      const key = `${id}:${withSamples && S > 0}`
      if (inFlight.current.has(key)) continue
      inFlight.current.add(key)
      void Promise.all([have ? have.mu : store.full(id), have ? have.sigma : extra(id, AP_EXTRA_KINDS.sigma), withSamples && S > 0 ? extra(id, AP_EXTRA_KINDS.samples) : null])
        .then(([mu, sigma, samples]) => {
          if (!mounted.current || !sigma) return
          setLoaded((m) => new Map(m).set(id, { mu, sigma, sampleCount: S, samples: samples ?? m.get(id)?.samples ?? null }))
        })
        .catch(() => undefined)
        .finally(() => inFlight.current.delete(key))
    }
  }, [wanted, withSamples, aps, store, loaded])
  return { aps, data: loaded }
}
