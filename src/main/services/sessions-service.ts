import type { SessionSummary, TraceData, TraceOverview, TraceSummary } from '../../shared/domain'
import { AppError } from '../../shared/ipc/errors'
import { getSession, listSessions } from '../db/queries/sessions'
import { getTraceOverview, getTracePoints, listTraces, traceExists } from '../db/queries/traces'
import type { AppContext } from './app-context'

export function sessionsService(ctx: AppContext) {
  const requireSession = (sessionId: string): SessionSummary => {
    const s = getSession(ctx.db, sessionId)
    if (!s) throw new AppError('NOT_FOUND', `no session ${sessionId}`)
    return s
  }
  return {
    list: (): SessionSummary[] => listSessions(ctx.db),
    get: requireSession,
    traces: (sessionId: string): TraceSummary[] => {
      requireSession(sessionId)
      return listTraces(ctx.db, sessionId)
    },
    trace: (traceId: string, fromFrame?: number, toFrame?: number): TraceData => {
      if (!traceExists(ctx.db, traceId)) throw new AppError('NOT_FOUND', `no trace ${traceId}`)
      return getTracePoints(ctx.db, traceId, fromFrame, toFrame)
    },
    /** Display envelope of the whole trace in at most `buckets` buckets (aggregated in SQLite). */
    overview: (traceId: string, buckets: number): TraceOverview => {
      if (!traceExists(ctx.db, traceId)) throw new AppError('NOT_FOUND', `no trace ${traceId}`)
      return getTraceOverview(ctx.db, traceId, buckets)
    }
  }
}
