/**
 * Model-run signals of the review workspace, read from the per-frame extras stored with prediction traces
 * (`traces:extras` / `traces:extra`): attention windows (fetched in chunks around the playhead), the gate mean
 * (whole session: one float per frame) and quadrant probabilities (whole session: four per frame).
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import type { TraceExtraInfo } from '../../../../shared/review'
import { api } from '../../api'
import { decodeFloat32 } from '../../lib/session/frame-sync'
import type { AttentionData } from '../../widgets/attention-heatmap-data'

export interface SignalRun {
  readonly traceId: string
  readonly name: string
  readonly kinds: ReadonlyMap<string, { readonly dims: number; readonly frameCount: number }>
}

/** Prediction traces that carry attention, gates or quadrant probabilities; attention/gate runs first. */
export function signalRuns(extras: readonly TraceExtraInfo[]): SignalRun[] {
  const by = new Map<string, { name: string; kinds: Map<string, { dims: number; frameCount: number }> }>()
  for (const e of extras) {
    const r = by.get(e.traceId) ?? { name: e.traceName, kinds: new Map() }
    r.kinds.set(e.kind, { dims: e.dims, frameCount: e.frameCount })
    by.set(e.traceId, r)
  }
  const score = (k: ReadonlyMap<string, unknown>) => (k.has('attention') ? 2 : 0) + (k.has('gate_mean') ? 1 : 0)
  return [...by.entries()].map(([traceId, r]) => ({ traceId, name: r.name, kinds: r.kinds })).sort((a, b) => score(b.kinds) - score(a.kinds))
}

/** Extra kinds the attention, gating and circumplex panes draw (other kinds — AP σ, AU probabilities, a proposal's
 * spread — have panes of their own). */
export const MODEL_PANE_KINDS: readonly string[] = ['attention', 'gate_mean', 'gate_stats', 'quadrant_probs']

/** The runs the attention / gating / circumplex panes can show: those with at least one of their kinds. */
export function modelPaneRuns(runs: readonly SignalRun[]): SignalRun[] {
  return runs.filter((r) => MODEL_PANE_KINDS.some((k) => r.kinds.has(k)))
}

export const ATTENTION_CHUNK = 1024

/** Chunks [k·CHUNK, (k+1)·CHUNK) needed to show frames [from, to). */
export function chunksFor(from: number, to: number, frames: number, chunk = ATTENTION_CHUNK): number[] {
  const out: number[] = []
  const last = Math.min(frames, to) - 1
  for (let k = Math.floor(Math.max(0, from) / chunk); k * chunk <= last; k++) out.push(k)
  return out
}

async function whole(traceId: string, kind: string): Promise<Float32Array | null> {
  const r = await api().invoke('traces:extra', { traceId, kind })
  return r ? decodeFloat32(r.data) : null
}

export interface RunSeries {
  readonly gates: Float32Array | null
  /** frames × 4 (q1..q4), NaN where none. */
  readonly quadrants: Float32Array | null
}

const NO_SERIES: RunSeries = { gates: null, quadrants: null }

/** Whole-session per-frame series of a run (small: ≤ 4 floats per frame): gate mean and quadrant probabilities. */
export function useRunSeries(run: SignalRun | null): RunSeries {
  const [state, setState] = useState<{ traceId: string; series: RunSeries } | null>(null)
  useEffect(() => {
    if (!run) return
    let live = true
    void Promise.all([run.kinds.has('gate_mean') ? whole(run.traceId, 'gate_mean') : null, run.kinds.has('quadrant_probs') ? whole(run.traceId, 'quadrant_probs') : null]).then(
      ([gates, quadrants]) => live && setState({ traceId: run.traceId, series: { gates, quadrants } })
    )
    return () => {
      live = false
    }
  }, [run])
  return run && state?.traceId === run.traceId ? state.series : NO_SERIES
}

/** Attention windows of a run around the playhead: chunks of ATTENTION_CHUNK frames load as frames [from, to) need them. */
export function useAttention(run: SignalRun | null, frameCount: number, from: number, to: number): AttentionData | null {
  const att = useRef<{ traceId: string; lags: number; values: Float32Array; loaded: Set<number> } | null>(null)
  const [version, setVersion] = useState(0)
  const info = run?.kinds.get('attention')
  if (!run || !info) att.current = null
  else if (att.current?.traceId !== run.traceId) att.current = { traceId: run.traceId, lags: info.dims, values: new Float32Array(frameCount * info.dims).fill(NaN), loaded: new Set() }
  const a = att.current

  useEffect(() => {
    if (!a) return
    for (const k of chunksFor(from, to + ATTENTION_CHUNK / 4, frameCount)) {
      if (a.loaded.has(k)) continue
      a.loaded.add(k)
      void api()
        .invoke('traces:extra', { traceId: a.traceId, kind: 'attention', fromFrame: k * ATTENTION_CHUNK, toFrame: (k + 1) * ATTENTION_CHUNK - 1 })
        .then((r) => {
          if (!r) return
          const rows = decodeFloat32(r.data)
          a.values.set(rows.subarray(0, Math.max(0, Math.min(rows.length, a.values.length - r.fromFrame * a.lags))), r.fromFrame * a.lags)
          setVersion((v) => v + 1)
        })
        .catch(() => a.loaded.delete(k))
    }
  }, [a, from, to, frameCount])

  // A new object whenever chunks arrive, so the heatmap redraws.
  return useMemo(() => (a ? { frames: frameCount, lags: a.lags, values: a.values } : null), [a, frameCount, version])
}
