import type { InvokeArgs, InvokeResult } from '../../shared/ipc/contract'
import type { ApplyInvokeMap } from '../../shared/ipc/contract-apply'
import type { AppContext } from '../services/app-context'
import { completionService } from '../services/completion/completion-service'
import { applyService } from '../services/training/apply-service'

/** Binds the apply channels (spread into createHandlers). */
export function createApplyHandlers(ctx: AppContext): {
  readonly [K in keyof ApplyInvokeMap]: (args: InvokeArgs<K>) => InvokeResult<K> | Promise<InvokeResult<K>>
} {
  const apply = applyService(ctx)
  const completion = completionService(ctx)
  return {
    'runs:apply': ({ runId, sessionIds }) => apply.apply(runId, sessionIds),
    'sessions:complete': ({ sessionId, traceId, options }) => completion.start(sessionId, traceId, options),
    'sessions:proposals': ({ sessionId, fromTraceId }) => completion.list(sessionId, fromTraceId),
    'sessions:discard-proposal': ({ traceId }) => completion.discard(traceId)
  }
}
