import type { SessionSummary, TraceData, TraceSummary } from '../../shared/domain'
import { AppError } from '../../shared/ipc/errors'
import { getSession, listSessions } from '../db/queries/sessions'
import { getTracePoints, getTraceSummary, listTraces } from '../db/queries/traces'
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
      if (!getTraceSummary(ctx.db, traceId)) throw new AppError('NOT_FOUND', `no trace ${traceId}`)
      return getTracePoints(ctx.db, traceId, fromFrame, toFrame)
    }
  }
}
