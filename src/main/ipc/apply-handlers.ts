import type { InvokeArgs, InvokeResult } from '../../shared/ipc/contract'
import type { ApplyInvokeMap } from '../../shared/ipc/contract-apply'
import type { AppContext } from '../services/app-context'

/** Binds the apply channels (spread into createHandlers). */
export function createApplyHandlers(ctx: AppContext): {
  readonly [K in keyof ApplyInvokeMap]: (args: InvokeArgs<K>) => InvokeResult<K> | Promise<InvokeResult<K>>
} {
  void ctx
  return {}
}
