import type { InvokeArgs, InvokeResult } from '../../shared/ipc/contract'
import type { CompareInvokeMap } from '../../shared/ipc/contract-compare'
import type { AppContext } from '../services/app-context'

/** Binds the compare channels (spread into createHandlers). */
export function createCompareHandlers(ctx: AppContext): {
  readonly [K in keyof CompareInvokeMap]: (args: InvokeArgs<K>) => InvokeResult<K> | Promise<InvokeResult<K>>
} {
  void ctx
  return {}
}
