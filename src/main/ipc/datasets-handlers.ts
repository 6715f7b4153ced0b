import type { InvokeArgs, InvokeResult } from '../../shared/ipc/contract'
import type { DatasetInvokeMap } from '../../shared/ipc/contract-datasets'
import type { AppContext } from '../services/app-context'

/** Binds the datasets channels (spread into createHandlers). */
export function createDatasetHandlers(ctx: AppContext): {
  readonly [K in keyof DatasetInvokeMap]: (args: InvokeArgs<K>) => InvokeResult<K> | Promise<InvokeResult<K>>
} {
  void ctx
  return {}
}
