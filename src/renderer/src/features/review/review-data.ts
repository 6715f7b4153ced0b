import type { SessionSummary, TraceOverview, TraceSummary } from '../../../../shared/domain'
import type { ReviewFacts, TraceExtraInfo } from '../../../../shared/review'
import { api } from '../../api'
import { decodeFloat64 } from '../../lib/session/frame-sync'
import { createTraceStore, OVERVIEW_BUCKETS, type TraceStore } from './trace-view'

/** A trace of the session: its summary and its whole-session envelope (full-resolution points come from the store). */
export interface ReviewTrace {
  readonly summary: TraceSummary
  readonly overview: TraceOverview
}

export interface ReviewData {
  readonly session: SessionSummary
  readonly facts: ReviewFacts
  readonly timestamps: Float64Array
  readonly traces: readonly ReviewTrace[]
  /** Full-resolution ranges, fetched lazily and cached per chunk (zoomed plots, circumplex, CSV, windowed CCC). */
  readonly store: TraceStore
  /** Per-frame model signals stored with prediction traces (attention, gates, quadrant probabilities). */
  readonly extras: readonly TraceExtraInfo[]
}

/**
 * Everything the workspace needs once per session: the traces as SQLite overviews (min/max/mean per bucket), never
 * every point (face and audio data and full-resolution trace ranges are fetched lazily by their panes).
 */
export async function loadReviewData(sessionId: string): Promise<ReviewData | null> {
  const client = api()
  const [session, traces, facts, extras] = await Promise.all([
    client.invoke('sessions:get', { sessionId }),
    client.invoke('traces:list', { sessionId }),
    client.invoke('sessions:facts', { sessionId }),
    client.invoke('traces:extras', { sessionId })
  ])
  const fetchRange = (traceId: string, fromFrame?: number, toFrame?: number) => client.invoke('traces:get', fromFrame === undefined || toFrame === undefined ? { traceId } : { traceId, fromFrame, toFrame })
  if (!session.video) return { session, facts, timestamps: new Float64Array(0), traces: [], store: createTraceStore(fetchRange, new Float64Array(0)), extras }
  const tsMsg = await client.invoke('sessions:timestamps', { sessionId })
  const timestamps = decodeFloat64(tsMsg.timestamps)
  const overviews = await Promise.all(traces.map((t) => client.invoke('traces:overview', { traceId: t.id, buckets: OVERVIEW_BUCKETS })))
  return { session, facts, timestamps, traces: traces.map((t, i) => ({ summary: t, overview: overviews[i] })), store: createTraceStore(fetchRange, timestamps), extras }
}
