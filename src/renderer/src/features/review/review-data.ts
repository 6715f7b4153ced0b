import type { SessionSummary, TraceData, TraceSummary } from '../../../../shared/domain'
import type { ReviewFacts } from '../../../../shared/review'
import { api } from '../../api'
import { decodeFloat64 } from './frame-sync'

/** A trace ready for drawing: values per point, and its x in seconds on the session's real timestamps. */
export interface LoadedTrace {
  readonly summary: TraceSummary
  readonly frames: Int32Array
  readonly time: Float64Array
  readonly valence: Float64Array
  readonly arousal: Float64Array
  /** Values indexed by frame (length = session frames; NaN where the trace has no point). */
  readonly byFrame: { readonly valence: Float64Array; readonly arousal: Float64Array }
}

export interface ReviewData {
  readonly session: SessionSummary
  readonly facts: ReviewFacts
  readonly timestamps: Float64Array
  readonly traces: readonly LoadedTrace[]
}

export function toLoadedTrace(summary: TraceSummary, d: TraceData, ts: Float64Array): LoadedTrace {
  const n = d.frames.length
  const frames = new Int32Array(n)
  const time = new Float64Array(n)
  const valence = new Float64Array(n)
  const arousal = new Float64Array(n)
  const bv = new Float64Array(ts.length).fill(NaN)
  const ba = new Float64Array(ts.length).fill(NaN)
  let k = 0
  for (let i = 0; i < n; i++) {
    const f = d.frames[i]
    if (f < 0 || f >= ts.length) continue // a point past the video is not drawn (never stretched)
    frames[k] = f
    time[k] = ts[f]
    valence[k] = d.valence[i] ?? NaN
    arousal[k] = d.arousal[i] ?? NaN
    bv[f] = valence[k]
    ba[f] = arousal[k]
    k++
  }
  return {
    summary,
    frames: frames.subarray(0, k),
    time: time.subarray(0, k),
    valence: valence.subarray(0, k),
    arousal: arousal.subarray(0, k),
    byFrame: { valence: bv, arousal: ba }
  }
}

/** Everything the workspace needs once per session (face and audio data are fetched lazily by their panes). */
export async function loadReviewData(sessionId: string): Promise<ReviewData | null> {
  const client = api()
  const [session, traces, facts] = await Promise.all([
    client.invoke('sessions:get', { sessionId }),
    client.invoke('traces:list', { sessionId }),
    client.invoke('sessions:facts', { sessionId })
  ])
  if (!session.video) return { session, facts, timestamps: new Float64Array(0), traces: [] }
  const tsMsg = await client.invoke('sessions:timestamps', { sessionId })
  const timestamps = decodeFloat64(tsMsg.timestamps)
  const data = await Promise.all(traces.map((t) => client.invoke('traces:get', { traceId: t.id })))
  return { session, facts, timestamps, traces: traces.map((t, i) => toLoadedTrace(t, data[i], timestamps)) }
}
